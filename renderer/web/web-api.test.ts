// The web adapter against the real training session in a real Web Worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  BackpropApi,
  GradientCheckProgress,
  ProgressBatch,
  SessionConfig,
  TrainingFinished,
} from '../../app/shared/api';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { createWebApi } from './web-api';
import { CommandFailure } from './worker-client';

const XOR = 'x1,x2,y\n0,0,a\n0,1,b\n1,0,b\n1,1,a\n';
let worker: Worker | null = null;

function api(): BackpropApi {
  worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  return createWebApi(worker);
}

afterEach(() => worker?.terminate());

const config: SessionConfig = {
  roles: ['input', 'input', 'target'],
  normalization: 'none',
  validationFraction: 0,
  testFraction: 0,
  hiddenLayers: [{ units: 4, activation: 'tanh' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, maxEpochs: 30, threshold: 0, seed: 3 },
};

describe('the web adapter', () => {
  it('reads a picked file in the worker, trains, and reports every epoch once', async () => {
    const host = api();
    const summary = await host.openDatasetFile(new File([XOR], 'xor.csv', { type: 'text/csv' }));
    expect(summary.name).toBe('xor.csv');
    expect(summary.rows).toBe(4);
    expect(summary.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'text']);

    const batches: ProgressBatch[] = [];
    host.onProgress((b) => batches.push(b));
    const finished = new Promise<TrainingFinished>((resolve) => host.onFinished(resolve));
    await host.configure(config);
    await host.start();
    const result = await finished;
    expect(result.reason).toBe('max-epochs');
    expect(result.epochs).toBe(30);
    const epochs = batches.flatMap((b) => b.points.map((p) => p.epoch));
    expect(epochs.filter((e) => e > 0)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(result.train.metrics.kind).toBe('classification');

    const net = await host.network();
    expect(net?.topology).toEqual([2, 4, 2]);
    expect(net?.weights[0]).toHaveLength(2);
    expect(net?.weights[0][0]).toHaveLength(4);
  });

  it('rejects a malformed file with the reader’s message and keeps the dataset it had', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    const bad = host.openDatasetFile(new File(['a,b\n1,2\n3,"4\n'], 'bad.csv'));
    await expect(bad).rejects.toThrow(/bad\.csv/);
    await expect(bad).rejects.toBeInstanceOf(CommandFailure);
    // the session still has xor.csv: it configures and steps
    await host.configure(config);
    await host.step('epoch');
    expect((await host.network())?.topology).toEqual([2, 4, 2]);
  });

  it('downloads the model and its layer files under one name, W⁽ˡ⁾ numbered from 2', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure(config);
    await host.step('epoch');
    const names: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    try {
      expect(await host.exportWeights()).toEqual({
        location: 'your downloads (xor.model.json and 4 CSV files)',
      });
    } finally {
      click.mockRestore();
    }
    expect(names).toEqual([
      'xor.model.json',
      'xor.model-W2.csv',
      'xor.model-theta2.csv',
      'xor.model-W3.csv',
      'xor.model-theta3.csv',
    ]);
  });

  it('downloads the loss history as <dataset>-loss.csv, every epoch; refused before any', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure(config);
    await expect(host.exportLosses()).rejects.toThrow(
      'Train at least one epoch to export the loss history',
    );
    await host.step('epoch');
    await host.step('epoch');
    const saved: { name: string; text: Promise<string> }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ name: this.download, text: fetch(this.href).then((r) => r.text()) });
    });
    try {
      expect(await host.exportLosses()).toEqual({ location: 'your downloads (xor-loss.csv)' });
    } finally {
      click.mockRestore();
    }
    expect(saved.map((f) => f.name)).toEqual(['xor-loss.csv']);
    const rows = (await saved[0].text).trimEnd().split('\n');
    expect(rows[0]).toBe('epoch,train_loss,validation_loss,max_change');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['0', '1', '2']);
  });

  it('downloads a project a row of weights a line and opens it to the same network', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure({ ...config, hiddenLayers: [{ units: 40, activation: 'tanh' }] });
    await host.step('epoch');
    const trained = await host.network();
    const saved: Promise<string>[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(fetch(this.href).then((r) => r.text()));
    });
    try {
      expect(await host.saveProject()).toEqual({ location: 'your downloads (xor.backprop.json)' });
    } finally {
      click.mockRestore();
    }
    const text = await saved[0];
    expect(text).toContain(`"weights": [\n      [\n        [`);
    expect(JSON.parse(text).parameters.weights[0]).toHaveLength(2);
    const pick = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (
      this: HTMLInputElement,
    ) {
      const file = new File([text], 'xor.backprop.json');
      Object.defineProperty(this, 'files', { value: [file] });
      this.dispatchEvent(new Event('change'));
    });
    try {
      const other = api();
      await other.openDatasetFile(new File([XOR], 'xor.csv'));
      expect((await other.openProject())?.config.hiddenLayers[0].units).toBe(40);
      expect(await other.network()).toEqual(trained);
    } finally {
      pick.mockRestore();
    }
  });

  it("reports a wide check's progress up to every parameter, and cancels one under way", async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    // 2-100-100-2: 10,602 parameters, a check of a second or two.
    const wide = {
      ...config,
      hiddenLayers: [100, 100].map((units) => ({ units, activation: 'tanh' as const })),
    };
    await host.configure(wide);
    const reports: GradientCheckProgress[] = [];
    host.onGradientCheckProgress((p) => reports.push(p));
    const result = await host.gradientCheck();
    expect(result?.layers).toHaveLength(3);
    const counts = reports.map((r) => r.checked);
    expect(reports.every((r) => r.total === 10_602)).toBe(true);
    expect(counts.length).toBeGreaterThan(1);
    expect(counts.every((n, i) => i === 0 || n > counts[i - 1])).toBe(true);
    expect(counts.at(-1)).toBe(10_602);

    reports.length = 0;
    const check = host.gradientCheck();
    await expect.poll(() => reports.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await host.cancelGradientCheck();
    expect(await check).toBeNull();
    const after = reports.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(reports).toHaveLength(after);
    expect(reports.every((r) => r.checked < r.total)).toBe(true);
    // Nothing to cancel now: harmless.
    await expect(host.cancelGradientCheck()).resolves.toBeUndefined();
  }, 30_000);

  it('has no recent files to open by path, and says so', async () => {
    const host = api();
    await expect(host.openRecentDataset('/data/iris.csv')).rejects.toThrow(
      '/data/iris.csv: the web version has no recent files; open the file again',
    );
    await expect(host.openRecentProject('/work/run.json')).rejects.toThrow('no recent files');
  });

  it('has no native menu: its state is accepted and goes nowhere, the worker hears nothing', async () => {
    const host = api();
    const posted = vi.spyOn(worker!, 'postMessage');
    await expect(
      host.setMenuState({
        training: 'idle',
        ...{ start: true, pause: false, resume: false, step: true, stop: false, reset: false },
        ...{ saveProject: true, exportWeights: false, exportLosses: false },
      }),
    ).resolves.toBeUndefined();
    expect(posted).not.toHaveBeenCalled();
  });

  it('refuses a configuration the session cannot train, naming the field', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    const wrong = { ...config, hyperparameters: { ...config.hyperparameters, learningRate: -1 } };
    await expect(host.configure(wrong)).rejects.toThrow(/learningRate/);
  });

  it('steps one epoch at a time, then resumes and stops on request', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    const batches: ProgressBatch[] = [];
    host.onProgress((b) => batches.push(b));
    const finished = new Promise<TrainingFinished>((resolve) => host.onFinished(resolve));
    await host.configure({
      ...config,
      hyperparameters: { ...config.hyperparameters, maxEpochs: 1e7 },
    });
    await host.step('epoch');
    await host.step('epoch');
    await expect
      .poll(() => batches.flatMap((b) => b.points).filter((p) => p.epoch > 0).length)
      .toBe(2);
    expect(batches.at(-1)?.state).toBe('paused');
    await host.resume();
    await expect.poll(() => batches.at(-1)?.state).toBe('running');
    await host.stop();
    const result = await finished;
    expect(result.reason).toBe('cancelled');
    const seen = batches.flatMap((b) => b.points.map((p) => p.epoch)).filter((e) => e > 0);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(result.epochs).toBe(seen.at(-1));
  });

  it('reports from inside a long epoch as the desktop does, without epochs in the report', async () => {
    // 50,000 rows through a 2–256–256–2 network in batches of one: an epoch of seconds.
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 50_000; i++) {
      const [x1, x2] = [(i % 97) / 97, (i % 89) / 89];
      lines.push(`${x1.toFixed(3)},${x2.toFixed(3)},${x1 > x2 ? 'a' : 'b'}`);
    }
    const host = api();
    await host.openDatasetFile(new File([lines.join('\n')], 'long.csv'));
    const batches: ProgressBatch[] = [];
    host.onProgress((b) => batches.push(b));
    const finished = new Promise<TrainingFinished>((resolve) => host.onFinished(resolve));
    await host.configure({
      ...config,
      hiddenLayers: [
        { units: 256, activation: 'tanh' },
        { units: 256, activation: 'tanh' },
      ],
      hyperparameters: { ...config.hyperparameters, batchSize: 1, maxEpochs: 1 },
    });
    await host.start();
    await expect.poll(() => batches.find((b) => b.underway), { timeout: 20_000 }).toBeTruthy();
    await host.stop();
    await finished;
    const report = batches.find((b) => b.underway)!;
    expect(report.points).toEqual([]);
    expect(report.state).toBe('running');
    expect(report.samplesPerSecond).toBeGreaterThan(0);
    expect(report.underway!.epoch).toBe(1);
    expect(report.underway!.of).toBe(50_000);
    expect(report.underway!.batches).toBeGreaterThan(0);
    expect(report.underway!.batches).toBeLessThan(50_000);
    // Reading 50,000 rows and the first second of an epoch: 10 s alone, more beside other tests.
  }, 60_000);
});
