// The renderer as the desktop app runs it: the built page with the real preload
// (app/preload/index.ts, bundled with a fake `electron`: Electron's contextBridge imitated, main
// played by the test, see e2e/fake-electron.ts) as window.backprop, injected before any script
// runs. The renderer must use it, start no worker, follow the host's events and menu commands,
// and show a failure where it belongs although the bridge keeps only an Error's message.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressBatch, Settled, TrainingFinished } from '../app/shared/api';
import type { DatasetSummary } from '../core/types';
import { hardenSession } from '../app/main/window';
import type { FakeMain } from './e2e/fake-electron';
import { buildDesktopPreload, collectErrors, startWebApp, type WebApp } from './e2e/harness';

const SUMMARY: DatasetSummary = {
  name: 'iris.csv',
  rows: 150,
  columns: [
    {
      name: 'sepal_length_cm',
      kind: 'numeric',
      missing: 0,
      min: 4.3,
      max: 7.9,
      mean: 5.843,
      distinct: 35,
    },
    {
      name: 'petal_width_cm',
      kind: 'numeric',
      missing: 0,
      min: 0.1,
      max: 2.5,
      mean: 1.199,
      distinct: 22,
    },
    { name: 'species', kind: 'text', missing: 0, min: null, max: null, mean: null, distinct: 3 },
  ],
  preview: [['5.1', '0.2', 'setosa']],
  suggestedRoles: ['input', 'input', 'target'],
};

/** The Content-Security-Policy header the desktop app's main sends with the page. */
function desktopCsp(): string {
  let csp = '';
  hardenSession({
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    webRequest: {
      onHeadersReceived(
        listener: (
          details: { responseHeaders: object },
          callback: (r: { responseHeaders: Record<string, string[]> }) => void,
        ) => void,
      ) {
        listener(
          { responseHeaders: {} },
          (r) => (csp = r.responseHeaders['Content-Security-Policy'][0]),
        );
      },
    },
  } as never);
  if (!csp.includes("script-src 'self'")) throw new Error(`unexpected desktop CSP: ${csp}`);
  return csp;
}

let app: WebApp;
let preload: string;
beforeAll(async () => {
  [app, preload] = await Promise.all([
    startWebApp({ 'Content-Security-Policy': desktopCsp() }),
    buildDesktopPreload(),
  ]);
});
afterAll(async () => {
  await app?.close();
});

/** A page of the desktop app whose main answers `replies` (channel → reply). */
async function desktopPage(replies: Record<string, Settled<unknown>>): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript((r) => {
    (window as unknown as FakeMain).__replies = r;
  }, replies);
  await page.addInitScript({ content: preload });
  return page;
}

const allCalls = (page: Page) => page.evaluate(() => (window as unknown as FakeMain).__calls);
/** What the page asked of main, but its menu state (menuStates). */
const calls = async (page: Page) =>
  (await allCalls(page)).filter((c) => c.channel !== 'menu:state');
/** The menu states the page reported to main, in order. */
const menuStates = async (page: Page) =>
  (await allCalls(page)).filter((c) => c.channel === 'menu:state').map((c) => c.args[0]);
const channels = async (page: Page) => (await calls(page)).map((c) => c.channel);
const emit = (page: Page, channel: string, payload: unknown) =>
  page.evaluate(([c, p]) => (window as unknown as FakeMain).__emit(c as string, p), [
    channel,
    payload,
  ] as const);

describe('the renderer under the desktop preload', () => {
  it('uses window.backprop for every action and follows its events', async () => {
    const page = await desktopPage({
      'dataset:open-dialog': { ok: true, value: SUMMARY },
      'weights:export': { ok: true, value: { location: '/home/ada/iris.model.json' } },
    });
    const errors = collectErrors(page);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(app.url);

    await page.getByRole('button', { name: 'Open dataset…' }).click();
    await page.getByText('150 rows · 3 columns').waitFor();
    await page.getByRole('button', { name: 'Add layer' }).click();
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect
      .poll(() => channels(page))
      // session:current first: the page asks what the training process holds as it loads.
      .toEqual(['session:current', 'dataset:open-dialog', 'session:configure', 'training:start']);
    const config = (await calls(page))[2].args[0] as {
      hiddenLayers: unknown;
      roles: unknown;
      loss: string;
    };
    expect(config.hiddenLayers).toEqual([{ units: 8, activation: 'tanh' }]);
    expect(config.roles).toEqual(['input', 'input', 'target']);
    expect(config.loss).toBe('cross-entropy');

    const batch: ProgressBatch = {
      points: [
        { epoch: 1, trainLoss: 1.05, validationLoss: 1.1, maxChange: 0.2, elapsedMs: 3 },
        { epoch: 2, trainLoss: 0.9, validationLoss: 0.95, maxChange: 0.1, elapsedMs: 6 },
      ],
      samplesPerSecond: 40000,
      state: 'running',
    };
    await emit(page, 'training:progress', batch);
    const status = page.locator('.bar [role="status"]');
    await expect.poll(() => status.textContent()).toContain('epoch 2');
    expect(await status.textContent()).toContain('40,000 samples/s');

    const finished: TrainingFinished = {
      reason: 'early-stopping',
      detail: 'validation loss did not improve for 10 epochs',
      epochs: 2,
      partial: null,
      train: {
        loss: 0.9,
        metrics: {
          kind: 'classification',
          accuracy: 0.7,
          labels: ['a', 'b', 'c'],
          confusion: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 1, 0],
          ],
        },
      },
      validation: null,
      test: null,
    };
    await emit(page, 'training:finished', finished);
    await expect.poll(() => status.textContent()).toContain('validation loss stopped improving');
    // The native menu follows: what the page reported last is what its buttons offer now.
    await expect
      .poll(async () => (await menuStates(page)).at(-1))
      .toEqual({
        training: 'finished',
        ...{ start: true, pause: false, resume: false, step: false, stop: false, reset: true },
        ...{ saveProject: true, exportWeights: true, exportLosses: true },
      });
    expect((await menuStates(page))[0]).toMatchObject({ training: 'idle', saveProject: false });

    // A command from the native menu, and an error from the host.
    await emit(page, 'menu:command', 'export-weights');
    await page.getByText('Weights exported to /home/ada/iris.model.json').waitFor();
    await emit(page, 'app:error', {
      scope: 'process',
      message: 'The training process stopped (exit code 70); a new one took over.',
    });
    await page.getByText('exit code 70').waitFor();

    expect(await channels(page)).toContain('weights:export');
    expect(workers).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('shows, as it loads, the dataset the training process still holds (a reloaded page)', async () => {
    const page = await desktopPage({
      'session:current': {
        ok: true,
        value: { summary: SUMMARY, config: null, history: [], stopReason: null, result: null },
      },
    });
    const errors = collectErrors(page);
    await page.goto(app.url);
    await page.getByText('150 rows · 3 columns').waitFor();
    // …and then its weights, to draw them
    expect(await channels(page)).toEqual(['session:current', 'network:snapshot']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a failure beside its cause: the broken CSV of a project beside the dataset', async () => {
    const broken = 'broken.csv: row 3, column 2 "y" has "oops", which is not a number';
    const page = await desktopPage({
      'dataset:open-dialog': { ok: true, value: SUMMARY },
      // Main's reply: the project's dataset failed to load, an error of the dataset's.
      'project:open': { ok: false, error: { message: broken, scope: 'dataset' } },
      // A reply the preload refuses (a programming mistake): still a clear message.
      'project:save': { ok: true, value: { where: '/home/ada' } },
    });
    const errors = collectErrors(page);
    await page.goto(app.url);

    await page.getByRole('button', { name: 'Open dataset…' }).click();
    await page.getByText('150 rows · 3 columns').waitFor();
    await page.getByRole('button', { name: 'Open project…' }).click();
    await page.getByText(broken).waitFor();
    // Beside "Open dataset…", not in the toolbar's notice (where a project's own errors go).
    const notice = page.locator('header .notice');
    expect(await notice.textContent()).not.toContain('broken.csv');
    expect(await page.locator('#dataset-error').textContent()).toBe(broken);

    await emit(page, 'menu:command', 'save-project');
    await expect
      .poll(() => notice.textContent())
      .toContain('Invalid reply: project:save result.location');
    expect(await channels(page)).toEqual([
      'session:current',
      'dataset:open-dialog',
      'project:open',
      'project:save',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the file that File ▸ Open Recent names, by its path', async () => {
    const page = await desktopPage({ 'dataset:open-recent': { ok: true, value: SUMMARY } });
    const errors = collectErrors(page);
    await page.goto(app.url);
    await emit(page, 'menu:command', {
      command: 'open-recent',
      kind: 'dataset',
      path: '/home/ada/iris.csv',
    });
    await page.getByText('150 rows · 3 columns').waitFor();
    expect((await calls(page)).slice(1)).toEqual([
      { channel: 'dataset:open-recent', args: ['/home/ada/iris.csv'] },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
