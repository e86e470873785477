// The workspace and its host between runs: the views (inspector, gradient check, decision
// surface) read the network on screen, not the one of the last run's settings, and the drawing
// shows no weights that no run holds.
import { afterEach, describe, expect, it } from 'vitest';
import type { BackpropApi, NetworkSnapshot } from '../../app/shared/api';
import type { DatasetSummary } from '../../core/types';
import { backpropFor } from '../inspector/backprop.svelte';
import { epochs, FakeApi, FINISHED, IRIS_SUMMARY } from '../test/fake-api';
import { LIVE_INTERVAL_MS } from './live-refresh';
import { Workspace } from './workspace.svelte';

const SNAPSHOT: NetworkSnapshot = {
  topology: [4, 3],
  activations: ['softmax'],
  weights: [Array.from({ length: 4 }, () => [0.5, -0.5, 0.25])],
  biases: [[0, 0, 0]],
};

let teardown: (() => void) | undefined;
afterEach(() => teardown?.());

/** Reset, agreeing to discard the run with results (the dialog's Reset button). */
async function resetAgreeing(workspace: Workspace): Promise<void> {
  const done = workspace.reset();
  workspace.confirmation.answer('confirm');
  await done;
}

/** Iris loaded, trained as 4–3 until it finished, and reset; every host call recorded. */
async function afterReset(): Promise<{ api: FakeApi; workspace: Workspace }> {
  const api = new FakeApi();
  api.inspect = async () => {
    api.calls.push('inspect');
    throw new Error('no numbers in this test');
  };
  const workspace = new Workspace(api);
  teardown = workspace.connect();
  await workspace.openDataset();
  await workspace.start();
  api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
  api.emitFinished(FINISHED);
  await resetAgreeing(workspace);
  return { api, workspace };
}

const callsSinceReset = (api: FakeApi) => api.calls.slice(api.calls.lastIndexOf('reset') + 1);

/** Iris trained for two epochs, paused (weights and a loss curve), every host call recorded. */
async function trained(): Promise<{ api: FakeApi; workspace: Workspace }> {
  const api = new FakeApi();
  const workspace = new Workspace(api);
  teardown = workspace.connect();
  await workspace.openDataset();
  await workspace.start();
  api.emitProgress({ points: epochs(0, 2), samplesPerSecond: 1, state: 'paused' });
  api.calls.length = 0;
  return { api, workspace };
}

describe('the views between runs', () => {
  it('configure the host with a layer added after a reset before they step or inspect', async () => {
    const { api, workspace } = await afterReset();
    workspace.topology.add(5, 'relu');
    await backpropFor(api).inspector.step('batch');
    const calls = callsSinceReset(api);
    expect(calls[0]).toBe('configure');
    expect(calls).toContain('step:batch');
    expect(api.configured?.hiddenLayers).toEqual([{ units: 5, activation: 'relu' }]);
  });

  it('say what is wrong with the settings on screen and ask the host nothing', async () => {
    const { api, workspace } = await afterReset();
    workspace.topology.add(0, 'tanh');
    const { inspector, check } = backpropFor(api);
    await inspector.step('epoch');
    expect(inspector.error).toBe('Hidden layer 1: units must be a whole number from 1 to 4096.');
    await check.run();
    expect(check.error).toBe(inspector.error);
    expect(callsSinceReset(api)).toEqual([]);
  });

  it("do not follow an idle report: the settings on screen may not be the host's yet", async () => {
    const { api } = await afterReset();
    const { inspector, surface } = backpropFor(api);
    const off = [inspector.follow(), surface.follow()];
    // what the host reports as it opens an example or a dataset, before the workspace shows it
    api.emitProgress({ points: [], samplesPerSecond: 0, state: 'idle' });
    await new Promise((resolve) => setTimeout(resolve, LIVE_INTERVAL_MS + 100));
    off.forEach((f) => f());
    expect(callsSinceReset(api)).toEqual([]);
  });

  it('do not follow a report from inside an epoch, nor redraw the network: only whole epochs', async () => {
    const { api, workspace } = await afterReset();
    const { inspector } = backpropFor(api);
    inspector.live = true;
    const off = inspector.follow();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await workspace.start();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    await wait(LIVE_INTERVAL_MS + 100);
    const followed = ['inspect', 'network'];
    const calls = () => api.calls.filter((c) => followed.includes(c));
    expect(calls()).toEqual(expect.arrayContaining(followed));
    const before = calls().length;
    // A long epoch: four reports a second for over a second (the drawing would be due again).
    for (let batches = 1000; batches <= 5000; batches += 1000) {
      api.emitProgress({
        points: [],
        samplesPerSecond: 12_345,
        state: 'running',
        underway: { epoch: 3, batches, of: 10_000 },
      });
      await wait(LIVE_INTERVAL_MS);
    }
    await wait(100);
    expect(calls().slice(before)).toEqual([]);
    expect(workspace.training.underway).toEqual({ epoch: 3, batches: 5000, of: 10_000 });
    // The epoch's own report is followed as ever.
    api.emitProgress({ points: epochs(3, 1), samplesPerSecond: 1, state: 'running' });
    await wait(LIVE_INTERVAL_MS + 100);
    off();
    expect(calls().slice(before).sort()).toEqual(['inspect', 'network']);
    expect(workspace.training.underway).toBeNull();
  });

  it('send no settings while a dataset opens', async () => {
    const { api, workspace } = await afterReset();
    let answer!: (summary: DatasetSummary) => void;
    api.openDatasetDialog = () => new Promise((resolve) => (answer = resolve));
    const opening = workspace.openDataset();
    await expect.poll(() => workspace.openingDataset).toBe(true);
    await backpropFor(api).inspector.refresh();
    expect(callsSinceReset(api)).toEqual(['inspect']);
    answer(IRIS_SUMMARY);
    await opening;
  });

  it('leave a run its own settings: a learning rate typed while paused is not sent', async () => {
    const { api, workspace } = await afterReset();
    await workspace.step();
    api.emitProgress({ points: epochs(1, 1), samplesPerSecond: 1, state: 'paused' });
    workspace.hyperparameters.set('learningRate', 0.01);
    await backpropFor(api).inspector.refresh();
    expect(callsSinceReset(api).filter((c) => c === 'configure')).toHaveLength(1);
    expect(api.configured?.hyperparameters.learningRate).toBe(0.5);
  });
});

describe('the network drawing', () => {
  it("draws a step's weights at once, however soon after the last drawing", async () => {
    const { api, workspace } = await afterReset();
    api.snapshot = SNAPSHOT;
    await backpropFor(api).inspector.step('batch');
    api.emitProgress({ points: epochs(1, 1), samplesPerSecond: 1, state: 'paused' });
    await expect.poll(() => workspace.training.network).toEqual(SNAPSHOT);
  });

  it('drops a snapshot that arrives after the weights were reset', async () => {
    const { api, workspace } = await afterReset();
    await workspace.start();
    api.emitProgress({ points: epochs(0, 2), samplesPerSecond: 1, state: 'running' });
    let answer!: (snapshot: NetworkSnapshot) => void;
    api.network = () => new Promise((resolve) => (answer = resolve));
    const asked = workspace.refreshNetwork();
    await resetAgreeing(workspace);
    answer(SNAPSHOT);
    await asked;
    expect(workspace.training.network).toBeNull();
  });
});

describe('notices', () => {
  const WARNING =
    'drinks.csv: row 2, column 1 "city" has the byte 0xE9, which is not UTF-8: the file is read as Windows-1252';

  it("say what the reader of a dataset had to guess (its summary's warnings)", async () => {
    const api = new FakeApi();
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    api.dataset = { ...IRIS_SUMMARY, warnings: [WARNING] };
    await workspace.openDataset();
    expect(workspace.notice).toBe(WARNING);
    // The next file, read without guessing, replaces the warning of the one before.
    api.dataset = IRIS_SUMMARY;
    await workspace.openDataset();
    expect(workspace.notice).toBeNull();
  });
});

describe('a page that loads while the training process holds a session', () => {
  it('shows its dataset, settings, loss curve and results again', async () => {
    // The settings a first page sent: iris as 4–3 for 3 epochs.
    const first = new FakeApi();
    const before = new Workspace(first);
    teardown = before.connect();
    await before.openDataset();
    before.hyperparameters.values.maxEpochs = 3;
    await before.start();
    teardown();
    const api = new FakeApi();
    api.session = {
      summary: IRIS_SUMMARY,
      config: first.configured,
      history: epochs(0, 3),
      stopReason: 'max-epochs',
      result: FINISHED,
    };
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    await expect.poll(() => workspace.dataset.summary).toBe(IRIS_SUMMARY);
    expect(workspace.training.state).toBe('finished');
    expect(workspace.training.finished).toEqual(FINISHED);
    expect(workspace.hyperparameters.values.maxEpochs).toBe(3);
    expect(workspace.config).toEqual(first.configured);
  });

  it('shows a dataset loaded before any settings were sent', async () => {
    const api = new FakeApi();
    api.session = {
      summary: IRIS_SUMMARY,
      config: null,
      history: [],
      stopReason: null,
      result: null,
    };
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    await expect.poll(() => workspace.dataset.summary).toBe(IRIS_SUMMARY);
    expect(workspace.training.state).toBe('idle');
  });

  it('starts empty when it holds nothing', async () => {
    const workspace = new Workspace(new FakeApi());
    teardown = workspace.connect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(workspace.dataset.summary).toBeNull();
  });
});

describe('File ▸ Open Recent', () => {
  const WINE = { ...IRIS_SUMMARY, name: 'wine.csv' };
  const recentDataset = {
    command: 'open-recent',
    kind: 'dataset',
    path: '/data/wine.csv',
  } as const;

  it('asks before it discards the weights, then opens exactly the file chosen', async () => {
    const { api, workspace } = await trained();
    api.dataset = WINE;
    api.emitMenu(recentDataset);
    await expect
      .poll(() => workspace.confirmation.question?.title)
      .toBe('Discard the trained weights?');
    workspace.confirmation.answer('confirm');
    await expect.poll(() => workspace.dataset.summary?.name).toBe('wine.csv');
    // The weights go once the file is open, not before.
    expect(api.calls.filter((c) => c !== 'network')).toEqual([
      'openRecentDataset:/data/wine.csv',
      'reset',
    ]);
  });

  it('declined, asks the host nothing, and the Open button later shows the dialog', async () => {
    const { api, workspace } = await trained();
    api.emitMenu(recentDataset);
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('cancel');
    await expect.poll(() => workspace.confirmation.question).toBeNull();
    expect(api.calls).toEqual([]);
    expect(workspace.dataset.summary?.name).toBe('iris.csv');
    // Within seconds, the page's own Open: the open dialog, never the recent file declined.
    const opening = workspace.openDataset();
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('confirm');
    await opening;
    expect(api.calls.filter((c) => c.startsWith('open'))).toEqual(['openDatasetDialog']);
  });

  it('opens a recent project by its path, asking as Open project… asks', async () => {
    const { api, workspace } = await trained();
    api.project = {
      summary: WINE,
      config: workspace.config!,
      history: epochs(0, 4),
      stopReason: 'max-epochs',
      result: FINISHED,
    };
    api.emitMenu({ command: 'open-recent', kind: 'project', path: '/work/run.json' });
    await expect
      .poll(() => workspace.confirmation.question?.message)
      .toContain('Opening a project');
    workspace.confirmation.answer('confirm');
    await expect.poll(() => workspace.notice).toBe('Project opened: wine.csv');
    expect(api.calls).toContain('openRecentProject:/work/run.json');
    expect(api.calls).not.toContain('openProject');
    expect(workspace.training.finished).toEqual(FINISHED);
  });

  it('shows a refused or missing file where datasets show their errors', async () => {
    const api = new FakeApi();
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    api.dataset = new Error('/data/wine.csv: the file does not exist (removed from Open Recent)');
    await workspace.menu(recentDataset);
    expect(workspace.errors.dataset).toBe(
      '/data/wine.csv: the file does not exist (removed from Open Recent)',
    );
    expect(workspace.confirmation.question).toBeNull();
  });
});

describe('Open, agreed to and then cancelled or failed', () => {
  /** Runs `open`, agreeing to discard the weights when asked. */
  async function agreeing(workspace: Workspace, open: () => Promise<void>): Promise<void> {
    const done = open();
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('confirm');
    await done;
  }

  /** The run trained above, as it was: weights, loss curve, state and dataset. */
  function expectKept(api: FakeApi, workspace: Workspace): void {
    expect(api.calls).not.toContain('reset');
    expect(workspace.training.hasWeights).toBe(true);
    expect(workspace.training.history.length).toBe(2);
    expect(workspace.training.state).toBe('paused');
    expect(workspace.dataset.summary?.name).toBe('iris.csv');
  }

  it('keeps the weights when the dataset dialog is cancelled', async () => {
    const { api, workspace } = await trained();
    api.dataset = null;
    await agreeing(workspace, () => workspace.openDataset());
    expect(api.calls).toContain('openDatasetDialog');
    expectKept(api, workspace);
  });

  it('keeps the weights when the dataset fails to open', async () => {
    const { api, workspace } = await trained();
    api.dataset = new Error('wine.csv: row 3, column 2 "ash" is empty');
    await agreeing(workspace, () => workspace.openDataset());
    expect(workspace.errors.dataset).toBe('wine.csv: row 3, column 2 "ash" is empty');
    expectKept(api, workspace);
  });

  it('keeps the weights when the project dialog is cancelled or the project fails', async () => {
    const { api, workspace } = await trained();
    api.project = null;
    await agreeing(workspace, () => workspace.openProject());
    expect(api.calls).toContain('openProject');
    expectKept(api, workspace);
    api.openProject = async () => {
      throw new Error('run.json: Not a valid project file: project.version: expected 1');
    };
    await agreeing(workspace, () => workspace.openProject());
    expect(workspace.errors.project).toContain('run.json: Not a valid project file');
    expectKept(api, workspace);
  });
});

describe('a change that discards the weights offers to export them first', () => {
  /** Adds a layer (a topology change), answering the question with "Export weights and discard…". */
  async function addLayerExporting(workspace: Workspace): Promise<boolean> {
    const done = workspace.change('Adding a layer', () => workspace.topology.add(5, 'relu'));
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    expect(workspace.confirmation.question).toMatchObject({
      title: 'Discard the trained weights?',
      message:
        'Adding a layer discards the weights trained so far and the loss history. Export the weights first to keep them.',
      cancel: 'Keep weights',
      alternative: 'Export weights and discard…',
      confirm: 'Discard weights',
    });
    workspace.confirmation.answer('alternative');
    return done;
  }

  it('exports, then discards the weights and makes the change', async () => {
    const { api, workspace } = await trained();
    expect(await addLayerExporting(workspace)).toBe(true);
    expect(api.calls).toEqual(['exportWeights', 'reset']);
    expect(workspace.notice).toBe('Weights exported to /tmp/iris.model.json');
    expect(workspace.training.hasWeights).toBe(false);
    expect(workspace.topology.layers.map((l) => l.units)).toEqual([5]);
  });

  it('discards nothing and changes nothing when the export is cancelled or fails', async () => {
    const { api, workspace } = await trained();
    const layers = workspace.topology.layers.length;
    api.exportWeights = async () => (api.calls.push('exportWeights'), null);
    expect(await addLayerExporting(workspace)).toBe(false);
    api.exportWeights = async () => {
      api.calls.push('exportWeights');
      throw new Error('/tmp/iris.model.json: permission denied');
    };
    expect(await addLayerExporting(workspace)).toBe(false);
    expect(workspace.errors.export).toContain('permission denied');
    expect(api.calls).toEqual(['exportWeights', 'exportWeights']);
    expect(workspace.training.hasWeights).toBe(true);
    expect(workspace.training.history.length).toBe(2);
    expect(workspace.topology.layers.length).toBe(layers);
  });

  it('opens the dataset chosen after the export, and the weights go once it is open', async () => {
    const { api, workspace } = await trained();
    api.dataset = { ...IRIS_SUMMARY, name: 'wine.csv' };
    const done = workspace.openDataset();
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('alternative');
    await done;
    expect(api.calls.filter((c) => c !== 'network')).toEqual([
      'exportWeights',
      'openDatasetDialog',
      'reset',
    ]);
    expect(workspace.dataset.summary?.name).toBe('wine.csv');
    // Where the weights went stays said, beside what the new file brings.
    expect(workspace.notice).toBe('Weights exported to /tmp/iris.model.json');
  });

  it('says where the weights went beside the project opened after the export', async () => {
    const { api, workspace } = await trained();
    api.project = {
      summary: { ...IRIS_SUMMARY, name: 'wine.csv' },
      config: workspace.config!,
      history: epochs(0, 4),
      stopReason: 'max-epochs',
      result: FINISHED,
    };
    const done = workspace.openProject();
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('alternative');
    await done;
    expect(api.calls.slice(0, 2)).toEqual(['exportWeights', 'openProject']);
    expect(workspace.notice).toBe(
      'Weights exported to /tmp/iris.model.json. Project opened: wine.csv',
    );
  });

  it('says where the weights went beside the example opened after the export', async () => {
    const { api, workspace } = await trained();
    const config = workspace.config!;
    api.openExample = async (id) => {
      api.calls.push(`openExample ${id}`);
      return { summary: { ...IRIS_SUMMARY, name: 'xor.csv' }, config };
    };
    const done = workspace.openExample('xor', 'XOR');
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('alternative');
    expect(await done).toBe(true);
    expect(api.calls.slice(0, 2)).toEqual(['exportWeights', 'openExample xor']);
    expect(workspace.dataset.summary?.name).toBe('xor.csv');
    expect(workspace.notice).toBe('Weights exported to /tmp/iris.model.json. Example opened: XOR');
  });

  it('keeps the weights and opens no example when the user keeps them', async () => {
    const { api, workspace } = await trained();
    const done = workspace.openExample('xor', 'XOR');
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    workspace.confirmation.answer('cancel');
    expect(await done).toBe(false);
    expect(api.calls).not.toContain('exportWeights');
    expect(workspace.training.hasWeights).toBe(true);
  });

  it('is not offered while a run trains (weights are exported from a paused or ended run)', async () => {
    const { api, workspace } = await trained();
    api.emitProgress({ points: epochs(2, 1), samplesPerSecond: 1, state: 'running' });
    await workspace.resume();
    expect(workspace.training.state).toBe('running');
    const done = workspace.openDataset();
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    expect(workspace.confirmation.question?.alternative).toBeUndefined();
    expect(workspace.confirmation.question?.message).not.toContain('Export');
    workspace.confirmation.answer('cancel');
    await done;
  });

  it('says that a change made while a run trains stops it, as discarding does', async () => {
    // Units edited mid-run asked only "Changing the topology discards the weights trained so
    // far…", and "Discard weights" then also ended the run under way
    const { api, workspace } = await trained();
    api.emitProgress({ points: epochs(2, 1), samplesPerSecond: 1, state: 'running' });
    await workspace.resume();
    const done = workspace.change('Changing the topology', () => workspace.topology.add(5, 'relu'));
    await expect.poll(() => workspace.confirmation.question).not.toBeNull();
    expect(workspace.confirmation.question?.message).toBe(
      'Changing the topology stops the run under way and discards the weights trained so far and the loss history.',
    );
    workspace.confirmation.answer('cancel');
    expect(await done).toBe(false);
    expect(workspace.training.state).toBe('running');
  });
});

describe('Start training clicked twice at once', () => {
  it('starts one run: the second click, before the first has started it, does nothing', async () => {
    // A double click on Start training (epochs 50, iris) configured and started twice: the
    // run went on to epoch 100, past its limit, and no "Start a new run?" was asked
    const api = new FakeApi();
    const workspace = new Workspace(api);
    teardown = workspace.connect();
    await workspace.openDataset();
    api.calls.length = 0;
    await Promise.all([workspace.start(), workspace.start()]);
    expect(api.calls.filter((c) => c === 'configure' || c === 'start')).toEqual([
      'configure',
      'start',
    ]);
    expect(workspace.training.state).toBe('running');
  });
});

describe('a file written twice at once', () => {
  it('is written once: a double click on Save project…, Export weights… or Export loss history… joins the write under way', async () => {
    // In the web build a double click downloaded iris.backprop.json and "iris (1).backprop.json"
    // (and every layer's CSV twice); on the desktop a second save dialog followed the first.
    const { api, workspace } = await trained();
    await Promise.all([workspace.saveProject(), workspace.saveProject()]);
    expect(await Promise.all([workspace.exportWeights(), workspace.exportWeights()])).toEqual([
      true,
      true,
    ]);
    await Promise.all([workspace.exportLosses(), workspace.exportLosses()]);
    expect(api.calls.filter((c) => c !== 'network')).toEqual([
      'saveProject',
      'exportWeights',
      'exportLosses',
    ]);
    // once it is done, the next click writes again
    await workspace.saveProject();
    expect(api.calls.filter((c) => c === 'saveProject')).toHaveLength(2);
  });
});

describe('Predict a file…', () => {
  it("says how many rows it wrote, and, when rows were left out, that the row column numbers the file's rows", async () => {
    const { api, workspace } = await trained();
    const saved = (done: Awaited<ReturnType<BackpropApi['predictDialog']>>) => async () => done;
    Object.assign(api, { predictDialog: saved({ location: '/d/out.csv', rows: 150 }) });
    await workspace.predictFile();
    expect(workspace.notice).toBe('Predictions for 150 rows saved to /d/out.csv');
    Object.assign(api, { predictDialog: saved({ location: '/d/out.csv', rows: 148, leftOut: 2 }) });
    await workspace.predictFile();
    expect(workspace.notice).toBe(
      'Predictions for 148 rows (2 rows with an empty or invalid cell left out; the column "row" gives each row\'s place in the file) saved to /d/out.csv',
    );
    // The file had a column "row": the notice names the column written, "file row".
    Object.assign(api, {
      predictDialog: saved({ location: '/d/out.csv', rows: 2, leftOut: 1, rowColumn: 'file row' }),
    });
    await workspace.predictFile();
    expect(workspace.notice).toBe(
      'Predictions for 2 rows (1 row with an empty or invalid cell left out; the column "file row" gives each row\'s place in the file) saved to /d/out.csv',
    );
  });
});
