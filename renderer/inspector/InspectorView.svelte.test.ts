// The Backprop inspector tab, first shown with a dataset loaded (trained or not), inspects its row
// at once with the host's current weights; with nothing loaded it says so and asks nothing.
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
