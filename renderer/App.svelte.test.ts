import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from './App.svelte';
import { DEFAULT_HYPERPARAMETERS } from '../core/hyperparameters';
import type { BackpropApi, HostAnswer, HostQuestion } from '../app/shared/api';
import { FakeApi, FINISHED, IRIS_CONFIG, IRIS_SUMMARY, epochs } from './test/fake-api';

async function loaded() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  return { api, screen };
}

describe('the workspace', () => {
  it('starts empty and says what to do first', async () => {
    const screen = await render(App, { props: { api: new FakeApi() } });
    await expect.element(screen.getByRole('status').first()).toBeInTheDocument();
    // …and where a newcomer finds something to train without a file of their own
    await expect
      .element(page.getByText('Open a dataset first, or pick one of the Examples (toolbar).'))
      .toBeVisible();
    await expect
      .element(page.getByText(/New here\? Examples, in the toolbar, opens a network/))
      .toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
  });

  it('shows the columns with types, statistics and suggested roles', async () => {
    const { screen } = await loaded();
    await expect.element(screen.getByRole('combobox', { name: 'species' })).toHaveValue('target');
    await expect
      .element(screen.getByRole('combobox', { name: 'sepal_length_cm' }))
      .toHaveValue('input');
    await expect.element(screen.getByRole('cell', { name: 'text (3)' })).toBeVisible();
    await expect.element(screen.getByRole('cell', { name: '5.843' })).toBeVisible();
    // a text target → softmax + cross-entropy
    await expect
      .element(screen.getByRole('combobox', { name: 'Loss' }))
      .toHaveValue('cross-entropy');
    await expect.element(page.getByText('Ready to train a 4–3 network')).toBeVisible();
  });

  it('shows a dataset error beside the button and keeps the previous dataset', async () => {
    const { api, screen } = await loaded();
    api.dataset = new Error('bad.csv, row 7, column "petal_width_cm": expected 5 fields, found 4');
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent('row 7, column "petal_width_cm"');
    await expect.element(screen.getByText('iris.csv')).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });

  it('sends the configuration the user built, then trains and reports progress', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await screen.getByRole('spinbutton', { name: 'Units' }).fill('5');
    await userEvent.keyboard('{Tab}');
    await screen.getByRole('combobox', { name: 'Activation', exact: true }).selectOptions('relu');
    await screen.getByRole('textbox', { name: 'Learning rate' }).fill('0.05');
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    expect(api.configured?.hiddenLayers).toEqual([{ units: 5, activation: 'relu' }]);
    expect(api.configured?.hyperparameters.learningRate).toBe(0.05);
    expect(api.configured?.roles).toEqual(['input', 'input', 'input', 'input', 'target']);
    expect(api.configured?.validationFraction).toBe(0.2);

    api.emitProgress({ points: epochs(1, 30), samplesPerSecond: 12345, state: 'running' });
    const status = screen.getByRole('status').filter({ hasText: 'epoch' });
    await expect.element(status).toHaveTextContent('epoch 30');
    await expect.element(status).toHaveTextContent('train loss 0.03333');
    await expect.element(status).toHaveTextContent('validation loss 0.04');
    await expect.element(status).toHaveTextContent('12,345 samples/s');
    await expect.element(screen.getByRole('button', { name: 'Pause' })).toBeEnabled();

    await screen.getByRole('button', { name: 'Pause' }).click();
    await expect.element(screen.getByRole('button', { name: 'Resume' })).toBeVisible();
    await screen.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => api.calls).toContain('resume');

    api.emitFinished(FINISHED);
    await expect
      .element(status)
      .toHaveTextContent('no parameter changed by more than the threshold');
    await screen.getByRole('tab', { name: 'Results' }).click();
    await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();
    const matrix = screen.getByRole('table', { name: 'Confusion matrix (Validation)' });
    await expect.element(matrix).toBeVisible();
    await expect.element(matrix.getByRole('cell', { name: '9' }).first()).toBeVisible();
  });

  it("writes a diverged run's stop reason in the colour of errors, a finished one's in green", async () => {
    const { api, screen } = await loaded();
    const reasonColour = async () => {
      const status = screen.getByRole('status').filter({ hasText: 'stopped:' });
      await expect.element(status).toBeVisible();
      return getComputedStyle(status.element().lastElementChild!).color;
    };
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    expect(await reasonColour()).toBe('rgb(26, 127, 55)');
    await screen.getByRole('button', { name: 'Start training' }).click();
    await screen.getByRole('button', { name: 'Start new run' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    api.emitFinished({ ...FINISHED, reason: 'diverged', detail: 'the loss became NaN' });
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'stopped:' }))
      .toHaveTextContent('stopped: the loss diverged');
    expect(await reasonColour()).toBe('rgb(180, 35, 24)');
  });

  it('draws the loss curve with an accessible name and a table of its points', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 100, state: 'running' });
    await expect.element(screen.getByRole('img', { name: 'Loss curve' })).toBeVisible();
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    await expect.element(table.getByRole('row')).toHaveLength(4);
    await expect.element(table.getByRole('cell', { name: '0.3333' })).toBeVisible();
  });

  it('offers Momentum μ only with the momentum optimizer, which alone uses it', async () => {
    const { screen } = await loaded();
    const momentum = screen.getByRole('textbox', { name: 'Momentum μ' });
    await expect.element(screen.getByRole('combobox', { name: 'Optimizer' })).toHaveValue('sgd');
    await expect.element(momentum).toBeDisabled();
    // …and looks it: the field's own colours would make it look in force
    const opacity = () => getComputedStyle(momentum.element()).opacity;
    expect(opacity()).toBe('0.5');
    await screen.getByRole('combobox', { name: 'Optimizer' }).selectOptions('momentum');
    await expect.element(momentum).toBeEnabled();
    expect(opacity()).toBe('1');
    await screen.getByRole('combobox', { name: 'Optimizer' }).selectOptions('adam');
    await expect.element(momentum).toBeDisabled();
  });

  it('shows an out-of-range hyperparameter inline and blocks Start training', async () => {
    const { screen } = await loaded();
    await screen.getByRole('textbox', { name: 'Learning rate' }).fill('-1');
    await expect
      .element(screen.getByRole('textbox', { name: 'Learning rate' }))
      .toHaveAttribute('aria-invalid', 'true');
    await expect.element(screen.getByText(/^Learning rate must be/).first()).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
    await screen.getByRole('textbox', { name: 'Learning rate' }).fill('0.3');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });

  it('asks for a validation set when Patience is on, since early stopping watches it', async () => {
    const { screen } = await loaded();
    await screen.getByRole('textbox', { name: 'Patience' }).fill('10');
    await screen.getByRole('spinbutton', { name: 'Validation %' }).fill('0');
    await userEvent.keyboard('{Tab}');
    await expect
      .element(
        screen.getByText('Patience needs a validation set: set Validation % above 0').first(),
      )
      .toBeVisible();
    await expect
      .element(screen.getByRole('textbox', { name: 'Patience' }))
      .toHaveAttribute('aria-invalid', 'true');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
    await screen.getByRole('textbox', { name: 'Patience' }).fill('');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });

  it('asks before a topology change discards trained weights', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    await screen.getByRole('button', { name: 'Add layer' }).click();
    const dialog = screen.getByRole('dialog', { name: 'Discard the trained weights?' });
    await expect.element(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep weights' }).click();
    await expect.element(screen.getByRole('spinbutton', { name: 'Units' })).not.toBeInTheDocument();
    expect(api.calls).not.toContain('reset');

    await screen.getByRole('button', { name: 'Add layer' }).click();
    await screen.getByRole('button', { name: 'Discard weights' }).click();
    await expect.element(screen.getByRole('spinbutton', { name: 'Units' })).toBeVisible();
    expect(api.calls).toContain('reset');
    await expect.element(page.getByText('Ready to train a 4–8–3 network')).toBeVisible();
  });

  it('keeps the weights when the question is dismissed with Escape, and the old value shows', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    await screen.getByRole('combobox', { name: 'Normalization' }).selectOptions('minmax');
    await expect.element(screen.getByRole('dialog')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect
      .element(screen.getByRole('combobox', { name: 'Normalization' }))
      .toHaveValue('zscore');
    expect(api.calls).not.toContain('reset');
    await expect.element(screen.getByRole('button', { name: 'Export weights…' })).toBeEnabled();
  });

  it('gives the focus back to the button that asked, whichever answer', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    const add = screen.getByRole('button', { name: 'Add layer' });
    add.element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('dialog')).toBeVisible();
    await userEvent.keyboard('{Enter}'); // Keep weights, the focused button
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(add).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await screen.getByRole('button', { name: 'Discard weights' }).click();
    await expect.element(screen.getByRole('spinbutton', { name: 'Units' })).toBeVisible();
    await expect.element(add).toHaveFocus();
  });

  it('reorders and removes hidden layers', async () => {
    const { screen } = await loaded();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await screen.getByRole('spinbutton', { name: 'Units' }).nth(1).fill('3');
    await userEvent.keyboard('{Tab}');
    await expect.element(page.getByText('Ready to train a 4–8–3–3 network')).toBeVisible();
    await screen.getByRole('button', { name: 'Move up' }).nth(1).click();
    await expect.element(page.getByText('Ready to train a 4–3–8–3 network')).toBeVisible();
    await screen.getByRole('button', { name: 'Remove layer' }).first().click();
    await expect.element(page.getByText('Ready to train a 4–8–3 network')).toBeVisible();
  });

  it('runs the main flow from the keyboard', async () => {
    const { api } = await loaded();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(() => api.calls).toContain('pause');
    await userEvent.keyboard('{Control>}{Shift>}{Enter}{/Shift}{/Control}');
    await expect.poll(() => api.calls).toContain('step:epoch');
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => api.calls).toContain('stop');
    // opening another dataset would discard the weights: the dialog asks, the keyboard answers
    await userEvent.keyboard('{Control>}o{/Control}');
    await expect.element(page.getByRole('dialog')).toBeVisible();
    await userEvent.keyboard('{Tab}{Enter}');
    await expect.poll(() => api.calls.filter((c) => c === 'openDatasetDialog').length).toBe(2);
    expect(api.calls).toContain('reset');
  });

  it('leaves Escape in a text field to the field: the Units typed are put back, the run goes on', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    const units = screen.getByRole('spinbutton', { name: 'Units' }).first();
    const before = (units.element() as HTMLInputElement).value;
    await units.click();
    await userEvent.keyboard('{Control>}a{/Control}99{Escape}');
    await expect.element(units).toHaveValue(before);
    expect(api.calls).not.toContain('stop');
    // Out of the field, Escape stops the run.
    await userEvent.keyboard('{Tab}{Escape}');
    await expect.poll(() => api.calls).toContain('stop');
  });

  it('keeps Escape in a text field during a run from the desktop menu, whose Stop Training has that key', async () => {
    // macOS hands the menu every key the page leaves unhandled (registerAccelerator: false is
    // for Windows and Linux only): left so, the field's Escape ran Training ▸ Stop Training.
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
    const handled: boolean[] = [];
    const note = (e: KeyboardEvent) =>
      void (e.key === 'Escape' && handled.push(e.defaultPrevented));
    window.addEventListener('keydown', note);
    try {
      await screen.getByRole('spinbutton', { name: 'Units' }).first().click();
      await userEvent.keyboard('{Escape}');
    } finally {
      window.removeEventListener('keydown', note);
    }
    expect(handled).toEqual([true]);
    expect(api.calls).not.toContain('stop');
  });

  it('follows menu commands from the host', async () => {
    const { api } = await loaded();
    api.emitMenu('save-project');
    await expect.poll(() => api.calls).toContain('saveProject');
    await expect.element(page.getByText('Project saved to /tmp/iris.backprop.json')).toBeVisible();
  });
});

describe('the workspace, further', () => {
  it('opens a project with its loss curve and the reason training stopped', async () => {
    const api = new FakeApi();
    api.project = {
      summary: IRIS_SUMMARY,
      config: {
        roles: ['input', 'input', 'input', 'input', 'target'],
        normalization: 'zscore',
        validationFraction: 0.2,
        testFraction: 0,
        hiddenLayers: [{ units: 6, activation: 'tanh' }],
        outputActivation: 'softmax',
        loss: 'cross-entropy',
        hyperparameters: { ...DEFAULT_HYPERPARAMETERS, maxEpochs: 30 },
      },
      history: epochs(0, 31),
      stopReason: 'max-epochs',
      result: { ...FINISHED, reason: 'max-epochs', detail: 'Reached the maximum of 30 epochs.' },
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open project…' }).click();
    await expect.element(page.getByText('Project opened: iris.csv')).toBeVisible();
    const status = screen.getByRole('status').filter({ hasText: 'epoch' });
    await expect.element(status).toHaveTextContent('Finished');
    await expect.element(status).toHaveTextContent('epoch 30');
    await expect.element(status).toHaveTextContent('reached the maximum number of epochs');
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    // Every saved epoch (0 … 30) is a point of the curve, below the header row.
    await expect.poll(() => table.getByRole('row').elements().length).toBe(32);
    // Its results too, as when it stopped.
    await screen.getByRole('tab', { name: 'Results' }).click();
    await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();
    // Trained weights are there: changing the data asks first.
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(page.getByRole('dialog')).toBeVisible();
  });

  it('blocks training on a split that leaves too few rows, beside the fields', async () => {
    const { screen } = await loaded();
    await screen.getByRole('spinbutton', { name: 'Validation %' }).fill('60');
    await userEvent.keyboard('{Tab}');
    await screen.getByRole('spinbutton', { name: 'Test %' }).fill('40');
    await userEvent.keyboard('{Tab}');
    const test = screen.getByRole('spinbutton', { name: 'Test %' });
    await expect.element(test).toHaveAttribute('aria-invalid', 'true');
    await expect.element(test).toHaveAccessibleDescription(/leave at least 10 % to train/);
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
  });

  it('follows the target: a numeric target gets an identity output and squared error', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('combobox', { name: 'species' }).selectOptions('ignored');
    await screen.getByRole('combobox', { name: 'petal_width_cm' }).selectOptions('target');
    await expect.element(screen.getByRole('combobox', { name: 'Loss' })).toHaveValue('mse');
    await expect
      .element(screen.getByRole('combobox', { name: 'Output activation' }))
      .toHaveValue('identity');
    await expect.element(page.getByText('Ready to train a 3–1 network')).toBeVisible();
    await expect.element(screen.getByText('Output layer 1 unit', { exact: true })).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect
      .poll(() => api.configured?.roles)
      .toEqual(['input', 'input', 'input', 'target', 'ignored']);
  });

  it('keeps up with a million epochs: full history, a few thousand points drawn', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    const started = performance.now();
    for (let from = 0; from < 1_000_000; from += 20_000)
      api.emitProgress({
        points: epochs(from + 1, 20_000),
        samplesPerSecond: 1e6,
        state: 'running',
      });
    const status = screen.getByRole('status').filter({ hasText: 'epoch' });
    await expect.element(status).toHaveTextContent('epoch 1,000,000');
    expect(performance.now() - started).toBeLessThan(5_000);
    await screen.getByRole('button', { name: 'Show table' }).click();
    const rows = screen
      .getByRole('table', { name: 'Loss curve points' })
      .getByRole('row')
      .elements();
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.length).toBeLessThan(4100);
    await expect.element(screen.getByText(/min–max per \d+ epochs/)).toBeVisible();
  });

  it('switches the loss curve to a log scale', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 100), samplesPerSecond: 1, state: 'running' });
    await screen.getByRole('radio', { name: 'Log' }).click();
    await expect.element(screen.getByRole('radio', { name: 'Log' })).toBeChecked();
    const { Chart } = await import('chart.js');
    const canvas = screen
      .getByRole('img', { name: 'Loss curve' })
      .element()
      .querySelector('canvas')!;
    await expect.poll(() => Chart.getChart(canvas)?.options.scales?.y?.type).toBe('logarithmic');
    expect(Chart.getChart(canvas)?.data.datasets[0].data).toHaveLength(100);

    // Hovering shows the epoch and both losses.
    const box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new MouseEvent('mousemove', {
        clientX: box.left + box.width / 2,
        clientY: box.top + box.height / 2,
        bubbles: true,
      }),
    );
    const tooltip = () => Chart.getChart(canvas)!.tooltip!;
    await expect.poll(() => tooltip().title?.[0] ?? '').toMatch(/^Epoch \d+$/);
    const epoch = Number(tooltip().title[0].replace('Epoch ', ''));
    const lines = tooltip().body.flatMap((b) => b.lines);
    expect(lines).toContain(`Train loss: ${Number((1 / epoch).toPrecision(4))}`);
    expect(lines).toContain(`Validation loss: ${Number((1.2 / epoch).toPrecision(4))}`);
  });
});

describe('the layout in a small window', () => {
  /** The tab panel shown (Network, Results, …) and how much of the page runs off sideways. */
  async function measure(width: number, height: number) {
    await page.viewport(width, height);
    const { screen } = await loaded();
    await screen.getByRole('tab', { name: 'Results' }).click();
    const panel = document.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])')!;
    await expect.poll(() => panel.getBoundingClientRect().height).toBeGreaterThan(0);
    return {
      panelHeight: panel.getBoundingClientRect().height,
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  }

  afterEach(() => page.viewport(1280, 800));

  it('at 1280 × 720 and 200 % zoom (640 × 360): one column, nothing off the side, the views in reach', async () => {
    // The views were squeezed to nothing under the loss curve, and the page 360 px wider than the
    // window: Results could not be seen at all.
    const { panelHeight, sideways } = await measure(640, 360);
    expect(sideways).toBe(0);
    expect(panelHeight).toBeGreaterThanOrEqual(200);
  });

  for (const [width, height] of [
    [800, 600],
    [1280, 400],
  ]) {
    it(`at ${width} × ${height}, nothing off the side and the views keep room to show something`, async () => {
      const { panelHeight, sideways } = await measure(width, height);
      expect(sideways).toBe(0);
      expect(panelHeight).toBeGreaterThanOrEqual(200);
    });
  }
});

describe('a dataset on its way', () => {
  it('says how far it has been read, from the progress the host reports', async () => {
    // A large file said only "Opening a dataset…" until it was read (a minute for a 1 GB CSV):
    // the training process reported its progress, and the page showed none of it
    const api = new FakeApi();
    let read: (summary: typeof api.dataset) => void = () => {};
    api.openDatasetDialog = () =>
      new Promise((resolve) => (read = resolve as typeof read)) as never;
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('Opening a dataset…')).toBeVisible();
    api.emitDatasetProgress({
      name: 'big.csv',
      bytesRead: 450_000_000,
      totalBytes: 1_000_000_000,
      rows: 2_250_000,
    });
    await expect
      .element(screen.getByText('Opening big.csv… 45 % read (2,250,000 rows)'))
      .toBeVisible();
    read(api.dataset);
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    await expect.element(screen.getByText(/Opening big\.csv/)).not.toBeInTheDocument();
    // the next file starts again from nothing read
    api.openDatasetDialog = () =>
      new Promise((resolve) => (read = resolve as typeof read)) as never;
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen
      .getByRole('dialog')
      .getByRole('button', { name: 'Discard weights' })
      .click()
      .catch(() => {});
    await expect.element(screen.getByText('Opening a dataset…')).toBeVisible();
    read(null);
  });
});

describe('the status line', () => {
  it('keeps a stop reason whole, breaking only a long sentence', async () => {
    // The longest reason, "stopped: validation loss stopped improving (early stopping)", is not
    // cut across two lines, as a refused file's message naming a long file may be
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished({ ...FINISHED, reason: 'early-stopping' });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(/early stopping/);
    const reason = [...status.element().children].at(-1)!;
    expect(reason.textContent).toBe('stopped: validation loss stopped improving (early stopping)');
    expect(getComputedStyle(reason).whiteSpace).toBe('nowrap');
  });
});

describe('a long file name', () => {
  it('wraps where it is written and leaves the loss curve and the views their width', async () => {
    // A 192-character file name without a space, in a refused file's message on the status
    // line, made the work area 2,000 px wide: the loss curve's right half and the network
    // drawing were off the window, and the name ran out of the data panel
    const api = new FakeApi();
    const name = `${'a_really_long_file_name_'.repeat(8)}.csv`;
    api.dataset = {
      name,
      rows: 1,
      columns: [
        { name: 'x', kind: 'numeric', missing: 0, min: 1, max: 1, mean: 1, distinct: 1 },
        { name: 'label', kind: 'text', missing: 0, min: null, max: null, mean: null, distinct: 1 },
      ],
      preview: [['1', 'a']],
      suggestedRoles: ['input', 'target'],
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText(name, { exact: true })).toBeVisible();
    const width = document.documentElement.clientWidth;
    const right = (e: Element) => e.getBoundingClientRect().right;
    const canvas = screen.getByRole('img', { name: 'Loss curve' }).element();
    expect(right(canvas)).toBeLessThanOrEqual(width);
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status').element();
    expect(right(status)).toBeLessThanOrEqual(width);
    const aside = screen.getByRole('complementary', { name: 'Setup' }).element();
    expect(aside.scrollWidth).toBeLessThanOrEqual(aside.clientWidth);
  });
});

/** A regression's metrics on its one target, progression. */
function regression(rmse: number, mae: number, r2: number) {
  return {
    kind: 'regression' as const,
    ...{ rmse, mae, r2 },
    targets: [{ column: 'progression', rmse, mae, r2 }],
  };
}

describe('results for a numeric target', () => {
  it('shows RMSE, MAE, R² and predicted against actual', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitFinished({
      reason: 'max-epochs',
      detail: '',
      epochs: 10,
      partial: null,
      train: { loss: 0.5, metrics: regression(1.25, 1, 0.875) },
      validation: null,
      test: { loss: 0.75, metrics: regression(1.5, 1.125, 0.8) },
      predictions: [
        {
          split: 'test',
          column: 'progression',
          totalRows: 3,
          actual: [1, 2, 3],
          predicted: [1.5, 2, 2.5],
        },
      ],
    });
    await screen.getByRole('tab', { name: 'Results' }).click();
    await expect.element(screen.getByRole('columnheader', { name: 'R²' })).toBeVisible();
    await expect.element(screen.getByRole('cell', { name: '0.875' })).toBeVisible();
    const plot = screen.getByRole('img', {
      name: 'Predicted against actual progression, 3 test rows',
    });
    await expect.element(plot).toBeVisible();
    const dots = [...plot.element().querySelectorAll('circle')];
    expect(dots).toHaveLength(3);
    // y = x holds for the middle row: its dot lies on the diagonal
    const diagonal = plot.element().querySelector('line.diagonal')!;
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(diagonal.getAttribute(a)));
    const [cx, cy] = [Number(dots[1].getAttribute('cx')), Number(dots[1].getAttribute('cy'))];
    expect((cx - x1) * (y2 - y1) - (cy - y1) * (x2 - x1)).toBeCloseTo(0, 6);
    // an over-prediction sits above the line (smaller y on screen)
    const [c0x, c0y] = [Number(dots[0].getAttribute('cx')), Number(dots[0].getAttribute('cy'))];
    const onLineY = y1 + ((c0x - x1) * (y2 - y1)) / (x2 - x1);
    expect(c0y).toBeLessThan(onLineY);
  });
});

describe('errors from the host', () => {
  it('appear beside what caused them', async () => {
    const { api, screen } = await loaded();
    // A missing cell found while configuring belongs to the dataset.
    api.configure = async () => {
      throw Object.assign(
        new Error('iris.csv, row 12, column "petal_width_cm": the cell is empty'),
        {
          error: { scope: 'dataset' },
        },
      );
    };
    await screen.getByRole('button', { name: 'Start training' }).click();
    const data = screen.getByRole('region', { name: 'Data' });
    await expect
      .element(data.getByRole('alert'))
      .toHaveTextContent('row 12, column "petal_width_cm"');
    // A configuration error without a scope stays beside the training controls.
    api.configure = async () => {
      throw new Error('network: hidden layer 1 needs at least one unit');
    };
    await screen.getByRole('button', { name: 'Start training' }).click();
    const training = screen.getByRole('region', { name: 'Training' });
    await expect.element(training.getByRole('alert')).toHaveTextContent('hidden layer 1');
    // The host reports a crashed training process: shown in the toolbar.
    api.emitError({ scope: 'process', message: 'The training process stopped (exit code 70).' });
    await expect
      .element(screen.getByText('The training process stopped (exit code 70).'))
      .toBeVisible();
  });
});

describe('accessible by construction', () => {
  it('names every control of the vocabulary by its visible label', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    const controls: [Parameters<typeof screen.getByRole>[0], string][] = [
      ['button', 'Open dataset…'],
      ['button', 'Start training'],
      ['button', 'Pause'],
      ['button', 'Step'],
      ['button', 'Stop'],
      ['button', 'Reset'],
      ['button', 'Export weights…'],
      ['button', 'Add layer'],
      ['button', 'Remove layer'],
      ['spinbutton', 'Units'],
      ['combobox', 'Activation'],
      ['textbox', 'Learning rate'],
      ['textbox', 'Epochs'],
      ['textbox', 'Batch size'],
      ['textbox', 'Threshold'],
      ['textbox', 'Seed'],
      ['combobox', 'Optimizer'],
      ['combobox', 'Loss'],
    ];
    for (const [role, name] of controls) {
      const control = screen.getByRole(role, { name, exact: true });
      await expect.element(control).toBeVisible();
      const element = control.element() as HTMLElement;
      // the accessible name is text the user sees: the button's text or its <label>
      const visible =
        element instanceof HTMLButtonElement
          ? element.textContent
          : (element as HTMLInputElement).labels?.[0]?.textContent;
      expect(visible?.trim(), `${role} "${name}"`).toBe(name);
    }
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 1, state: 'running' });
    await screen.getByRole('button', { name: 'Pause' }).click();
    await expect.element(screen.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
    await expect.element(screen.getByRole('img', { name: 'Loss curve' })).toBeVisible();
    await expect.element(screen.getByRole('status').filter({ hasText: 'Paused' })).toBeVisible();
  });
});

describe('a file dropped on the page', () => {
  /** Drops `file` on the page, as a file dragged from the desktop is. */
  function drop(file: File) {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
  }

  async function trained() {
    const { api, screen } = await loaded();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });
    api.emitFinished(FINISHED);
    await expect.element(screen.getByRole('button', { name: 'Export weights…' })).toBeEnabled();
    return { api, screen };
  }

  it('that is not data is refused by its name, before any question, and nothing is lost', async () => {
    const { api, screen } = await trained();
    drop(new File(['{"format": "backprop-studio.project"}'], 'iris.backprop.json'));
    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent('iris.backprop.json: not a data file (expected .csv, .tsv, .txt)');
    drop(new File(['\x89PNG'], 'plot.png'));
    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent('plot.png: not a data file (expected .csv, .tsv, .txt)');
    expect(screen.getByRole('dialog').query()).toBeNull();
    expect(api.calls.filter((c) => c.startsWith('openDatasetFile') || c === 'reset')).toEqual([]);
    await expect.element(screen.getByRole('button', { name: 'Export weights…' })).toBeEnabled();
  });

  it('that is a data file opens as a dataset, asking first about the weights', async () => {
    const { api, screen } = await trained();
    drop(new File(['a,b\n1,2\n'], 'WINE.TSV'));
    await screen.getByRole('button', { name: 'Discard weights' }).click();
    await expect.poll(() => api.calls).toContain('openDatasetFile:WINE.TSV');
  });

  it('that is a project opens as one where the host opens project files', async () => {
    const { api, screen } = await trained();
    const opened: string[] = [];
    api.project = {
      summary: IRIS_SUMMARY,
      config: { ...IRIS_CONFIG, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, maxEpochs: 30 } },
      history: epochs(0, 31),
      stopReason: 'max-epochs',
      result: null,
    };
    const host: BackpropApi = api;
    host.openProjectFile = async (file) => (opened.push(file.name), structuredClone(api.project));
    drop(new File(['{}'], 'iris.backprop.json'));
    const dialog = screen.getByRole('dialog', { name: 'Discard the trained weights?' });
    await expect.element(dialog).toHaveTextContent('Opening a project discards');
    await dialog.getByRole('button', { name: 'Discard weights' }).click();
    await expect.element(page.getByText('Project opened: iris.csv')).toBeVisible();
    expect(opened).toEqual(['iris.backprop.json']);
    expect(api.calls.filter((c) => c.startsWith('openDatasetFile'))).toEqual([]);
  });
});

describe('a question of the host', () => {
  it('is asked in the page’s dialog, and the button pressed is the answer', async () => {
    const api: BackpropApi = new FakeApi();
    let listener: ((question: HostQuestion) => Promise<HostAnswer>) | null = null;
    api.onQuestion = (l) => ((listener = l), () => (listener = null));
    const screen = await render(App, { props: { api } });
    await expect.poll(() => listener).not.toBeNull();
    const answer = listener!({
      title: 'The dataset changed',
      message: 'bad.csv is not the iris.csv iris.backprop.json was saved with.',
      confirm: 'Choose another file…',
      cancel: 'Cancel',
      alternative: 'Use it as it is',
    });
    const dialog = screen.getByRole('dialog', { name: 'The dataset changed' });
    await expect.element(dialog).toHaveTextContent('bad.csv is not the iris.csv');
    await dialog.getByRole('button', { name: 'Use it as it is' }).click();
    expect(await answer).toBe('alternative');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    screen.unmount();
    expect(listener).toBeNull();
  });
});
