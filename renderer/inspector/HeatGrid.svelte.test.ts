// The heat map of a block sent of a larger matrix: the note names the whole's shape, and colours
// keep the meaning they have on the whole matrix (scaled by its largest |value|, not the block's).
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import HeatGrid from './HeatGrid.svelte';
import { block, change, matrix } from './grid';

const cellName = (r: number, c: number) => `w${r},${c}`;
/** The cells' tints, row-major, as [sign, percent] from their style (the sign palette's property). */
const colours = (container: HTMLElement) =>
  [...container.querySelectorAll('td')].map((td) => {
    const m = /var\(--(positive|negative)\) ([\d.]+)%/.exec(td.style.backgroundColor);
    if (!m) throw new Error(`not a sign colour: ${td.style.backgroundColor}`);
    return [m[1], Number(m[2])] as const;
  });
/** The tint of v on a scale of ±scale: the sign's colour, 8 % + 52 % of |v|/scale. */
const colour = (v: number, scale: number) =>
  [v >= 0 ? 'positive' : 'negative', 8 + 52 * Math.min(1, Math.abs(v) / scale)] as const;
function expectColours(
  actual: (readonly [string, number])[],
  expected: (readonly [string, number])[],
): void {
  expect(actual.map((c) => c[0])).toEqual(expected.map((c) => c[0]));
  actual.forEach((c, i) => expect(c[1]).toBeCloseTo(expected[i][1], 1));
}

it('names the whole shape of a sent block and colours it on the whole’s scale', async () => {
  const values = [
    [0.5, -1],
    [2, 0],
  ];
  const grid = block(values, 300, 200, 8);
  const screen = await render(HeatGrid, { props: { name: 'W⁽³⁾', grid, cellName, limit: 2 } });
  await expect.element(screen.getByRole('grid', { name: 'W⁽³⁾, 300 × 200' })).toBeVisible();
  await expect
    .element(screen.getByText('Showing the first 2 of 300 rows and 2 of 200 columns.'))
    .toBeVisible();
  // A screen reader is told the whole's size, each cell's place in it, and the note.
  const table = screen.getByRole('grid');
  await expect.element(table).toHaveAttribute('aria-rowcount', '300');
  await expect.element(table).toHaveAttribute('aria-colcount', '200');
  await expect
    .element(table)
    .toHaveAccessibleDescription('Showing the first 2 of 300 rows and 2 of 200 columns.');
  const cells = [...screen.container.querySelectorAll('td')];
  expect(cells.map((td) => [td.parentElement!.ariaRowIndex, td.ariaColIndex])).toEqual([
    ['1', '1'],
    ['1', '2'],
    ['2', '1'],
    ['2', '2'],
  ]);
  expectColours(
    colours(screen.container),
    values.flat().map((v) => colour(v, 8)),
  );
});

it('draws a matrix that fits on its own scale, with no note', async () => {
  const values = [
    [0.5, -1],
    [2, 0],
  ];
  const screen = await render(HeatGrid, { props: { name: 'W', grid: matrix(values), cellName } });
  expectColours(
    colours(screen.container),
    values.flat().map((v) => colour(v, 2)),
  );
  expect(screen.container.querySelector('.note')).toBeNull();
  // The whole matrix is there: no count to give beyond the grid's own rows and columns.
  await expect.element(screen.getByRole('grid')).not.toHaveAttribute('aria-rowcount');
});

it("draws a block's change on the scale of the change shown", async () => {
  const now = block([[1, 2]], 40, 3, 9);
  const d = change(now, block([[0.5, 3]], 40, 3, 8));
  const screen = await render(HeatGrid, {
    props: { name: 'W', grid: now, cellName, change: d, showChange: true },
  });
  expectColours(colours(screen.container), [colour(0.5, 1), colour(-1, 1)]);
  await expect
    .element(screen.getByText('Showing the first 1 of 40 rows and 2 of 3 columns.'))
    .toBeVisible();
});

describe('the keyboard (the ARIA grid pattern)', () => {
  /** 3 × 12, too wide for numbers in the cells: v = r + c / 100. */
  const values = Array.from({ length: 3 }, (_, r) =>
    Array.from({ length: 12 }, (_, c) => r + c / 100),
  );
  const tabStops = (container: HTMLElement) =>
    [...container.querySelectorAll('td')].filter((td) => td.tabIndex === 0);

  it('is one Tab stop whose arrow keys, Home and End show and announce the cell', async () => {
    const screen = await render(HeatGrid, { props: { name: 'W', grid: matrix(values), cellName } });
    const grid = screen.getByRole('grid', { name: 'W, 3 × 12' });
    await expect.element(grid).toBeVisible();
    expect(tabStops(screen.container)).toHaveLength(1);
    await userEvent.tab();
    const first = screen.getByRole('gridcell', { name: 'w0,0 = 0, row 1, column 1', exact: true });
    await expect.element(first).toHaveFocus();
    // written under the grid, as hovering shows it
    await expect.element(screen.getByText('w0,0 = 0, row 1, column 1')).toBeVisible();

    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowDown}');
    const cell = screen.getByRole('gridcell', { name: 'w1,2 = 1.02, row 2, column 3' });
    await expect.element(cell).toHaveFocus();
    await expect
      .element(screen.getByText('w1,2 = 1.02, row 2, column 3', { exact: true }))
      .toBeVisible();
    // the Tab stop follows the focus: Tab out and back lands on the same cell
    expect(tabStops(screen.container)).toEqual([cell.element()]);

    await userEvent.keyboard('{End}');
    await expect
      .element(screen.getByRole('gridcell', { name: 'w1,11 = 1.11, row 2, column 12' }))
      .toHaveFocus();
    await userEvent.keyboard('{ArrowRight}{Home}');
    await expect
      .element(screen.getByRole('gridcell', { name: 'w1,0 = 1, row 2, column 1' }))
      .toHaveFocus();
    await userEvent.keyboard('{Control>}{End}{/Control}');
    await expect
      .element(screen.getByRole('gridcell', { name: 'w2,11 = 2.11, row 3, column 12' }))
      .toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{Control>}{Home}{/Control}{ArrowUp}{ArrowLeft}');
    await expect.element(first).toHaveFocus();

    // Leaving the grid takes the written value away.
    await userEvent.tab();
    expect(screen.container.querySelector('.readout')).toBeNull();
  });

  it('keeps the mouse as it was: a click writes nothing under the grid', async () => {
    const screen = await render(HeatGrid, { props: { name: 'W', grid: matrix(values), cellName } });
    const cell = screen.getByRole('gridcell', { name: 'w1,2 = 1.02, row 2, column 3' });
    expect(cell.element().getAttribute('title')).toBe('w1,2 = 1.02');
    await cell.click();
    expect(screen.container.querySelector('.readout')).toBeNull();
  });
});
