// The loss curve as the user sees it: Chart.js on its canvas, fed by the training state.
import { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { epochs, FakeApi } from '../test/fake-api';

/** Iris loaded, training started: the chart and the fake host that feeds it. */
async function training() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  await screen.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => api.calls).toContain('start');
  const canvas = screen.container.querySelector('canvas')!;
  const chart = () => Chart.getChart(canvas)!;
  return { api, screen, chart, canvas };
}

/** The radius each line's points are drawn with. */
function radii(chart: Chart): number[][] {
  return chart.data.datasets.map((_, d) =>
    chart.getDatasetMeta(d).data.map((p) => (p.options as { radius: number }).radius),
  );
}

describe('the loss curve', () => {
  it('draws the first epoch as a dot (one point makes no line), then lines without dots', async () => {
    const { api, screen, chart } = await training();
    api.emitProgress({ points: epochs(1, 1), samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBe(1);
    await expect
      .element(screen.getByText('appears here once training starts'))
      .not.toBeInTheDocument();
    expect(radii(chart())).toEqual([[3], [3]]);
    api.emitProgress({ points: epochs(2, 2), samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBe(3);
    expect(radii(chart())).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
