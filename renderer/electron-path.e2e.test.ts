// The renderer as the desktop app runs it: the built page with a preload API (a fake, injected
// before any script runs) as window.backprop. The renderer must use it, start no worker, and
// follow the host's events and menu commands.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressBatch, TrainingFinished } from '../app/shared/api';
import type { DatasetSummary } from '../core/types';
import { installFakePreload } from './e2e/fake-preload';
import { collectErrors, startWebApp, type WebApp } from './e2e/harness';

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

let app: WebApp;
beforeAll(async () => {
  app = await startWebApp();
});
afterAll(async () => {
  await app?.close();
});

const calls = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __calls: { method: string; args: unknown[] }[] }).__calls,
  );
const methods = async (page: Page) => (await calls(page)).map((c) => c.method);
const emit = (page: Page, channel: string, payload: unknown) =>
  page.evaluate(
    ([c, p]) => (window as unknown as { __emit: (c: unknown, p: unknown) => void }).__emit(c, p),
    [channel, payload] as const,
  );

describe('the renderer under the desktop preload', () => {
  it('uses window.backprop for every action and follows its events', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.addInitScript(installFakePreload, SUMMARY);
    await page.goto(app.url);

    await page.getByRole('button', { name: 'Open dataset…' }).click();
    await page.getByText('150 rows · 3 columns').waitFor();
    await page.getByRole('button', { name: 'Add layer' }).click();
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => methods(page)).toEqual(['openDatasetDialog', 'configure', 'start']);
    const config = (await calls(page))[1].args[0] as {
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
    await emit(page, 'progress', batch);
    const status = page.locator('.bar [role="status"]');
    await expect.poll(() => status.textContent()).toContain('epoch 2');
    expect(await status.textContent()).toContain('40,000 samples/s');

    const finished: TrainingFinished = {
      reason: 'early-stopping',
      detail: 'validation loss did not improve for 10 epochs',
      epochs: 2,
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
    await emit(page, 'finished', finished);
    await expect.poll(() => status.textContent()).toContain('validation loss stopped improving');

    // A command from the native menu, and an error from the host.
    await emit(page, 'menu', 'export-weights');
    await page.getByText('Weights exported to /home/ada/iris.model.json').waitFor();
    await emit(page, 'error', {
      scope: 'process',
      message: 'The training process stopped (exit code 70); a new one took over.',
    });
    await page.getByText('exit code 70').waitFor();

    expect(await methods(page)).toContain('exportWeights');
    expect(workers).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
