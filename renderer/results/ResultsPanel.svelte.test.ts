// A run stopped inside an epoch: its parameters include the epoch's first batches, so the status
// line and the Results panel report the same final losses (the results'), after the same whole
// epochs and batches; the loss curve keeps its last whole epoch.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';

async function stopped(partial: { batches: number; of: number } | null, whole = 12000) {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  await screen.getByRole('button', { name: 'Start training' }).click();
  // The last whole epoch, 12000: train loss 1/12000 = 8.333e-5, validation 1e-4.
  api.emitProgress({ points: epochs(11999, 2), samplesPerSecond: 100, state: 'running' });
  api.emitFinished({
    ...FINISHED,
    reason: 'cancelled',
    detail: 'Cancelled after 12,000 epochs and 1,500 of the 2,048 batches of epoch 12,001.',
    epochs: whole,
    partial,
    train: { ...FINISHED.train, loss: 8.4e-5 },
    validation: { ...FINISHED.validation!, loss: 1.01e-4 },
  });
  await screen.getByRole('tab', { name: 'Results' }).click();
  return screen;
}

/** The status line's parts (the page writes the dots between them). */
async function statusOf(screen: Awaited<ReturnType<typeof stopped>>): Promise<string[]> {
  const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
  await expect.element(status).toHaveTextContent(/stopped by the user/);
  return [...status.element().children].map((part) => part.textContent ?? '');
}

describe('results of a run stopped inside an epoch', () => {
  it('the status line reports the evaluated losses after the whole epochs and the batches', async () => {
    const screen = await stopped({ batches: 1500, of: 2048 });
    expect(await statusOf(screen)).toEqual([
      'Finished',
      'epoch 12,000 + 1,500 of 2,048 batches',
      'train loss 8.400e-5',
      'validation loss 1.010e-4',
      'stopped: stopped by the user',
    ]);
    await expect
      .element(screen.getByText(/^Stopped after 12,000 epochs \+ 1,500 of 2,048 batches:/))
      .toBeVisible();
    const metrics = screen.getByRole('table', { name: 'Metrics' });
    await expect.element(metrics.getByRole('cell', { name: '8.400e-5' })).toBeVisible();
    await expect.element(metrics.getByRole('cell', { name: '1.010e-4' })).toBeVisible();
  });

  it('at an epoch boundary, the last epoch as the loss curve shows it', async () => {
    const screen = await stopped(null);
    expect(await statusOf(screen)).toEqual([
      'Finished',
      'epoch 12,000',
      'train loss 8.333e-5',
      'validation loss 1.000e-4',
      'largest change 8.333e-7',
      'stopped: stopped by the user',
    ]);
    await expect.element(screen.getByText(/^Stopped after 12,000 epochs:/)).toBeVisible();
  });

  it('one epoch is one epoch', async () => {
    const screen = await stopped({ batches: 3, of: 8 }, 1);
    await expect
      .element(screen.getByText(/^Stopped after 1 epoch \+ 3 of 8 batches:/))
      .toBeVisible();
  });
});

/** A regression's metrics on its one target, progression. */
function progression(rmse: number, mae: number, r2: number) {
  return {
    kind: 'regression' as const,
    ...{ rmse, mae, r2 },
    targets: [{ column: 'progression', rmse, mae, r2 }],
  };
}

describe('why the run stopped', () => {
  async function finished(result: Partial<typeof FINISHED>) {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    api.emitFinished({ ...FINISHED, ...result });
    await screen.getByRole('tab', { name: 'Results' }).click();
    return screen.getByText(/^Stopped after/);
  }

  it('says the maximum of epochs once, not again in the detail', async () => {
    const why = await finished({
      reason: 'max-epochs',
      epochs: 200,
      detail: 'Reached the maximum of 200 epochs.',
    });
    await expect
      .element(why)
      .toHaveTextContent(/^Stopped after 200 epochs: reached the maximum number of epochs\.$/);
  });

  it("keeps a detail that tells more, the target loss's numbers", async () => {
    const why = await finished({
      reason: 'target-loss',
      epochs: 37,
      detail: 'The training loss 0.001996 reached the target 0.002 in epoch 37.',
    });
    await expect
      .element(why)
      .toHaveTextContent(
        'Stopped after 37 epochs: reached the target loss. The training loss 0.001996 reached the target 0.002 in epoch 37.',
      );
  });

  it('plots predicted against actual on "1 test row", not "1 test rows"', async () => {
    await finished({
      reason: 'max-epochs',
      train: { loss: 0.5, metrics: progression(1.25, 1, 0.875) },
      validation: null,
      test: { loss: 0.75, metrics: progression(1.5, 1.125, 0.8) },
      predictions: [
        { split: 'test', column: 'progression', totalRows: 1, actual: [2], predicted: [2.5] },
      ],
    });
    const svg = document.querySelector('svg[aria-label^="Predicted against actual"]')!;
    const plot = svg.closest('figure')!;
    expect(svg.getAttribute('aria-label')).toBe('Predicted against actual progression, 1 test row');
    expect(plot.querySelector('figcaption')!.textContent).toContain('on the 1 test row;');
  });

  it('writes one batch of one as one batch', async () => {
    const why = await finished({ reason: 'cancelled', epochs: 1, partial: { batches: 1, of: 1 } });
    await expect.element(why).toHaveTextContent(/^Stopped after 1 epoch \+ 1 of 1 batch:/);
  });
});

describe('a regression on several target columns', () => {
  // diabetes.csv's s5 (about 3–6) and progression (25–346): each its own row, in its own units.
  const twoTargets = (rmse: [number, number], r2: [number, number]) => ({
    kind: 'regression' as const,
    rmse: (rmse[0] + rmse[1]) / 2,
    mae: 1,
    r2: (r2[0] + r2[1]) / 2,
    targets: [
      { column: 's5', rmse: rmse[0], mae: 0.375, r2: r2[0] },
      { column: 'progression', rmse: rmse[1], mae: 45.5, r2: r2[1] },
    ],
  });

  async function shown(metrics: { train: TwoTargets; test: TwoTargets }) {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    api.emitFinished({
      ...FINISHED,
      train: { loss: 845.25, metrics: metrics.train },
      validation: null,
      test: { loss: 2012, metrics: metrics.test },
      predictions: [
        { split: 'test', column: 's5', totalRows: 2, actual: [4.5, 5], predicted: [4.25, 5.5] },
        {
          split: 'test',
          column: 'progression',
          totalRows: 2,
          actual: [100, 200],
          predicted: [120, 180],
        },
      ],
    });
    await screen.getByRole('tab', { name: 'Results' }).click();
    return screen;
  }
  type TwoTargets = ReturnType<typeof twoTargets>;

  it('gives each target column a row of RMSE, MAE and R², named by it, then the mean R²', async () => {
    const screen = await shown({
      train: twoTargets([0.5, 55.25], [0.25, 0.75]),
      test: twoTargets([0.625, 63.5], [0.125, 0.375]),
    });
    const table = screen.getByRole('table', { name: 'Metrics' });
    await expect.element(table).toBeVisible();
    const headers = [...table.element().querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['Split', 'Loss', 'Target', 'RMSE', 'MAE', 'R²']);
    const rows = [...table.element().querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((cell) => cell.textContent!.trim()),
    );
    expect(rows).toEqual([
      ['Train', '845.3', 's5', '0.5', '0.375', '0.25'],
      ['progression', '55.25', '45.5', '0.75'],
      ['Mean R²', '', '', '0.5'],
      ['Test', '2012', 's5', '0.625', '0.375', '0.125'],
      ['progression', '63.5', '45.5', '0.375'],
      ['Mean R²', '', '', '0.25'],
    ]);
  });

  it('keeps long target names from pushing RMSE, MAE and R² out of the view', async () => {
    // Columns named "progression_with_an_extremely_long_descriptive_suffix_…" (70 characters)
    // put the figures off the right of the Results panel, and the split's loss, centred over its
    // rows, on the second target's row instead of beside the split's name
    const long = (name: string) =>
      `${name}_with_an_extremely_long_descriptive_suffix_for_the_measurement_taken`;
    const named = (m: TwoTargets) => ({
      ...m,
      targets: m.targets.map((t) => ({ ...t, column: long(t.column) })),
    });
    const screen = await shown({
      train: named(twoTargets([0.5, 55.25], [0.25, 0.75])),
      test: named(twoTargets([0.625, 63.5], [0.125, 0.375])),
    });
    const table = screen.getByRole('table', { name: 'Metrics' });
    await expect.element(table).toBeVisible();
    const panel = table.element().closest('[role="tabpanel"]')!;
    expect(table.element().getBoundingClientRect().right).toBeLessThanOrEqual(
      panel.getBoundingClientRect().right,
    );
    expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth);
    const [split, loss] = [...table.element().querySelector('tbody tr')!.children];
    expect(loss.textContent).toBe('845.3');
    // where each cell's text is drawn, not its box (the loss cell spans the split's rows)
    const top = (e: Element) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return Math.round(range.getBoundingClientRect().top);
    };
    expect(top(loss)).toBe(top(split));
  });

  it('plots the first target, and the one chosen in its select', async () => {
    const screen = await shown({
      train: twoTargets([0.5, 55], [0.25, 0.75]),
      test: twoTargets([0.625, 63.5], [0.125, 0.375]),
    });
    const select = screen.getByRole('combobox', { name: /^Predicted against actual of/ });
    await expect.element(select).toHaveValue('s5');
    const options = [...select.element().querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['s5', 'progression']);
    await expect
      .element(screen.getByRole('img', { name: 'Predicted against actual s5, 2 test rows' }))
      .toBeVisible();
    await select.selectOptions('progression');
    const plot = screen.getByRole('img', {
      name: 'Predicted against actual progression, 2 test rows',
    });
    await expect.element(plot).toBeVisible();
    // the dots are progression's: the one predicted 180 for 200 lies below the line y = x
    const titles = [...plot.element().querySelectorAll('circle title')].map((t) => t.textContent);
    expect(titles).toEqual(['actual 100, predicted 120', 'actual 200, predicted 180']);
    await expect
      .element(
        screen.getByText('progression: predicted against actual on the 2 test rows;', {
          exact: false,
        }),
      )
      .toBeVisible();
  });
});

describe('results on their way', () => {
  it('from the moment the run stops until they arrive, says they are being computed', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    await screen.getByRole('tab', { name: 'Results' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 100, state: 'running' });
    await expect.element(screen.getByText(/^Results appear when training stops/)).toBeVisible();
    // Stopped: the host says so at once, and evaluates every split before it sends the results.
    api.emitProgress({ points: [], samplesPerSecond: 0, state: 'finished' });
    await expect.element(screen.getByText('Computing results on 150 rows…')).toBeVisible();
    await expect
      .element(screen.getByText(/^Results appear when training stops/))
      .not.toBeInTheDocument();
    api.emitFinished({ ...FINISHED, reason: 'cancelled', detail: '', epochs: 2, partial: null });
    await expect.element(screen.getByRole('table', { name: 'Metrics' })).toBeVisible();
    await expect.element(screen.getByText(/^Computing results/)).not.toBeInTheDocument();
  });
});
