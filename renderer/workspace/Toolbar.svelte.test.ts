// The toolbar's line of what just happened: the next action replaces what it no longer describes,
// and a long message wraps inside the window instead of widening the page. The list of keyboard
// shortcuts closes with Escape.
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { BackpropApi, ExampleId } from '../../app/shared/api';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED, IRIS_CONFIG, IRIS_SUMMARY } from '../test/fake-api';

const WARNING =
  'latin1.csv: row 2, column 2 "label" has the byte 0xE9, which is not UTF-8: the file is read as ' +
  "Windows-1252 (Excel's encoding on Windows) from there on; if its text looks wrong, save it as " +
  'UTF-8';

afterEach(() => page.viewport(414, 896));

async function app(api = new FakeApi()) {
  await page.viewport(1440, 900);
  const screen = await render(App, { props: { api } });
  const line = screen.getByRole('banner').getByRole('status');
  const open = () => screen.getByRole('button', { name: 'Open dataset…' }).click();
  return { api, screen, line, open };
}

describe('the toolbar line', () => {
  it('wraps a long warning inside a 1440-pixel window, the shortcuts still on screen', async () => {
    const { api, screen, line, open } = await app();
    api.dataset = { ...IRIS_SUMMARY, warnings: [WARNING] };
    await open();
    await expect.element(line).toHaveTextContent(WARNING);
    // The whole text stays available, as the title of the line.
    await expect.element(line).toHaveAttribute('title', WARNING);
    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(window.innerWidth);
    const keys = screen.getByText('Keyboard shortcuts').element().getBoundingClientRect();
    expect(keys.right).toBeLessThanOrEqual(window.innerWidth);
    expect(keys.width).toBeGreaterThan(0);
  });

  it('is emptied by the next dataset that opens without a warning', async () => {
    const { api, line, open } = await app();
    api.dataset = { ...IRIS_SUMMARY, warnings: [WARNING] };
    await open();
    await expect.element(line).toHaveTextContent('0xE9');
    api.dataset = IRIS_SUMMARY;
    await open();
    await expect.element(line).toHaveTextContent('');
    expect(line.element().hasAttribute('title')).toBe(false);
  });

  it('does not keep "Example opened" once the user opens a CSV of their own', async () => {
    const api = Object.assign(new FakeApi(), {
      openExample: async (_: ExampleId) => ({ summary: IRIS_SUMMARY, config: IRIS_CONFIG }),
    });
    const { screen, line, open } = await app(api);
    await screen.getByText('Examples', { exact: true }).click();
    await screen.getByRole('menuitem', { name: /Iris flowers/ }).click();
    await expect.element(line).toHaveTextContent('Example opened: Iris flowers');
    await open();
    await expect.element(line).toHaveTextContent('');
  });

  it("shows a failed save in place of the notice, until the next action's result", async () => {
    const { api, screen, line, open } = await app();
    await open();
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('Project saved to /tmp/iris.backprop.json');
    api.saveProject = async () => {
      throw new Error('Could not write /tmp/iris.backprop.json: the disk is full');
    };
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('the disk is full');
    expect(line.element().textContent).not.toContain('Project saved');
    // A dataset opened since: the failed save no longer describes what is on screen.
    await open();
    await expect.element(line).toHaveTextContent('');
    // Nor does a training process that stopped, once the next result is announced.
    api.emitError({ scope: 'process', message: 'The training process stopped (exit code 70).' });
    await expect.element(line).toHaveTextContent('exit code 70');
    api.saveProject = async () => ({ location: '/tmp/again.backprop.json' });
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('Project saved to /tmp/again.backprop.json');
  });

  it("replaces a Predict's notice by the error of the next Predict, and that by the next result", async () => {
    /** What the next Predict a file… answers. */
    let predicted: BackpropApi['predictDialog'] = async () => null;
    const predicting = Object.assign(new FakeApi(), { predictDialog: () => predicted() });
    const { api, screen, line, open } = await app(predicting);
    await open();
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 10, state: 'running' });
    api.emitFinished(FINISHED);
    await screen.getByRole('tab', { name: 'Results' }).click();
    const predict = screen.getByRole('button', { name: 'Predict a file…' });
    predicted = async () => ({ location: '/tmp/new.predictions.csv', rows: 5 });
    await predict.click();
    await expect.element(line).toHaveTextContent('Predictions for 5 rows saved');
    // A problem of the file predicted, as both hosts scope it: Predict's own.
    const missing = 'iris.csv: no column named "weight, kg" (an input of the model)';
    predicted = async () => {
      throw Object.assign(new Error(missing), { error: { scope: 'export', message: missing } });
    };
    await predict.click();
    await expect.element(line).toHaveTextContent(missing);
    expect(line.element().textContent).not.toContain('Predictions for 5 rows saved');
    // …shown once, on the line where Predict tells its outcome, not beside "Open dataset…".
    expect(screen.getByText(missing).elements()).toHaveLength(1);
    expect(document.getElementById('dataset-error')).toBeNull();
    // A failed save after it: its own error on the line, not the older one.
    api.saveProject = async () => {
      throw new Error('Could not write /tmp/iris.backprop.json: the disk is full');
    };
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('the disk is full');
    expect(line.element().textContent).not.toContain('no column named');
    predicted = async () => ({ location: '/tmp/new.predictions.csv', rows: 1 });
    await predict.click();
    await expect.element(line).toHaveTextContent('Predictions for 1 row saved');
  });

  it('empties the line when a dataset fails to open, its error beside "Open dataset…"', async () => {
    const { api, screen, line, open } = await app();
    await open();
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('Project saved to /tmp/iris.backprop.json');
    api.dataset = new Error('broken.csv: row 3 has 4 cells, the header 5');
    await open();
    await expect.element(screen.getByText('broken.csv: row 3 has 4 cells')).toBeVisible();
    await expect.element(line).toHaveTextContent('');
  });

  it('empties the line when an example fails to open, its error in the menu', async () => {
    const { screen, line, open } = await app();
    await open();
    await screen.getByRole('button', { name: 'Save project…' }).click();
    await expect.element(line).toHaveTextContent('Project saved to /tmp/iris.backprop.json');
    await screen.getByText('Examples', { exact: true }).click();
    await screen.getByRole('menuitem', { name: /Iris flowers/ }).click();
    await expect
      .element(screen.getByText('Could not open the example: not in this fake'))
      .toBeVisible();
    await expect.element(line).toHaveTextContent('');
  });
});

describe('the list of keyboard shortcuts', () => {
  it('closes with Escape, the focus back on its toggle, and training goes on', async () => {
    const { api, screen, open } = await app();
    await open();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 10, state: 'running' });
    const toggle = screen.getByText('Keyboard shortcuts');
    // A key at once after the click, before the list's toggle event (which comes a task later).
    const summary = toggle.element() as HTMLElement;
    summary.click();
    summary.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    const list = screen.getByText('Stop training');
    await expect.element(list).not.toBeVisible();
    await toggle.click();
    await expect.element(list).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(list).not.toBeVisible();
    await expect.element(toggle).toHaveFocus();
    // Escape closed the list; it did not also stop the run (Escape's shortcut elsewhere).
    expect(api.calls).not.toContain('stop');
  });

  it('closes when Tab takes the focus away, so it covers nothing the focus goes on to', async () => {
    const { screen, open } = await app();
    await open();
    const toggle = screen.getByText('Keyboard shortcuts');
    (toggle.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    const list = screen.getByText('Stop training');
    await expect.element(list).toBeVisible();
    await userEvent.keyboard('{Tab}');
    await expect.element(toggle).not.toHaveFocus();
    await expect.element(list).not.toBeVisible();
  });
});
