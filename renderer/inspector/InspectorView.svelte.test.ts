// The Backprop inspector tab, first shown with a dataset loaded (trained or not), inspects its row
// at once with the host's current weights; with nothing loaded it says so and asks nothing.
import { userEvent } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { Inspection, InspectRequest } from '../../app/shared/api';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';
import { wideInspection } from './testing/wide-inspection';

/** A host whose inspections are the hand-made 3-5-1 one, every request recorded. */
function host() {
  const asked: InspectRequest[] = [];
  const api = Object.assign(new FakeApi(), {
    inspect: async (request: InspectRequest): Promise<Inspection> => {
      asked.push(request);
      api.calls.push('inspect');
      return wideInspection();
    },
  });
  return { api, asked };
}

const layerOptions = (select: Element) =>
  [...(select as HTMLSelectElement).options].map((o) => o.text.trim());

describe('the Backprop inspector tab', () => {
  it('inspects the first row at once when first shown after a run', async () => {
    const { api, asked } = host();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 10), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    await expect.element(screen.getByRole('button', { name: 'Reset' })).toBeEnabled();
    expect(asked).toEqual([]);

    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    await expect.element(screen.getByText('Training row 0 of 4', { exact: false })).toBeVisible();
    expect(asked).toEqual([{ row: 0, batchMean: false }]);
    const layer = screen.getByRole('combobox', { name: 'Layer' });
    await expect.element(layer).toBeEnabled();
    expect(layerOptions(layer.element())).toEqual([
      '1 (input)',
      '2 (hidden)',
      '3 (output)',
      'All layers',
    ]);
    await expect.element(layer).toHaveValue('2');
    expect(screen.container.textContent).not.toContain('Nothing to inspect yet');
  });

  it('inspects a dataset loaded but not trained, with the weights the host sets up for it', async () => {
    const { api, asked } = host();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();

    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    await expect.element(screen.getByText('Training row 0 of 4', { exact: false })).toBeVisible();
    expect(asked).toHaveLength(1);
    // The host is brought to the network on screen first, then asked.
    const calls = api.calls.slice(api.calls.indexOf('openDatasetDialog'));
    expect(calls.indexOf('configure')).toBeGreaterThan(-1);
    expect(calls.indexOf('configure')).toBeLessThan(calls.indexOf('inspect'));
  });

  it('with no dataset says there is nothing to inspect, and asks the host nothing', async () => {
    const { api, asked } = host();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    await expect
      .element(screen.getByText('Nothing to inspect yet', { exact: false }))
      .toBeVisible();
    expect(asked).toEqual([]);
    expect(screen.container.querySelector('[role="alert"]')).toBeNull();
  });
});

/**
 * A host whose training rows the test sets (`rows.n`): it inspects the row asked for and refuses
 * one past them, as the training process does.
 */
function rowsHost() {
  const asked: InspectRequest[] = [];
  const rows = { n: 4 };
  const api = Object.assign(new FakeApi(), {
    inspect: async (request: InspectRequest): Promise<Inspection> => {
      asked.push(request);
      api.calls.push('inspect');
      const row = request.row === 'worst' ? 0 : request.row;
      if (row >= rows.n)
        throw new Error(`Inspect: row ${row} does not exist; training rows are 0 to ${rows.n - 1}`);
      return { ...wideInspection(), row, trainingRows: rows.n };
    },
  });
  return { api, asked, rows };
}

/** Iris loaded, the inspector tab open on training row 2. */
async function onRow2(api: FakeApi) {
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
  await expect.element(screen.getByText('Training row 0 of 4', { exact: false })).toBeVisible();
  await screen.getByRole('spinbutton', { name: 'Row' }).fill('2');
  await userEvent.keyboard('{Tab}');
  await expect.element(screen.getByText('Training row 2 of 4', { exact: false })).toBeVisible();
  return screen;
}

describe('the open inspector tab, when the network becomes another', () => {
  it('inspects the row picked again when a new dataset loads, without Refresh', async () => {
    const { api, asked } = rowsHost();
    const screen = await onRow2(api);
    const before = asked.length;
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.poll(() => asked.slice(before)).toEqual([{ row: 2, batchMean: false }]);
    await expect.element(screen.getByText('Training row 2 of 4', { exact: false })).toBeVisible();
    expect(screen.container.textContent).not.toContain('Press Refresh');
    // the host was set up for the new dataset before it was asked
    const calls = api.calls.slice(api.calls.lastIndexOf('openDatasetDialog'));
    expect(calls.indexOf('configure')).toBeGreaterThan(-1);
    expect(calls.indexOf('configure')).toBeLessThan(calls.indexOf('inspect'));
  });

  it('goes to row 0 when the row picked no longer exists, with no error left', async () => {
    const { api, asked, rows } = rowsHost();
    const screen = await onRow2(api);
    const before = asked.length;
    rows.n = 2; // the new data has training rows 0 and 1
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('Training row 0 of 2', { exact: false })).toBeVisible();
    expect(asked.slice(before)).toEqual([
      { row: 2, batchMean: false },
      { row: 0, batchMean: false },
    ]);
    expect(screen.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('waits through a settings edit, then inspects again when Start sets the network up', async () => {
    const { api, asked } = rowsHost();
    const screen = await onRow2(api);
    const before = asked.length;
    await screen.getByLabelText('Validation %').fill('25');
    await userEvent.keyboard('{Tab}');
    await expect
      .element(screen.getByText('Press Refresh (or pick a row) to inspect', { exact: false }))
      .toBeVisible();
    // typing in a field asks the host nothing
    expect(asked.length).toBe(before);
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => asked.slice(before)).toEqual([{ row: 2, batchMean: false }]);
    await expect.element(screen.getByText('Training row 2 of 4', { exact: false })).toBeVisible();
    const calls = api.calls.slice(api.calls.lastIndexOf('configure'));
    expect(calls).toContain('inspect');
  });
});
