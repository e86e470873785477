// The Examples menu in the workspace: reachable and usable from the keyboard, it opens the
// chosen example through the host and brings the backprop inspector forward on row 0.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import golden from '../../core/fixtures/golden/seed-3-3-2-single-sample.json';
import type { DatasetSummary, ExampleId, SessionConfig } from '../../app/shared/api';
import App from '../App.svelte';
import { EngineHost } from '../inspector/testing/engine-api';
import { FakeApi } from '../test/fake-api';

const SUMMARY: DatasetSummary = {
  name: 'seed-3-3-2.csv',
  rows: 1,
  columns: ['x1', 'x2', 'x3', 'y1', 'y2'].map((name) => ({
    name,
    kind: 'numeric' as const,
    missing: 0,
    min: 0,
    max: 0,
    mean: 0,
    distinct: 1,
  })),
  preview: [],
  suggestedRoles: ['input', 'input', 'input', 'target', 'target'],
};

/** The workspace's fake host, with the real engine behind the example and the inspector. */
class ExampleApi extends FakeApi {
  readonly opened: ExampleId[] = [];
  readonly engine = new EngineHost({
    topology: golden.topology,
    activations: ['sigmoid', 'sigmoid'],
    loss: 'mse',
    init: golden.init,
    data: golden.data,
    learningRate: 0.5,
    batchSize: 0,
  });
  override openExample = async (id: ExampleId) => {
    this.opened.push(id);
    const config: SessionConfig = {
      roles: SUMMARY.suggestedRoles,
      normalization: 'none',
      validationFraction: 0,
      testFraction: 0,
      hiddenLayers: [{ units: 3, activation: 'sigmoid' }],
      outputActivation: 'sigmoid',
      loss: 'mse',
      hyperparameters: this.engine.hp,
    };
    return { summary: SUMMARY, config };
  };
  override inspect = this.engine.inspect.bind(this.engine);
  override decisionSurface = this.engine.decisionSurface.bind(this.engine);
}

describe('Examples menu', () => {
  it('opens an example from the keyboard and shows the inspector on the first step', async () => {
    const api = new ExampleApi();
    const screen = await render(App, { props: { api } });
    const summary = screen.getByText('Examples', { exact: true });
    (summary.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    const items = screen.getByRole('menuitem');
    await expect.element(items.first()).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(items.nth(1)).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}{Enter}');
    expect(api.opened).toEqual(['seed-3-3-2']);
    await expect.element(screen.getByRole('tab', { name: 'Backprop inspector' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect.element(screen.getByText('Training row 0 of 1', { exact: false })).toBeVisible();
    await expect.element(screen.getByText('seed-3-3-2.csv')).toBeVisible();
    const delta = screen.container.querySelectorAll('[data-quantity="delta"][data-layer="3"] td');
    expect([...delta].map((td) => Number((td as HTMLElement).dataset.value))).toEqual(
      (await api.engine.inspect({ row: 0, batchMean: false })).delta[2],
    );
  });
});
