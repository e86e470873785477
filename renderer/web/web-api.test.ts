// The web adapter against the real training session in a real Web Worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  BackpropApi,
  DatasetProgress,
  GradientCheckProgress,
  HostAnswer,
  HostQuestion,
  ProgressBatch,
  SessionConfig,
  TrainingFinished,
} from '../../app/shared/api';
import { DEFAULT_HYPERPARAMETERS } from '../../core/hyperparameters';
import { createWebApi } from './web-api';
import { CommandFailure } from './worker-client';

const XOR = 'x1,x2,y\n0,0,a\n0,1,b\n1,0,b\n1,1,a\n';
let worker: Worker | null = null;

function api(page: EventTarget = new EventTarget()): BackpropApi {
  worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  return createWebApi(worker, page);
}

afterEach(() => {
  worker?.terminate();
  vi.restoreAllMocks();
});

/** The file chooser answers with `files` in turn (null: cancelled); records what each accepted. */
function chooserAnswering(...files: (File | null)[]): string[] {
  const accepted: string[] = [];
  vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (
    this: HTMLInputElement,
  ) {
    accepted.push(this.accept);
    const file = files.shift();
    if (file === undefined) throw new Error('the file chooser opened once too often');
    if (file === null) return void this.dispatchEvent(new Event('cancel'));
    Object.defineProperty(this, 'files', { value: [file] });
    this.dispatchEvent(new Event('change'));
  });
  return accepted;
}

/** Downloads are recorded instead of saved: their names and texts. */
function downloads(): { name: string; text: Promise<string> }[] {
  const saved: { name: string; text: Promise<string> }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push({ name: this.download, text: fetch(this.href).then((r) => r.text()) });
  });
  return saved;
}

/** The host's questions are answered with `answers` in turn; records them. */
function answering(host: BackpropApi, ...answers: HostAnswer[]): HostQuestion[] {
  const asked: HostQuestion[] = [];
  host.onQuestion!(async (question) => {
    asked.push(question);
    return answers.shift() ?? 'cancel';
  });
  return asked;
}

/** A leave-page attempt: whether the page asked first (the event's default prevented). */
function leavingAsks(page: EventTarget): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  page.dispatchEvent(event);
  return event.defaultPrevented;
}

/** A project saved from `file` after an epoch: its text. */
async function projectOf(file: File): Promise<File> {
  const host = api();
  await host.openDatasetFile(file);
  await host.configure(config);
  await host.step('epoch');
  const saved = downloads();
  await host.saveProject();
  vi.restoreAllMocks();
  worker?.terminate();
  return new File([await saved[0].text], `${file.name.replace(/\.csv$/, '')}.backprop.json`);
}

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

  it('reports how far a file is read, as the desktop preload does', async () => {
    // The worker sent its progress, and the adapter passed none of it on: a large file said
    // "Opening a dataset…" until it was read
    const host = api();
    const reports: DatasetProgress[] = [];
    host.onDatasetProgress!((p) => reports.push(p));
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `${i % 7},${i % 3},${i % 2 ? 'a' : 'b'}`,
    );
    const file = new File([`x1,x2,label\n${rows.join('\n')}\n`], 'big.csv');
    await host.openDatasetFile(file);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)).toMatchObject({ name: 'big.csv', totalBytes: file.size });
    expect(reports.at(-1)!.bytesRead).toBeGreaterThan(0);
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

  it("scopes a Predict of a file without the model's columns as Predict's, not the dataset's", async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure(config);
    await host.step('epoch');
    chooserAnswering(new File(['a,b\n1,2\n'], 'other.csv'));
    const failure = await host.predictDialog().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommandFailure);
    expect((failure as CommandFailure).error).toMatchObject({ scope: 'export' });
    expect((failure as CommandFailure).message).toMatch(/x1/);
    // The dataset loaded is as it was: a step goes on from the same run.
    await host.step('epoch');
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

describe('leaving the page', () => {
  it('asks first while a run trains, or with weights not saved or exported since', async () => {
    const page = new EventTarget();
    const host = api(page);
    expect(leavingAsks(page)).toBe(false);
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure({
      ...config,
      hyperparameters: { ...config.hyperparameters, maxEpochs: 1e7 },
    });
    expect(leavingAsks(page)).toBe(false);

    const batches: ProgressBatch[] = [];
    host.onProgress((b) => batches.push(b));
    await host.start();
    await expect.poll(() => batches.at(-1)?.state).toBe('running');
    expect(leavingAsks(page)).toBe(true);
    await host.pause();
    await expect.poll(() => batches.at(-1)?.state).toBe('paused');
    expect(leavingAsks(page)).toBe(true);

    downloads();
    await host.saveProject();
    expect(leavingAsks(page)).toBe(false);
    await host.step('epoch');
    expect(leavingAsks(page)).toBe(true);
    await host.exportWeights();
    expect(leavingAsks(page)).toBe(false);

    const finished = new Promise<TrainingFinished>((resolve) => host.onFinished(resolve));
    await host.resume();
    await host.stop();
    await finished;
    expect(leavingAsks(page)).toBe(true);
    await host.reset();
    await expect.poll(() => batches.at(-1)?.state).toBe('idle');
    expect(leavingAsks(page)).toBe(false);
  });

  it("asks after a Step of one batch, which reports neither a run nor an epoch (the inspector's Step batch)", async () => {
    const page = new EventTarget();
    const host = api(page);
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure({
      ...config,
      hyperparameters: { ...config.hyperparameters, batchSize: 1 },
    });
    const batches: ProgressBatch[] = [];
    host.onProgress((b) => batches.push(b));
    await host.step('batch');
    downloads();
    await host.exportWeights();
    expect(leavingAsks(page)).toBe(false);
    await host.step('batch');
    expect(batches.at(-1)).toMatchObject({ state: 'paused', points: [] });
    expect(leavingAsks(page)).toBe(true);
  });

  it('asks after a run finished by itself (iris, Start, "Finished", reload)', async () => {
    const page = new EventTarget();
    const host = api(page);
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.configure(config);
    const finished = new Promise<TrainingFinished>((resolve) => host.onFinished(resolve));
    await host.start();
    await finished;
    expect(leavingAsks(page)).toBe(true);
  });
});

describe('opening a project', () => {
  // Another file of the same name and columns: its content is not the project's.
  const OTHER_XOR = 'x1,x2,y\n0,0,b\n0,1,a\n1,0,a\n1,1,b\n0.5,0.5,a\n';

  it('names the dataset it wants before the chooser, and opens the file picked if it is that one', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const page = new EventTarget();
    const host = api(page);
    const asked = answering(host, 'confirm');
    const accepted = chooserAnswering(project, new File([XOR], 'xor.csv'));
    const opened = await host.openProject();
    expect(opened?.summary).toMatchObject({ name: 'xor.csv', rows: 4 });
    expect(opened?.otherData).toBeUndefined();
    expect(asked).toEqual([
      {
        title: 'Choose the project’s dataset',
        message:
          'xor.backprop.json was saved with the dataset xor.csv. A browser cannot open a file by itself: choose xor.csv in the next window.',
        confirm: 'Choose xor.csv…',
        cancel: 'Cancel',
      },
    ]);
    expect(accepted[1]).toContain('.csv');
    // Opened from the project: the weights are kept there.
    expect(leavingAsks(page)).toBe(false);
  });

  it('asks about a picked file of other content, naming both, and uses it only if told', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const host = api();
    const asked = answering(host, 'confirm', 'cancel', 'confirm', 'alternative');
    chooserAnswering(project, new File([OTHER_XOR], 'bad_huge2.csv'));
    // Cancelled: nothing opened, nothing else asked.
    expect(await host.openProject()).toBeNull();
    expect(asked.map((q) => q.title)).toEqual([
      'Choose the project’s dataset',
      'The dataset changed',
    ]);
    expect(asked[1]).toEqual({
      title: 'The dataset changed',
      message:
        'bad_huge2.csv is not the xor.csv xor.backprop.json was saved with: its content is different. Choose the original, or use bad_huge2.csv as it is?',
      confirm: 'Choose another file…',
      cancel: 'Cancel',
      alternative: 'Use it as it is',
    });
    expect(await host.current()).toBeNull();

    chooserAnswering(project, new File([OTHER_XOR], 'bad_huge2.csv'));
    const opened = await host.openProject();
    expect(opened?.summary).toMatchObject({ name: 'bad_huge2.csv', rows: 5 });
    // Used as it is: the page is told the data is not the one the project was trained on.
    expect(opened?.otherData).toBe(true);
    expect(asked).toHaveLength(4);
    // Exports and projects are named after the file the project opened with.
    const saved = downloads();
    await host.saveProject();
    expect(saved.map((f) => f.name)).toEqual(['bad_huge2.backprop.json']);
  });

  it('does not end at a same-named file of other content: the original can be chosen', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const host = api();
    await host.openDatasetFile(new File([OTHER_XOR], 'xor.csv'));
    const asked = answering(host, 'confirm');
    chooserAnswering(project, new File([XOR], 'xor.csv'));
    const opened = await host.openProject();
    expect(opened?.summary.rows).toBe(4);
    expect(asked).toHaveLength(1);
    expect(asked[0].message).toBe(
      'The xor.csv this page has is not the xor.csv xor.backprop.json was saved with: its content is different. Choose the original, or use xor.csv as it is?',
    );
    expect(JSON.stringify(asked)).not.toContain('browser:');
  });

  it('or uses the same-named file as it is', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const host = api();
    await host.openDatasetFile(new File([OTHER_XOR], 'xor.csv'));
    answering(host, 'alternative');
    chooserAnswering(project);
    expect((await host.openProject())?.summary.rows).toBe(5);
  });

  it('names the file of a project that is not valid; refuses with no one to ask', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const host = api();
    const broken = new File(['{"format": "backprop-studio.project"}'], 'run.backprop.json');
    await expect(host.openProjectFile!(broken)).rejects.toThrow(/^run\.backprop\.json: /);
    // A project cut short (a download that stopped) is not valid JSON, as the desktop app says
    // it: "is not a project file", which the web build said, names the wrong fault
    const cut = new File(
      ['{"format": "backprop-studio.project", "version": 1, "con'],
      'cut.backprop.json',
    );
    await expect(host.openProjectFile!(cut)).rejects.toThrow(
      /^cut\.backprop\.json is not valid JSON: .* at line 1, column \d+/,
    );
    // No page listening to questions: cancelled, no chooser.
    chooserAnswering();
    expect(await host.openProjectFile!(project)).toBeNull();
  });

  it('names exports after the project’s dataset, not the dataset open before', async () => {
    const project = await projectOf(new File([XOR], 'xor.csv'));
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    await host.openDatasetFile(new File(['a,b,c,y\n1,2,3,x\n4,5,6,z\n'], 'wine.csv'));
    const asked = answering(host);
    // The worker still has xor.csv, of the same content: opened without a question.
    expect((await host.openProjectFile!(project))?.summary.name).toBe('xor.csv');
    expect(asked).toEqual([]);
    const saved = downloads();
    await host.exportWeights();
    await host.saveProject();
    expect(saved.map((f) => f.name)).toEqual([
      'xor.model.json',
      'xor.model-W2.csv',
      'xor.model-theta2.csv',
      'xor.model-W3.csv',
      'xor.model-theta3.csv',
      'xor.backprop.json',
    ]);
  });
});

describe('a file that is not data', () => {
  it('is refused by its name before the worker reads it, as the desktop app refuses it', async () => {
    const host = api();
    await host.openDatasetFile(new File([XOR], 'xor.csv'));
    const posted = vi.spyOn(worker!, 'postMessage');
    await expect(
      host.openDatasetFile(new File(['{"format": 1}\n'], 'iris.backprop.json')),
    ).rejects.toThrow('iris.backprop.json: not a data file (expected .csv, .tsv, .txt)');
    await expect(host.openDatasetFile(new File(['\x89PNG'], 'plot.png'))).rejects.toThrow(
      'plot.png: not a data file (expected .csv, .tsv, .txt)',
    );
    expect(posted).not.toHaveBeenCalled();
    expect((await host.current())?.summary.name).toBe('xor.csv');
  });
});
