// The gradient check's result says which weights it checked, and is marked out of date once
// training moves them: a check at epoch 1 is not shown as the verdict on epoch 200's weights.
// While a check runs it shows how far it is, and Cancel (or Escape) stops it, keeping the last
// result.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { BackpropApi, GradientCheckResult, OpenedProject } from '../../app/shared/api';
import { render } from 'vitest-browser-svelte';
import golden from '../../core/fixtures/golden/seed-3-3-2-single-sample.json';
import App from '../App.svelte';
import { epochs, FakeApi, IRIS_CONFIG, IRIS_SUMMARY } from '../test/fake-api';
import { parseColour } from '../theme/sign';
import GradientCheckPanel from './GradientCheckPanel.svelte';
import '../app.css';
import { GradientCheckState } from './gradient-check.svelte';
import { EngineHost } from './testing/engine-api';

/** The real engine's check on the 3-3-2 case; progress reports from a fake host. */
function checked() {
  const engine = new EngineHost({
    topology: golden.topology,
    activations: ['sigmoid', 'sigmoid'],
    loss: 'mse',
    init: golden.init,
    data: golden.data,
    learningRate: 0.5,
    batchSize: 0,
  });
  const host = new FakeApi();
  const check = new GradientCheckState({
    gradientCheck: () => engine.gradientCheck(),
    cancelGradientCheck: () => engine.cancelGradientCheck(),
    onProgress: host.onProgress,
  });
  return { host, check };
}

/** A result of two layers, the second failing. */
const RESULT: GradientCheckResult = {
  epsilon: 1e-5,
  rowsUsed: 32,
  layers: [
    { layer: 1, maxRelativeError: 3e-9 },
    { layer: 2, maxRelativeError: 2e-3 },
  ],
};

/** The panel on a host whose checks the test ends (FakeApi.finishCheck) and reports. */
async function running() {
  const api = new FakeApi();
  const check = new GradientCheckState(api);
  const screen = await render(GradientCheckPanel, { props: { check } });
  const run = screen.getByRole('button', { name: 'Run gradient check' });
  const cancel = screen.getByRole('button', { name: 'Cancel' });
  const errors = () =>
    [...screen.container.querySelectorAll('td[data-value]')].map((td) =>
      Number((td as HTMLElement).dataset.value),
    );
  return { api, check, screen, run, cancel, errors };
}

describe('GradientCheckPanel', () => {
  it('says the epoch it checked, and marks the result out of date once training goes on', async () => {
    const { host, check } = checked();
    const screen = await render(GradientCheckPanel, { props: { check } });
    const summary = screen.getByText('Backprop agrees with finite differences', { exact: false });
    const stale = screen.getByText('Out of date', { exact: false });

    // One epoch trained, paused: checked at it.
    host.emitProgress({ points: epochs(1, 1), samplesPerSecond: 10, state: 'paused' });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(summary).toHaveTextContent('at the weights of epoch 1.');
    await expect.element(stale).not.toBeInTheDocument();

    // Trained on to epoch 200: the epoch-1 result is no longer the network's.
    host.emitProgress({ points: epochs(2, 199), samplesPerSecond: 10, state: 'running' });
    host.emitProgress({ points: [], samplesPerSecond: 10, state: 'paused' });
    await expect.element(stale).toBeVisible();
    await expect.element(stale).toHaveTextContent('checked at the weights of epoch 1');
    await expect.element(summary).toHaveTextContent('at the weights of epoch 1.');
    const table = screen.getByRole('table', { name: 'Gradient check result' });
    expect(Number(getComputedStyle(table.element()).opacity)).toBeLessThan(1);

    // Checked again: the current weights', current.
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(summary).toHaveTextContent('at the weights of epoch 200.');
    await expect.element(stale).not.toBeInTheDocument();
    expect(getComputedStyle(table.element()).opacity).toBe('1');
  });

  it('marks a result out of date after one Step of a batch (no epoch ends)', async () => {
    const { host, check } = checked();
    const screen = await render(GradientCheckPanel, { props: { check } });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect
      .element(screen.getByText('Backprop agrees', { exact: false }))
      .toHaveTextContent('at the initial weights.');
    // A batch step reports the run paused again, with no epoch finished.
    host.emitProgress({ points: [], samplesPerSecond: 0, state: 'paused' });
    await expect.element(screen.getByText('Out of date', { exact: false })).toBeVisible();
  });

  it('says the batches of the epoch the checked weights had trained, paused inside it', async () => {
    const { host, check } = checked();
    const screen = await render(GradientCheckPanel, { props: { check } });
    // Two Steps of a batch: the host reports paused inside epoch 1, 2 of its 7 batches trained.
    const inside = {
      epochs: 0,
      batches: 2,
      of: 7,
      trainLoss: 1,
      validationLoss: null,
      maxChange: 0.4,
    };
    host.emitProgress({ points: epochs(0, 1), samplesPerSecond: 0, state: 'paused', inside });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    const summary = screen.getByText('Backprop agrees', { exact: false });
    await expect.element(summary).toHaveTextContent('at the weights of epoch 0 + 2 of 7 batches.');
    // The epoch trained to its end, checked again: the whole epoch's weights.
    host.emitProgress({ points: epochs(1, 1), samplesPerSecond: 0, state: 'paused' });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(summary).toHaveTextContent('at the weights of epoch 1.');
  });

  it('stays current when the run only stops (Stop while paused moves no weight)', async () => {
    const { host, check } = checked();
    const screen = await render(GradientCheckPanel, { props: { check } });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(screen.getByText('Backprop agrees', { exact: false })).toBeVisible();
    host.emitProgress({ points: [], samplesPerSecond: 0, state: 'finished' });
    await expect.element(screen.getByText('Out of date', { exact: false })).not.toBeInTheDocument();
  });
});

describe('GradientCheckPanel verdicts', () => {
  /** The rows' verdicts and their last cells as shown. */
  function rows(screen: Awaited<ReturnType<typeof running>>['screen']) {
    return [...screen.container.querySelectorAll('tbody tr')].map((tr) => ({
      verdict: (tr as HTMLElement).dataset.verdict,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      red: tr.classList.contains('bad'),
    }));
  }

  it('passes a layer within finite-difference accuracy, and says what was compared', async () => {
    const { api, screen, run } = await running();
    await run.click();
    // As the digits' W⁽²⁾ after 20 epochs: 1.07e-5 at ε, within D(ε)'s own error bound.
    api.finishCheck({
      epsilon: 1e-5,
      rowsUsed: 32,
      layers: [
        {
          layer: 1,
          maxRelativeError: 1.07e-5,
          verdict: 'fd-accuracy',
          withinFdAccuracy: 17,
          failed: 0,
          maxFdError: 2.4e-4,
        },
        {
          layer: 2,
          maxRelativeError: 3.5e-7,
          verdict: 'pass',
          withinFdAccuracy: 0,
          failed: 0,
          maxFdError: 0,
        },
      ],
    });
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'Backprop' }))
      .toHaveTextContent(
        'Backprop agrees with finite differences to within their own accuracy (ε = 0.00001, and ε/2 for the 17 parameters above 10⁻⁶; 32 rows) at the initial weights.',
      );
    expect(rows(screen)).toEqual([
      {
        verdict: 'fd-accuracy',
        cells: [
          '1.07e-5',
          '2.40e-4',
          'within finite-difference accuracy (17 parameters above 10⁻⁶)',
        ],
        red: false,
      },
      { verdict: 'pass', cells: ['3.50e-7', '—', 'pass'], red: false },
    ]);
  });

  it('fails a layer with a parameter beyond finite-difference accuracy, in the theme colours', async () => {
    const { api, screen, run } = await running();
    await run.click();
    api.finishCheck({
      epsilon: 1e-5,
      rowsUsed: 32,
      layers: [
        {
          layer: 1,
          maxRelativeError: 2,
          verdict: 'fail',
          withinFdAccuracy: 0,
          failed: 650,
          maxFdError: 3e-3,
        },
        {
          layer: 2,
          maxRelativeError: 1e-9,
          verdict: 'pass',
          withinFdAccuracy: 0,
          failed: 0,
          maxFdError: 0,
        },
      ],
    });
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'Backprop' }))
      .toHaveTextContent(
        /^Backprop disagrees with finite differences \(ε = 0.00001, and ε\/2 for the 650 parameters above 10⁻⁶; 32 rows\)/,
      );
    expect(rows(screen).map((r) => [r.cells[2], r.red])).toEqual([
      ['FAIL (650 parameters beyond it)', true],
      ['pass', false],
    ]);
    // In the theme's colours (app.css), as every view's.
    const theme = (name: string) =>
      parseColour(getComputedStyle(document.documentElement).getPropertyValue(name));
    const background = (verdict: string) =>
      parseColour(
        getComputedStyle(screen.container.querySelector(`tr[data-verdict="${verdict}"] td`)!)
          .backgroundColor,
      );
    expect(background('fail')).toEqual(theme('--error'));
    expect(background('pass')).toEqual(theme('--ok'));
  });

  it('judges a result saved before verdicts by the fixed 10⁻⁶ that judged it then', async () => {
    const { api, screen, run } = await running();
    await run.click();
    api.finishCheck(RESULT);
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'Backprop' }))
      .toHaveTextContent('Backprop disagrees with finite differences (ε = 0.00001, 32 rows)');
    expect(rows(screen).map((r) => r.cells)).toEqual([
      ['3.00e-9', '—', 'pass'],
      ['2.00e-3', '—', 'FAIL'],
    ]);
  });
});

describe('GradientCheckPanel while a check runs', () => {
  it('shows how many parameters are checked as the host reports it, then the result', async () => {
    const { api, screen, run, cancel, errors } = await running();
    await run.click();
    await expect.element(run).toBeDisabled();
    await expect.element(cancel).toBeVisible();
    await expect.element(screen.getByText('Checking gradients…')).toBeVisible();
    const progress = screen.getByRole('progressbar', { name: 'Gradient check progress' });

    api.emitCheckProgress({ checked: 1234, total: 50_000 });
    await expect
      .element(screen.getByText('Checking gradients…', { exact: false }))
      .toHaveTextContent('Checking gradients… 1,234 of 50,000 parameters (2 %)');
    expect((progress.element() as HTMLProgressElement).value).toBe(1234);
    expect((progress.element() as HTMLProgressElement).max).toBe(50_000);
    api.emitCheckProgress({ checked: 37_500, total: 50_000 });
    await expect
      .element(screen.getByText('Checking gradients…', { exact: false }))
      .toHaveTextContent('37,500 of 50,000 parameters (75 %)');

    api.finishCheck(RESULT);
    await expect.element(screen.getByText('Backprop disagrees', { exact: false })).toBeVisible();
    expect(errors()).toEqual([3e-9, 2e-3]);
    await expect.element(progress).not.toBeInTheDocument();
    await expect.element(cancel).not.toBeInTheDocument();
    await expect.element(run).toBeEnabled();
    // A report after the check ended (it was on its way) shows nothing.
    api.emitCheckProgress({ checked: 50_000, total: 50_000 });
    await expect.element(progress).not.toBeInTheDocument();
  });

  it('stops at Cancel: says so, keeps the last result as it was, and gives the focus back', async () => {
    const { api, check, screen, run, cancel, errors } = await running();
    await run.click();
    api.finishCheck(RESULT);
    await expect.element(screen.getByRole('table')).toBeVisible();

    await run.click();
    api.emitCheckProgress({ checked: 10, total: 1000 });
    await cancel.click();
    expect(api.calls.filter((c) => c === 'cancelGradientCheck')).toHaveLength(1);
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'cancelled' }))
      .toHaveTextContent('Gradient check cancelled; the result below is the last one.');
    expect(errors()).toEqual([3e-9, 2e-3]);
    expect(check.result).toBe(RESULT);
    expect(check.error).toBeNull();
    await expect.element(screen.getByRole('alert')).not.toBeInTheDocument();
    await expect.element(cancel).not.toBeInTheDocument();
    await expect.element(run).toHaveFocus();

    // The next check clears the word, and its result replaces the last.
    await run.click();
    await expect.element(screen.getByText('Gradient check cancelled')).not.toBeInTheDocument();
    api.finishCheck({ ...RESULT, layers: [{ layer: 1, maxRelativeError: 1e-9 }] });
    await expect.element(screen.getByText('Backprop agrees', { exact: false })).toBeVisible();
    expect(errors()).toEqual([1e-9]);
  });

  it('says only "cancelled" when there was no result before', async () => {
    const { screen, run, cancel } = await running();
    await run.click();
    await cancel.click();
    await expect
      .element(screen.getByRole('status'))
      .toHaveTextContent(/^Gradient check cancelled\.$/);
    await expect.element(screen.getByRole('table')).not.toBeInTheDocument();
  });

  it('says why when the training process stopped the check, not "cancelled"', async () => {
    const { api, check, screen, run } = await running();
    await run.click();
    api.finishCheck(RESULT);
    await expect.element(screen.getByRole('table')).toBeVisible();
    await run.click();
    // A Start with changed settings set the network up again: the host ends the check with null.
    api.finishCheck(null);
    await expect
      .element(screen.getByRole('status').filter({ hasText: 'stopped' }))
      .toHaveTextContent(
        'Gradient check stopped: training set the network up again with the changed settings; the result below is the last one. Run it again to check the weights as they are now.',
      );
    expect(check.cancelled).toBe(false);
    expect(check.interrupted).toBe(true);
    expect(check.result).toBe(RESULT);
    // The next check clears it.
    await run.click();
    expect(check.interrupted).toBe(false);
  });

  it('shows the result of a check that ended as Cancel was asked, not "cancelled"', async () => {
    const { api, check, screen } = await running();
    const done = check.run();
    // The host finished first: the cancel finds nothing under way.
    api.finishCheck(RESULT);
    await check.cancel();
    await done;
    expect(check.result).toBe(RESULT);
    expect(check.cancelled).toBe(false);
    await expect.element(screen.getByRole('table')).toBeVisible();
    // And once it is over, a cancel asks the host nothing.
    const asked = api.calls.length;
    await check.cancel();
    expect(api.calls).toHaveLength(asked);
    expect(check.result).toBe(RESULT);
  });

  it('stops a check of a network that is forgotten, and shows none of its reply', async () => {
    const { api, check, screen, run } = await running();
    await run.click();
    api.emitCheckProgress({ checked: 10, total: 1000 });
    check.forget();
    expect(api.calls).toContain('cancelGradientCheck');
    await expect.element(run).toBeEnabled();
    await expect.element(screen.getByRole('progressbar')).not.toBeInTheDocument();
    await expect.element(screen.getByRole('status')).not.toBeInTheDocument();
    expect(check.cancelled).toBe(false);
  });
});

/** Iris reopened from a project paused at epoch 200. */
function reopened(): OpenedProject {
  return {
    summary: IRIS_SUMMARY,
    config: IRIS_CONFIG,
    history: epochs(1, 200),
    stopReason: null,
    result: null,
  };
}

describe('the gradient check in the workspace', () => {
  it("takes the epoch from the workspace's run, also one reopened without progress reports", async () => {
    const api = new FakeApi();
    // A project reopened at epoch 200: the page hears no progress, the run comes from the file.
    api.project = reopened();
    const result: GradientCheckResult = {
      epsilon: 1e-5,
      rowsUsed: 32,
      layers: [{ layer: 1, maxRelativeError: 3e-9 }],
    };
    const host: BackpropApi = Object.assign(api, { gradientCheck: async () => result });
    const screen = await render(App, { props: { api: host } });
    await screen.getByRole('button', { name: 'Open project…' }).click();
    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect
      .element(screen.getByText('Backprop agrees', { exact: false }))
      .toHaveTextContent('at the weights of epoch 200.');
  });

  it('cancels a check under way with Escape before it stops a paused run', async () => {
    const api = new FakeApi();
    api.project = reopened();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open project…' }).click();
    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(screen.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect
      .element(screen.getByText('Gradient check cancelled', { exact: false }))
      .toBeVisible();
    expect(api.calls).toContain('cancelGradientCheck');
    expect(api.calls).not.toContain('stop');
    // Nothing to cancel now: Escape is Stop training again.
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => api.calls).toContain('stop');
  });
});
