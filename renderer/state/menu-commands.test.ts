// The desktop menu's commands run what the page's own buttons run, and nothing that is not
// possible now: a menu click can arrive after the state changed.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { TrainingMenuCommand } from '../../app/shared/api';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';

type Action = TrainingMenuCommand extends `training-${infer A}` ? A : never;
const BUTTONS: Record<Action, string> = {
  start: 'Start training',
  pause: 'Pause',
  resume: 'Resume',
  step: 'Step',
  stop: 'Stop',
  reset: 'Reset',
};

async function loaded() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  return { api, screen };
}

/** A whole run, each step taken with the Training bar's buttons or the Training menu. */
async function run(via: 'buttons' | 'menu'): Promise<string[]> {
  const { api, screen } = await loaded();
  const calls = () => api.calls.filter((c) => c !== 'network');
  const act = async (action: Action, call: string) => {
    const before = calls().length;
    if (via === 'buttons')
      await screen.getByRole('button', { name: BUTTONS[action], exact: true }).click();
    else api.emitMenu(`training-${action}`);
    if (action === 'reset') {
      const dialog = page.getByRole('dialog', { name: 'Reset to fresh weights?' });
      await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    }
    await expect.poll(() => calls().slice(before)).toContain(call);
  };
  await act('start', 'start');
  api.emitProgress({ points: epochs(1, 2), samplesPerSecond: 100, state: 'running' });
  await act('pause', 'pause');
  await act('step', 'step:epoch');
  await act('resume', 'resume');
  await act('stop', 'stop');
  api.emitFinished(FINISHED);
  await act('reset', 'reset');
  await screen.unmount();
  return calls();
}

describe('the Training menu', () => {
  it("runs exactly what the Training bar's buttons run", async () => {
    const buttons = await run('buttons');
    expect(buttons).toEqual([
      'openDatasetDialog',
      'configure',
      'start',
      'pause',
      'step:epoch',
      'resume',
      'stop',
      'reset',
    ]);
    expect(await run('menu')).toEqual(buttons);
  });

  it('ignores a command that is not possible now, as its disabled button would', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    const idle = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return api.calls.filter((c) => c !== 'network');
    };
    // No dataset: nothing to save, export or train.
    for (const command of ['save-project', 'export-weights', 'export-losses'] as const)
      api.emitMenu(command);
    api.emitMenu('training-start');
    api.emitMenu('training-step');
    expect(await idle()).toEqual([]);

    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    api.calls.length = 0;
    // Idle: no run to pause, resume, stop or reset, no weights or epochs to export.
    for (const command of ['pause', 'resume', 'stop', 'reset'] as const)
      api.emitMenu(`training-${command}`);
    api.emitMenu('export-weights');
    api.emitMenu('export-losses');
    expect(await idle()).toEqual([]);

    // A finished run asks before Start replaces it; meanwhile the menu runs nothing.
    api.emitMenu('training-start');
    await expect.poll(() => api.calls).toContain('start');
    api.emitFinished(FINISHED);
    api.emitMenu('training-start');
    const dialog = page.getByRole('dialog', { name: 'Start a new run?' });
    await expect.element(dialog).toBeVisible();
    api.calls.length = 0;
    api.emitMenu('training-reset');
    api.emitMenu('export-weights');
    expect(await idle()).toEqual([]);
    await expect.element(page.getByRole('dialog', { name: 'Start a new run?' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    api.emitMenu('export-weights');
    await expect.poll(() => api.calls).toContain('exportWeights');
  });
});

describe('the Help menu', () => {
  it('opens the list of keyboard shortcuts, its toggle focused', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    const list = screen.getByText('Start training, Pause or Resume');
    await expect.element(list).not.toBeVisible();
    api.emitMenu('show-shortcuts');
    await expect.element(list).toBeVisible();
    const toggle = screen.getByText('Keyboard shortcuts');
    await expect.element(toggle).toHaveFocus();
    // Asked again while it is open, with the focus elsewhere: it stays open, the focus comes back.
    screen.getByRole('button', { name: 'Open dataset…' }).element().focus();
    api.emitMenu('show-shortcuts');
    await expect.element(toggle).toHaveFocus();
    await expect.element(list).toBeVisible();
  });
});
