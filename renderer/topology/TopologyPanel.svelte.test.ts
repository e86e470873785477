// The output layer's Loss against the target: cross-entropy takes a numeric target only from 0 to
// 1 (probabilities), which the panel says under the field before Start, from the data's range.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { ColumnSummary, DatasetSummary } from '../../core/types';
import App from '../App.svelte';
import { FakeApi } from '../test/fake-api';

const numeric = (name: string, min: number, max: number): ColumnSummary => ({
  name,
  kind: 'numeric',
  missing: 0,
  min,
  max,
  mean: (min + max) / 2,
  distinct: 200,
});

const regression = (target: ColumnSummary): DatasetSummary => ({
  name: 'diabetes.csv',
  rows: 442,
  columns: [numeric('bmi', 18, 42.2), target],
  preview: [],
  suggestedRoles: ['input', 'target'],
});

async function opened(dataset: DatasetSummary) {
  const api = new FakeApi();
  api.dataset = dataset;
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('442 rows · 2 columns')).toBeVisible();
  return screen;
}

describe('the Loss of a numeric target', () => {
  it('says cross-entropy needs targets from 0 to 1, naming the column and its range', async () => {
    const screen = await opened(regression(numeric('progression', 25, 346)));
    const start = screen.getByRole('button', { name: 'Start training' });
    await expect.element(start).toBeEnabled();
    await screen.getByRole('combobox', { name: 'Output activation' }).selectOptions('sigmoid');
    await screen.getByRole('combobox', { name: 'Loss' }).selectOptions('cross-entropy');
    const message =
      'Cross-entropy needs targets from 0 to 1 (probabilities), but progression runs from 25 to 346: choose Mean squared error for a number.';
    await expect
      .element(screen.getByRole('region', { name: 'Topology' }).getByText(message))
      .toBeVisible();
    await expect.element(start).toBeDisabled();
    await screen.getByRole('combobox', { name: 'Loss' }).selectOptions('mse');
    await expect.element(page.getByText(message)).not.toBeInTheDocument();
    await expect.element(start).toBeEnabled();
  });

  it('takes probabilities, from 0 to 1, for cross-entropy', async () => {
    const screen = await opened(regression(numeric('p', 0, 1)));
    await screen.getByRole('combobox', { name: 'Output activation' }).selectOptions('sigmoid');
    await screen.getByRole('combobox', { name: 'Loss' }).selectOptions('cross-entropy');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });
});
