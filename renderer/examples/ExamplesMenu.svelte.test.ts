// The Examples menu in the workspace: reachable and usable from the keyboard, it opens the
// chosen example through the host and brings the backprop inspector forward on row 0.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import golden from '../../core/fixtures/golden/seed-3-3-2-single-sample.json';
import type {
  BackpropApi,
  ExampleId,
  InspectRequest,
  SessionConfig,
  SurfaceRequest,
} from '../../app/shared/api';
import type { DatasetSummary } from '../../core/types';
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
function exampleApi() {
  const opened: ExampleId[] = [];
  const engine = new EngineHost({
    topology: golden.topology,
    activations: ['sigmoid', 'sigmoid'],
    loss: 'mse',
    init: golden.init,
    data: golden.data,
    learningRate: 0.5,
    batchSize: 0,
  });
  const config: SessionConfig = {
    roles: SUMMARY.suggestedRoles,
    normalization: 'none',
    validationFraction: 0,
    testFraction: 0,
    hiddenLayers: [{ units: 3, activation: 'sigmoid' }],
    outputActivation: 'sigmoid',
    loss: 'mse',
    hyperparameters: engine.hp,
  };
  const api: BackpropApi = Object.assign(new FakeApi(), {
    openExample: async (id: ExampleId) => (opened.push(id), { summary: SUMMARY, config }),
    inspect: (request: InspectRequest) => engine.inspect(request),
    decisionSurface: (request: SurfaceRequest) => engine.decisionSurface(request),
  });
  return { api, engine, opened };
}

/** Opens the menu from its summary with Enter: the focus goes to its first item. */
async function openFromKeyboard(screen: Awaited<ReturnType<typeof render>>) {
  const summary = screen.getByText('Examples', { exact: true });
  (summary.element() as HTMLElement).focus();
  await userEvent.keyboard('{Enter}');
  const items = screen.getByRole('menuitem');
  await expect.element(items.first()).toHaveFocus();
  return { summary, items };
}

describe('Examples menu', () => {
  it('opens an example from the keyboard and shows the inspector on the first step', async () => {
    const { api, engine, opened } = exampleApi();
    const screen = await render(App, { props: { api } });
    const { summary, items } = await openFromKeyboard(screen);
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(items.nth(1)).toHaveFocus();
    // One Tab stop, on the item the focus is on: the others are out of the Tab order.
    expect(items.elements().map((item) => item.tabIndex)).toEqual(
      items.elements().map((_, k) => (k === 1 ? 0 : -1)),
    );
    await userEvent.keyboard('{End}');
    await expect.element(items.last()).toHaveFocus();
    expect(items.last().element().tabIndex).toBe(0);
    expect(items.nth(1).element().tabIndex).toBe(-1);
    await userEvent.keyboard('{Home}{Enter}');
    expect(opened).toEqual(['seed-3-3-2']);
    // The menu closed with its item: the focus is back on its summary, not on the page's body.
    await expect.element(summary).toHaveFocus();
    await expect.element(screen.getByRole('tab', { name: 'Backprop inspector' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect.element(screen.getByText('Training row 0 of 1', { exact: false })).toBeVisible();
    await expect.element(screen.getByText('seed-3-3-2.csv')).toBeVisible();
    const delta = screen.container.querySelectorAll('[data-quantity="delta"][data-layer="3"] td');
    expect([...delta].map((td) => Number((td as HTMLElement).dataset.value))).toEqual(
      (await engine.inspect({ row: 0, batchMean: false })).delta[2],
    );
  });

  it('closes when the focus leaves it with Tab, so it covers nothing the focus goes on to', async () => {
    const { api, opened } = exampleApi();
    const screen = await render(App, { props: { api } });
    const { summary, items } = await openFromKeyboard(screen);
    const menu = summary.element().closest('details')!;
    // The menu is one Tab stop (the ARIA menu pattern): Tab leaves it from any item, and closes it.
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(items.nth(1)).toHaveFocus();
    expect(menu.open).toBe(true);
    await userEvent.keyboard('{Tab}');
    await expect.element(screen.getByRole('button', { name: 'Open project…' })).toHaveFocus();
    expect(menu.open).toBe(false);
    expect(opened).toEqual([]);
  });

  it('drops the inspection when the network changes, so nothing stale is shown', async () => {
    const { api } = exampleApi();
    const screen = await render(App, { props: { api } });
    await screen.getByText('Examples', { exact: true }).click();
    await screen.getByRole('menuitem').first().click();
    await expect.element(screen.getByText('Training row 0 of 1', { exact: false })).toBeVisible();
    await screen.getByRole('spinbutton', { name: 'Units' }).fill('4');
    await userEvent.keyboard('{Tab}');
    await expect.element(screen.getByText('Ready to train a 3–4–2 network')).toBeVisible();
    await expect
      .element(screen.getByText('Press Refresh (or pick a row) to inspect', { exact: false }))
      .toBeVisible();
    expect(screen.container.querySelector('[data-quantity]')).toBeNull();
  });
});
