// The decision surface's axes name a one-hot text column's units by their categories, as the
// model file and W1.csv do ("colour=red"), not by number ("colour #1").
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { SurfaceResult } from '../../app/shared/api';
import type { DatasetSummary } from '../../core/types';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';

const PAINT: DatasetSummary = {
  name: 'paint.csv',
  rows: 4,
  columns: [
    {
      name: 'colour',
      kind: 'text',
      missing: 0,
      min: null,
      max: null,
      mean: null,
      distinct: 3,
      categories: ['red', 'blue', 'green'],
    },
    { name: 'size', kind: 'numeric', missing: 0, min: 1, max: 9, mean: 4, distinct: 4 },
    {
      name: 'dries',
      kind: 'text',
      missing: 0,
      min: null,
      max: null,
      mean: null,
      distinct: 2,
      categories: ['fast', 'slow'],
    },
  ],
  preview: [['red', '1', 'fast']],
  suggestedRoles: ['input', 'input', 'target'],
};

const PLANE: SurfaceResult = {
  xRange: [0, 1],
  yRange: [1, 9],
  resolution: 2,
  outputs: [
    [0.9, 0.2, 0.7, 0.1],
    [0.1, 0.8, 0.3, 0.9],
  ],
  hidden: [],
  points: [
    { x: 0, y: 1, target: 0 },
    { x: 1, y: 9, target: 1 },
  ],
  totalPoints: 2,
  labels: ['fast', 'slow'],
  output: 0,
};

describe('the Decision surface tab', () => {
  it('names the units of a one-hot input by its categories, as the model file does', async () => {
    const api = new FakeApi();
    api.dataset = PAINT;
    api.decisionSurface = async () => PLANE;
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('4 rows · 3 columns')).toBeVisible();
    await screen.getByRole('tab', { name: 'Decision surface' }).click();

    const horizontal = screen.getByRole('combobox', { name: 'Horizontal input' });
    const options = () =>
      [...(horizontal.element() as HTMLSelectElement).options].map((o) => o.text);
    await expect.poll(options).toEqual(['colour=red', 'colour=blue', 'colour=green', 'size']);
    await horizontal.selectOptions('colour=blue');
    await screen.getByRole('combobox', { name: 'Vertical input' }).selectOptions('size');
    await screen.getByRole('button', { name: 'Draw surface' }).click();
    await expect
      .element(
        screen.getByLabelText('Decision surface over colour=blue and size, 2 training points'),
      )
      .toBeVisible();

    // the roles change: the names follow the inputs on screen
    await screen.getByRole('combobox', { name: 'colour' }).selectOptions('target');
    await screen.getByRole('combobox', { name: 'dries' }).selectOptions('input');
    await expect.poll(options).toEqual(['size', 'dries=fast', 'dries=slow']);
  });

  it('draws a run trained before the tab was first shown, following training', async () => {
    const api = new FakeApi();
    api.dataset = PAINT;
    let asked = 0;
    api.decisionSurface = async () => (asked++, PLANE);
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('4 rows · 3 columns')).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 10), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    await expect.element(screen.getByRole('button', { name: 'Reset' })).toBeEnabled();
    expect(asked).toBe(0);
    await screen.getByRole('tab', { name: 'Decision surface' }).click();
    await expect
      .element(
        screen.getByLabelText(
          'Decision surface over colour=red and colour=blue, 2 training points',
        ),
      )
      .toBeVisible();
    expect(asked).toBe(1);
  });

  it('starts its axes on inputs that vary: not on a pixel blank in every image', async () => {
    // digits.csv: px0 is 0 in every row; it was the horizontal axis, every point on one line
    const api = new FakeApi();
    const pixel = (name: string, max: number) => ({
      name,
      kind: 'numeric' as const,
      missing: 0,
      min: 0,
      max,
      mean: max / 4,
      distinct: max + 1,
    });
    api.dataset = {
      name: 'digits.csv',
      rows: 4,
      columns: [
        pixel('px0', 0),
        pixel('px1', 8),
        pixel('px2', 16),
        { name: 'digit', kind: 'text', missing: 0, min: null, max: null, mean: null, distinct: 2 },
      ],
      preview: [['0', '1', '2', 'a']],
      suggestedRoles: ['input', 'input', 'input', 'target'],
    };
    const asked: { xFeature: number; yFeature: number }[] = [];
    api.decisionSurface = async (request) => (asked.push(request), PLANE);
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('4 rows · 4 columns')).toBeVisible();
    await screen.getByRole('tab', { name: 'Decision surface' }).click();
    await expect
      .element(screen.getByRole('combobox', { name: 'Horizontal input' }))
      .toHaveDisplayValue('px1');
    await expect
      .element(screen.getByRole('combobox', { name: 'Vertical input' }))
      .toHaveDisplayValue('px2');
    await screen.getByRole('button', { name: 'Draw surface' }).click();
    await expect.poll(() => asked.at(-1)).toMatchObject({ xFeature: 1, yFeature: 2 });
    // the user may still pick the blank pixel, and it stays picked
    await screen.getByRole('combobox', { name: 'Horizontal input' }).selectOptions('px0');
    await screen.getByRole('button', { name: 'Draw surface' }).click();
    await expect.poll(() => asked.at(-1)).toMatchObject({ xFeature: 0, yFeature: 2 });
  });
});
