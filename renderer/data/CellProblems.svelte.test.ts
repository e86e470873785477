// A file with cells training cannot take says so when it loads, per column and in Start's own
// words, and "leave out" lets training start without those rows (and says how many went).
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { readCsv } from '../../core/csv';
import { summarize } from '../../core/dataset';
import App from '../App.svelte';
import { FakeApi, FINISHED } from '../test/fake-api';

/** The summary the training process sends for this text (core's summarize, as it runs). */
const summaryOf = (text: string, name: string) => summarize(readCsv(text, name));

// Row 3: x1 empty; row 5: x2 beyond a float64; row 7: x2 empty.
const MISSING = 'x1,x2,y\n1,2,a\n,4,b\n5,6,a\n7,1e999,b\n9,10,b\n11,,a\n13,14,b\n';
// Row 3: x1 empty; row 5: x2 beyond a float64; row 7: x1 and x2 empty; x3 (clean) ignored.
const TWICE = 'x1,x2,x3,y\n1,2,1,a\n,4,2,b\n5,6,3,a\n7,1e999,4,b\n9,10,5,b\n,,6,a\n13,14,7,b\n';

async function open(text: string, name: string) {
  const api = new FakeApi();
  api.dataset = summaryOf(text, name);
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText(`${name}`, { exact: true })).toBeVisible();
  return { api, screen };
}

describe('cells training cannot take, on loading', () => {
  it('lists them per column, empty and invalid apart, and says why Start is disabled in its words', async () => {
    const { screen } = await open(MISSING, 'missing.csv');
    const list = screen.getByRole('list', { name: 'Cells training cannot take' });
    await expect.element(list).toBeVisible();
    expect(
      list
        .getByRole('listitem')
        .elements()
        .map((li) => li.textContent),
    ).toEqual([
      'x1: 1 empty cell (row 3)',
      'x2: 1 invalid cell (row 5 has "1e999", which is too large for a float64 (at most ±1.8e308))',
      'x2: 1 empty cell (row 7)',
    ]);
    // The column table counts them apart: 1e999 is no missing cell.
    const x2 = screen.getByRole('row', { name: /^x2/ });
    expect(
      x2
        .getByRole('cell')
        .elements()
        .slice(-2)
        .map((td) => td.textContent),
    ).toEqual(['1', '1']);
    // Start's error (app/utility/prepare → core encode), beside the choice, and Start disabled.
    const choice = screen.getByRole('combobox', { name: 'Rows with empty or invalid cells' });
    await expect.element(choice).toHaveValue('refuse');
    await expect
      .element(choice)
      .toHaveAccessibleDescription('missing.csv: row 3, column 1 "x1" is empty');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
  });

  it('leave out: Start is enabled, the config says so, and the panel says exactly how many rows go', async () => {
    // Row 3: x1 empty; row 5: x2 beyond a float64; row 7: x1 and x2 both empty (one row).
    const { api, screen } = await open(TWICE, 'twice.csv');
    const choice = screen.getByRole('combobox', { name: 'Rows with empty or invalid cells' });
    await choice.selectOptions('leave out');
    await expect.element(choice).toHaveAccessibleDescription('3 rows left out');
    // The status line says it too, in the same words.
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent('Ready to train a 2–2 network3 rows left out');
    const start = screen.getByRole('button', { name: 'Start training' });
    await expect.element(start).toBeEnabled();
    await start.click();
    await expect.poll(() => api.configured?.badRows).toBe('leave-out');
    // Once trained, the run's count, here, on the status line and in the Results.
    api.emitFinished({ ...FINISHED, leftOut: 3 });
    await expect.element(status).toHaveTextContent(/^Finished.*3 rows left out$/);
    await expect.element(choice).toHaveAccessibleDescription('3 rows left out');
    await screen.getByRole('tab', { name: 'Results' }).click();
    await expect
      .element(screen.getByText(/^3 rows left out \(an empty or invalid cell\)/))
      .toBeVisible();
  });

  it('counts again when a column is ignored or used, and says nothing once no row goes', async () => {
    const { screen } = await open(TWICE, 'twice.csv');
    const choice = screen.getByRole('combobox', { name: 'Rows with empty or invalid cells' });
    await choice.selectOptions('leave out');
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(choice).toHaveAccessibleDescription('3 rows left out');
    // Without x1: rows 5 and 7 (x2).
    await screen.getByRole('combobox', { name: 'x1' }).selectOptions('ignored');
    await expect.element(choice).toHaveAccessibleDescription('2 rows left out');
    await expect.element(status).toHaveTextContent(/2 rows left out$/);
    // Without x2 but with x1 again: rows 3 and 7.
    await screen.getByRole('combobox', { name: 'x1' }).selectOptions('input');
    await screen.getByRole('combobox', { name: 'x2' }).selectOptions('ignored');
    await expect.element(choice).toHaveAccessibleDescription('2 rows left out');
    // A file whose only such cells are in an ignored column leaves nothing out, and says nothing.
    await screen.getByRole('combobox', { name: 'x1' }).selectOptions('ignored');
    await screen.getByRole('combobox', { name: 'x3' }).selectOptions('input');
    await expect.element(choice).not.toHaveAccessibleDescription();
    await expect.element(status).toHaveTextContent(/network$/);
    expect(screen.getByText(/rows? left out$/).elements()).toHaveLength(0);
  });

  it('names the column with the only problem and counts its rows exactly', async () => {
    const { screen } = await open('x1,y\n1,a\n2,b\n,a\n4,b\n', 'one.csv');
    await screen
      .getByRole('combobox', { name: 'Rows with empty or invalid cells' })
      .selectOptions('leave out');
    await expect.element(screen.getByText('1 row left out', { exact: true }).first()).toBeVisible();
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(/1 row left out$/);
  });

  it('says nothing and offers nothing for a clean file; an ignored column does not count', async () => {
    const { screen } = await open('id,x1,y\n1,5,a\n,2,b\n3,7,a\n', 'clean.csv');
    // The id column (suggested ignored) has an empty cell: shown in the table, not a problem.
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(/^Ready to train/);
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeEnabled();
    expect(
      screen.getByRole('list', { name: 'Cells training cannot take' }).elements(),
    ).toHaveLength(0);
  });

  it("a single-class target: Start's error on loading", async () => {
    const { screen } = await open('x1,y\n1,a\n', 'one-row.csv');
    const message =
      'one-row.csv: the target column 2 "y" has a single class "a"; a classifier needs at least two';
    // Beside the roles, and as the status line's reason.
    await expect.element(screen.getByText(message).first()).toBeVisible();
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(message);
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
  });
});
