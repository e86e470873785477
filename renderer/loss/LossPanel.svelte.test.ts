// The loss curve as the user sees it: Chart.js on its canvas, fed by the training state.
import { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { epochs, FakeApi } from '../test/fake-api';
import { parseColour, type Rgb } from '../theme/sign';
import { palettes } from '../theme/testing';
import { formatValue } from '../training/format';

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
    // The points share one set of resolved options, as they did before the dot: options Chart.js
    // has to resolve for each point (a scriptable radius) made a long run's updates so slow
    // that the page fell seconds behind.
    for (const d of [0, 1])
      for (const p of chart().getDatasetMeta(d).data)
        expect((p.options as { $shared?: boolean }).$shared).toBe(true);
  });

  it('hovering a long, noisy run shows the epoch and both losses of that epoch', async () => {
    const { api, chart, canvas } = await training();
    const train = (e: number) => (1 + 0.2 * Math.sin(e * 2.3)) / e;
    const validation = (e: number) => (1.2 + 0.3 * Math.sin(e * 1.7)) / e;
    const points = epochs(1, 6000).map((p) => ({
      ...p,
      trainLoss: train(p.epoch),
      validationLoss: validation(p.epoch),
    }));
    api.emitProgress({ points, samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBeGreaterThan(2000);
    const c = chart();
    const box = canvas.getBoundingClientRect();
    for (const f of [0.3, 0.5, 0.7, 0.9]) {
      const x = c.chartArea.left + (c.chartArea.right - c.chartArea.left) * f;
      canvas.dispatchEvent(
        new MouseEvent('mousemove', {
          clientX: box.left + x,
          clientY: box.top + c.chartArea.top + 20,
          bubbles: true,
        }),
      );
      const hovered = c.scales.x.getValueForPixel(x)!;
      // "Epoch 3,497", as the status line writes it
      const epochOf = () =>
        Number(/^Epoch (\d,\d{3})$/.exec(c.tooltip?.title?.[0] ?? '')?.[1].replace(',', ''));
      await expect.poll(() => Math.abs(epochOf() - hovered)).toBeLessThan(50);
      const epoch = epochOf();
      expect(c.tooltip!.body.map((b) => b.lines)).toEqual([
        [`Train loss: ${formatValue(train(epoch))}`],
        [`Validation loss: ${formatValue(validation(epoch))}`],
      ]);
    }
  });

  it('on a log scale, numbers the loss axis of a run whose loss stays within a decade', async () => {
    // 50,000 epochs of iris at learning rate 0.0001: the loss went from 0.9 to 0.34, and the log
    // axis, which labelled only powers of ten, had no number at all
    const { api, screen, chart } = await training();
    const points = epochs(1, 300).map((p) => ({
      ...p,
      trainLoss: 0.34 + 0.56 / p.epoch ** 0.3,
      validationLoss: 0.4 + 0.5 / p.epoch ** 0.3,
    }));
    api.emitProgress({ points, samplesPerSecond: 100, state: 'running' });
    await screen.getByRole('radio', { name: 'Log' }).click();
    await expect.poll(() => chart().scales.y.type).toBe('logarithmic');
    const labels = () =>
      chart()
        .scales.y.getTicks()
        .map((t) => String(t.label ?? ''))
        .filter((l) => l !== '');
    await expect.poll(() => labels().length).toBeGreaterThanOrEqual(2);
    // each a value on the axis's span
    for (const label of labels()) expect(Number(label)).toBeGreaterThan(0.3);
    for (const label of labels()) expect(Number(label)).toBeLessThanOrEqual(1);
  });

  it('starts the epoch axis at 0 when the only point is epoch 0 (a run that diverged at once)', async () => {
    // Its one point sat in an axis from epoch -1 to 1
    const { api, chart } = await training();
    api.emitProgress({ points: epochs(0, 1), samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBe(1);
    expect(chart().scales.x.min).toBe(0);
    expect(
      chart()
        .scales.x.getTicks()
        .map((t) => t.value),
    ).not.toContain(-1);
  });

  it('writes the ticks of a loss that barely moves apart, not the same number each', async () => {
    // A run stuck on a plateau (learning rate 1e-6, or dead units): its loss moved by 1e-6 over
    // the run, and four significant digits wrote every tick of the axis "1.099"
    const { api, chart } = await training();
    const points = epochs(1, 200).map((p) => ({
      ...p,
      trainLoss: 1.0986123 - 5e-9 * p.epoch,
      validationLoss: 1.0986125 - 5e-9 * p.epoch,
    }));
    api.emitProgress({ points, samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBeGreaterThan(100);
    const labels = chart()
      .scales.y.getTicks()
      .map((t) => String(t.label ?? ''));
    expect(labels.length).toBeGreaterThan(2);
    const values = chart()
      .scales.y.getTicks()
      .map((t) => t.value);
    // alike only where the values are (Chart.js may end on its max, the last tick's value again)
    expect(new Set(labels).size).toBe(new Set(values).size);
    expect(new Set(values).size).toBeGreaterThan(2);
  });

  it('says how a long run is drawn, and that the table lists the drawn points', async () => {
    const { api, screen, chart } = await training();
    api.emitProgress({ points: epochs(1, 5000), samplesPerSecond: 100, state: 'running' });
    const hint = screen.getByText('min–max per 4 epochs');
    await expect.element(hint).toBeVisible();
    await expect
      .element(hint)
      .toHaveAttribute(
        'title',
        'Each run of 4 epochs is drawn at its lowest and highest train and validation loss, and so is the table; the saved project keeps every epoch.',
      );
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    // a header row, then one row per drawn epoch
    await expect
      .element(table.getByRole('row'))
      .toHaveLength(chart().data.datasets[0].data.length + 1);
  });

  it('the table follows a run at most once a second, ending on the newest epoch', async () => {
    const { api, screen } = await training();
    await screen.getByRole('button', { name: 'Show table' }).click();
    const rows = screen.getByRole('table', { name: 'Loss curve points' }).getByRole('row');
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 100, state: 'running' });
    await expect.element(rows).toHaveLength(4);
    // batches as fast as a quick run sends them: the rows are not laid out again for each
    const shown: number[] = [];
    for (let from = 4; from < 4 + 10 * 5; from += 5) {
      api.emitProgress({ points: epochs(from, 5), samplesPerSecond: 100, state: 'running' });
      await new Promise((r) => setTimeout(r, 30));
      shown.push(rows.elements().length);
    }
    expect(new Set(shown).size).toBeLessThanOrEqual(2);
    await expect.element(rows).toHaveLength(53 + 1);
    // Reset empties it at once
    await screen.getByRole('button', { name: 'Pause' }).click();
    await screen.getByRole('button', { name: 'Reset', exact: true }).click();
    const dialog = screen.getByRole('dialog', { name: 'Reset to fresh weights?' });
    await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.element(screen.getByText('No epochs yet.')).toBeVisible();
  });

  it('exports the loss history once there is an epoch; a failure shows as export errors do', async () => {
    const { api, screen } = await training();
    const exportButton = screen.getByRole('button', { name: 'Export loss history…' });
    await expect.element(exportButton).toBeDisabled();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    await expect.element(exportButton).toBeEnabled();
    await exportButton.click();
    await expect.poll(() => api.calls).toContain('exportLosses');
    await expect
      .element(screen.getByText('Loss history exported to /tmp/iris-loss.csv'))
      .toBeVisible();
    // File ▸ Export Loss History… in the desktop app does the same.
    api.emitMenu('export-losses');
    await expect.poll(() => api.calls.filter((c) => c === 'exportLosses')).toHaveLength(2);
    api.exportLosses = async () => {
      throw new Error('/tmp/iris-loss.csv: permission denied');
    };
    await exportButton.click();
    await expect.element(screen.getByText('/tmp/iris-loss.csv: permission denied')).toBeVisible();
  });
});

describe('the legend', () => {
  it('names only the lines drawn: no "Validation loss" without a validation split', async () => {
    const { api, chart } = await training();
    const legend = () => chart().legend!.legendItems!.map((item) => item.text);
    const noValidation = epochs(1, 3).map((p) => ({ ...p, validationLoss: null }));
    api.emitProgress({ points: noValidation, samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[0].data.length).toBe(3);
    expect(legend()).toEqual(['Train loss']);
  });

  it('and the table has no validation column then', async () => {
    const { api, screen } = await training();
    const noValidation = epochs(1, 3).map((p) => ({ ...p, validationLoss: null }));
    api.emitProgress({ points: noValidation, samplesPerSecond: 100, state: 'running' });
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    await expect.element(table.getByRole('row')).toHaveLength(4);
    const headers = [...table.element().querySelectorAll('th')].map((th) => th.textContent);
    expect(headers).toEqual(['Epoch', 'Train loss']);
  });

  it('names both lines when the run has a validation split', async () => {
    const { api, chart } = await training();
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[1].data.length).toBe(3);
    expect(chart().legend!.legendItems!.map((item) => item.text)).toEqual([
      'Train loss',
      'Validation loss',
    ]);
  });
});

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('the loss curves’ colours', () => {
  it('are app.css --train and --validation, the validation line dashed', async () => {
    const { api, chart, canvas } = await training();
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 100, state: 'running' });
    await expect.poll(() => chart().data.datasets[1].data.length).toBe(3);
    const css = getComputedStyle(canvas);
    const [train, validation] = (chart() as Chart<'line'>).data.datasets;
    expect(css.getPropertyValue('--train').trim()).not.toBe('');
    expect(train.borderColor).toBe(css.getPropertyValue('--train').trim());
    expect(train.backgroundColor).toBe(css.getPropertyValue('--train').trim());
    expect(validation.borderColor).toBe(css.getPropertyValue('--validation').trim());
    expect(validation.backgroundColor).toBe(css.getPropertyValue('--validation').trim());
    expect(train.borderDash ?? []).toEqual([]);
    expect(validation.borderDash).toEqual([6, 3]);
    // the legend draws each entry as its line: the validation one dashed too
    const items = chart().legend!.legendItems!;
    expect(items.map((item) => item.lineDash ?? [])).toEqual([[], [6, 3]]);
  });

  it('differ from the sign colours (a weight’s sign on the same screen) and from each other, in both themes', () => {
    for (const { theme, get } of palettes()) {
      const rgb = (name: string) => {
        const colour = parseColour(get(name));
        expect(colour, `${theme} ${name}`).not.toBeNull();
        return colour!;
      };
      const train = rgb('--train');
      const validation = rgb('--validation');
      // far apart in RGB, as the sign colours are from the selection (not a shade of blue or orange)
      for (const sign of ['--positive', '--negative']) {
        expect(distance(train, rgb(sign)), `${theme} --train against ${sign}`).toBeGreaterThan(100);
        expect(
          distance(validation, rgb(sign)),
          `${theme} --validation against ${sign}`,
        ).toBeGreaterThan(100);
      }
      expect(distance(train, validation), `${theme} --train against --validation`).toBeGreaterThan(
        100,
      );
    }
  });
});
