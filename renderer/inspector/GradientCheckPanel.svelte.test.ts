// The gradient check's result says which weights it checked, and is marked out of date once
// training moves them: a check at epoch 1 is not shown as the verdict on epoch 200's weights.
import { describe, expect, it } from 'vitest';
import type { BackpropApi, GradientCheckResult } from '../../app/shared/api';
import { render } from 'vitest-browser-svelte';
import golden from '../../core/fixtures/golden/seed-3-3-2-single-sample.json';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import App from '../App.svelte';
import { epochs, FakeApi, IRIS_SUMMARY } from '../test/fake-api';
import GradientCheckPanel from './GradientCheckPanel.svelte';
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

  it('stays current when the run only stops (Stop while paused moves no weight)', async () => {
    const { host, check } = checked();
    const screen = await render(GradientCheckPanel, { props: { check } });
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    await expect.element(screen.getByText('Backprop agrees', { exact: false })).toBeVisible();
    host.emitProgress({ points: [], samplesPerSecond: 0, state: 'finished' });
    await expect.element(screen.getByText('Out of date', { exact: false })).not.toBeInTheDocument();
  });
});

describe('the gradient check in the workspace', () => {
  it("takes the epoch from the workspace's run, also one reopened without progress reports", async () => {
    const api = new FakeApi();
    // A project reopened at epoch 200: the page hears no progress, the run comes from the file.
    api.project = {
      summary: IRIS_SUMMARY,
      config: {
        roles: IRIS_SUMMARY.suggestedRoles,
        normalization: 'zscore',
        validationFraction: 0.2,
        testFraction: 0,
        hiddenLayers: [],
        outputActivation: 'softmax',
        loss: 'cross-entropy',
        hyperparameters: DEFAULT_HYPERPARAMETERS,
      },
      history: epochs(1, 200),
      stopReason: null,
      result: null,
    };
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
});
