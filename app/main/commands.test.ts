// The command handlers with a real training session in-process (files read from disk as the
// utility process reads them) and scripted dialogs.
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonPieces } from '../../core/json-pieces';
import { parseModel } from '../../core/model-format';
import { resetElectronMock } from '../../test/electron-mock';
import { tempDir } from '../../test/temp-dir';
import type {
  CommandPayload,
  CommandResult,
  TrainingCommand,
  TrainingMessage,
} from '../shared/ipc';
import type { SessionConfig } from '../shared/api';
import { MAX_DRAWN_UNITS } from '../shared/sample-units';
import { openFile } from '../utility/node-files';
import { TrainingSession } from '../utility/session';
import { createHandlers } from './commands';
import { readJsonFile } from './files';
import { nativeDialogs, type Dialogs, type LocateChoice } from './dialogs';
import type { RecentFile } from './settings';
import { TrainingError } from './trainer-host';

const mock = electron as unknown as typeof import('../../test/electron-mock');
const iris = fileURLToPath(new URL('../../examples/iris.csv', import.meta.url));

/** A TrainerHost stand-in: requests go straight to an in-process session. */
function sessionHost() {
  const waiting = new Map<number, (m: TrainingMessage) => void>();
  let id = 0;
  const session = new TrainingSession({
    post: (m) => {
      if (m.kind === 'result' || m.kind === 'failure') waiting.get(m.id)?.(structuredClone(m));
    },
    now: () => performance.now(),
    schedule: (task) => setImmediate(task),
    open: openFile,
  });
  return {
    request<C extends TrainingCommand>(
      type: C,
      payload: CommandPayload<C>,
    ): Promise<CommandResult<C>> {
      return new Promise((resolve, reject) => {
        const n = ++id;
        waiting.set(n, (m) => {
          if (m.kind === 'failure')
            reject(new TrainingError(m.error.message, m.error.code, m.error.scope));
          else
            resolve((m as Extract<TrainingMessage, { kind: 'result' }>).value as CommandResult<C>);
        });
        session.receive({ kind: 'request', id: n, type, payload });
      });
    },
  };
}

function scripted(answers: {
  open?: (string | null)[];
  save?: (string | null)[];
  locate?: LocateChoice[];
}) {
  const dialogs: Dialogs = {
    openDataset: vi.fn(async () => answers.open?.shift() ?? null),
    openProject: vi.fn(async () => answers.open?.shift() ?? null),
    saveModel: vi.fn(async () => answers.save?.shift() ?? null),
    saveLosses: vi.fn(async () => answers.save?.shift() ?? null),
    saveProject: vi.fn(async () => answers.save?.shift() ?? null),
    savePredictions: vi.fn(async () => answers.save?.shift() ?? null),
    askLocateDataset: vi.fn(async () => answers.locate?.shift() ?? 'cancel'),
    confirmReplaceLayerFiles: vi.fn(async () => false),
  };
  return dialogs;
}

/** The commands over a fresh session with `dialogs`, no recent files and nothing to add to them. */
function handlersFor(dialogs: Dialogs) {
  return createHandlers({
    host: sessionHost(),
    dialogs,
    addRecent: () => {},
    recentFiles: () => [],
  });
}

let dir: string;
beforeEach(() => {
  dir = tempDir('bps-commands-');
});

/** Iris through a 200-unit tanh layer (4-200-3, 1,603 parameters), full batch, float64. */
function wideIris(roles: SessionConfig['roles']): SessionConfig {
  return {
    roles,
    normalization: 'zscore',
    validationFraction: 0,
    testFraction: 0,
    hiddenLayers: [{ units: 200, activation: 'tanh' }],
    outputActivation: 'softmax',
    loss: 'cross-entropy',
    hyperparameters: {
      learningRate: 0.1,
      optimizer: 'sgd',
      momentum: 0,
      l2: 0,
      batchSize: 0,
      shuffle: false,
      maxEpochs: 10,
      threshold: 0,
      targetLoss: null,
      patience: null,
      seed: 4,
      dtype: 'float64',
      initScheme: 'uniform',
    },
  };
}

describe('command handlers', () => {
  it('opens a dataset from the dialog, remembers it, and refuses paths that are not data files', async () => {
    const addRecent = vi.fn();
    const dialogs = scripted({ open: [iris, null] });
    const handlers = createHandlers({
      host: sessionHost(),
      dialogs,
      addRecent,
      recentFiles: () => [],
    });
    expect((await handlers['dataset:open-dialog']())?.rows).toBe(150);
    expect(addRecent).toHaveBeenCalledWith({ path: iris, kind: 'dataset' });
    expect(await handlers['dataset:open-dialog']()).toBeNull();
    await expect(handlers['dataset:open-path']('relative/iris.csv')).rejects.toThrow(
      'absolute path',
    );
    await expect(handlers['dataset:open-path']('/etc/passwd')).rejects.toThrow('not a data file');
  });

  it('opens a file of Open Recent by its path, and no path that is not on the list', async () => {
    const recent: RecentFile[] = [
      { path: iris, kind: 'dataset' },
      { path: join(dir, 'run.json'), kind: 'project' },
    ];
    const addRecent = vi.fn();
    const dialogs = scripted({});
    const handlers = createHandlers({
      host: sessionHost(),
      dialogs,
      addRecent,
      recentFiles: () => recent,
    });
    expect((await handlers['dataset:open-recent'](iris)).name).toBe('iris.csv');
    expect(addRecent).toHaveBeenCalledWith({ path: iris, kind: 'dataset' });
    expect(dialogs.openDataset).not.toHaveBeenCalled();
    // A data file the user never chose, a listed project asked for as a dataset, and the reverse.
    const elsewhere = join(dir, 'secret.csv');
    await writeFile(elsewhere, 'a,b\n1,2\n');
    await expect(handlers['dataset:open-recent'](elsewhere)).rejects.toThrow(
      `${elsewhere}: not a dataset in File ▸ Open Recent`,
    );
    await expect(handlers['dataset:open-recent'](recent[1].path)).rejects.toThrow(
      'not a dataset in File ▸ Open Recent',
    );
    await expect(handlers['project:open-recent'](iris)).rejects.toThrow(
      `${iris}: not a project in File ▸ Open Recent`,
    );
    // Cleared from the menu between the click and the page's answer: refused as well.
    recent.length = 0;
    await expect(handlers['dataset:open-recent'](iris)).rejects.toThrow('Open Recent');
    expect(addRecent).toHaveBeenCalledTimes(1);
  });

  it('shows the open dialog for every Open request: nothing is left waiting from Open Recent', async () => {
    // File ▸ Open Recent ▸ iris.csv, declined in the page (it kept its weights): main heard only
    // of the menu click, so the page's own Open button shows the dialog, as the first time.
    const dialogs = scripted({ open: [null, null] });
    const recent: RecentFile[] = [
      { path: iris, kind: 'dataset' },
      { path: join(dir, 'run.json'), kind: 'project' },
    ];
    const handlers = createHandlers({
      host: sessionHost(),
      dialogs,
      addRecent: () => {},
      recentFiles: () => recent,
    });
    expect(await handlers['dataset:open-dialog']()).toBeNull();
    expect(await handlers['project:open']()).toBeNull();
    expect(dialogs.openDataset).toHaveBeenCalledTimes(1);
    expect(dialogs.openProject).toHaveBeenCalledTimes(1);
  });

  it('takes a recent file that is gone off the list, and says so', async () => {
    const removeRecent = vi.fn();
    const recent: RecentFile[] = [
      { path: join(dir, 'moved.csv'), kind: 'dataset' },
      { path: join(dir, 'old-run.json'), kind: 'project' },
      { path: iris, kind: 'dataset' },
    ];
    const dialogs = scripted({ open: [join(dir, 'gone.csv')] });
    const handlers = createHandlers({
      host: sessionHost(),
      dialogs,
      addRecent: () => {},
      removeRecent,
      recentFiles: () => recent,
    });
    await expect(handlers['dataset:open-recent'](join(dir, 'moved.csv'))).rejects.toThrow(
      /moved\.csv.*\(removed from Open Recent\)/,
    );
    await expect(handlers['project:open-recent'](join(dir, 'old-run.json'))).rejects.toThrow(
      /old-run\.json: the file does not exist \(removed from Open Recent\)/,
    );
    expect(removeRecent.mock.calls).toEqual([
      [join(dir, 'moved.csv')],
      [join(dir, 'old-run.json')],
    ]);
    // A file picked in the dialog is not on the list to begin with; a file that is there stays.
    await expect(handlers['dataset:open-dialog']()).rejects.toThrow(/gone\.csv/);
    await handlers['dataset:open-recent'](iris);
    expect(removeRecent).toHaveBeenCalledTimes(2);
  });

  it("proposes a project under the dataset's name, ending as a dropped project is known by", async () => {
    const dialogs = scripted({});
    dialogs.saveProject = vi.fn(async (name: string) => join(dir, name));
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    await handlers['training:step']('epoch');
    const saved = await handlers['project:save']();
    // iris.backprop.json, as the web build names its download (project.json was refused on a drop).
    expect(dialogs.saveProject).toHaveBeenCalledWith('iris.backprop.json');
    const dropped = await handlersFor(scripted({}))['project:open-path'](saved!.location);
    expect(dropped?.summary.name).toBe('iris.csv');
  });

  it('exports the model file and the per-layer CSV files beside it', async () => {
    const location = join(dir, 'iris-model.json');
    const dialogs = scripted({ save: [location] });
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    await handlers['training:step']('epoch');
    // An earlier export of a deeper network to the same name: its W4 and θ4 go with it.
    for (const name of ['iris-model.json', 'iris-model-W4.csv', 'iris-model-theta4.csv'])
      await writeFile(join(dir, name), 'stale\n');
    expect(await handlers['weights:export']()).toEqual({ location });
    // Proposed under the dataset's name, as the web build names its download.
    expect(dialogs.saveModel).toHaveBeenCalledWith('iris.model.json');
    expect((await readdir(dir)).sort()).toEqual([
      'iris-model-W2.csv',
      'iris-model-W3.csv',
      'iris-model-theta2.csv',
      'iris-model-theta3.csv',
      'iris-model.json',
    ]);
    const model = parseModel(await readFile(location, 'utf8'), location);
    expect(model.topology[0]).toBe(4);
    expect(await handlers['weights:export']()).toBeNull(); // cancelled
  });

  it('sends the page the network as drawn: a wide layer as its drawn units and their weights', async () => {
    const handlers = handlersFor(scripted({ open: [iris] }));
    await handlers['dataset:open-dialog']();
    await handlers['session:configure'](wideIris(['input', 'input', 'input', 'input', 'target']));
    await handlers['training:step']('epoch');
    const drawn = await handlers['network:snapshot']();
    expect(drawn!.topology).toEqual([4, 200, 3]);
    expect(drawn!.units!.map((u) => u.length)).toEqual([4, MAX_DRAWN_UNITS, 3]);
    expect(drawn!.weights.map((W) => [W.length, W[0].length])).toEqual([
      [4, MAX_DRAWN_UNITS],
      [MAX_DRAWN_UNITS, 3],
    ]);
  });

  it('cancels the gradient check under way: its request answers null; a second cancel nothing', async () => {
    const handlers = handlersFor(scripted({ open: [iris] }));
    const summary = await handlers['dataset:open-dialog']();
    // 4-200-3: 1,603 parameters, each two evaluations of the cost, far more than one slice.
    await handlers['session:configure'](wideIris(summary!.suggestedRoles));
    const check = handlers['gradient:check']();
    expect(await handlers['gradient:cancel']()).toBeNull();
    expect(await check).toBeNull();
    expect(await handlers['gradient:cancel']()).toBeNull();
  });

  it('exports the loss history as CSV under the dataset name; a cancelled dialog writes nothing', async () => {
    const location = join(dir, 'losses.csv');
    const dialogs = scripted({ save: [null, location] });
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    await handlers['training:step']('epoch');
    await handlers['training:step']('epoch');
    expect(await handlers['losses:export']()).toBeNull(); // cancelled
    expect(await readdir(dir)).toEqual([]);
    expect(await handlers['losses:export']()).toEqual({ location });
    expect(dialogs.saveLosses).toHaveBeenCalledWith('iris-loss.csv');
    const rows = (await readFile(location, 'utf8')).trimEnd().split('\n');
    expect(rows[0]).toBe('epoch,train_loss,validation_loss,max_change');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['0', '1', '2']);
    expect(await readdir(dir)).toEqual(['losses.csv']); // no temporary file left behind
  });

  it('refuses to export the losses of a run without epochs, naming why, before any dialog', async () => {
    const dialogs = scripted({ save: [join(dir, 'loss.csv')] });
    const handlers = handlersFor(dialogs);
    await expect(handlers['losses:export']()).rejects.toThrow(
      'Train at least one epoch to export the loss history',
    );
    // A dataset and settings, but no epoch yet: the same, and still no dialog.
    const { config } = await handlers['example:open']('iris');
    await handlers['session:configure'](config);
    await expect(handlers['losses:export']()).rejects.toThrow(
      'Train at least one epoch to export the loss history',
    );
    expect(dialogs.saveLosses).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
  });

  it('saves a project and reopens it, asking to locate a moved dataset', async () => {
    const data = join(dir, 'iris.csv');
    await copyFile(iris, data);
    const project = join(dir, 'run.json');
    const moved = join(dir, 'moved.csv');
    const dialogs = scripted({ open: [data, project, moved], save: [project], locate: ['locate'] });
    const handlers = handlersFor(dialogs);
    await handlers['dataset:open-dialog']();
    await handlers['session:configure']({
      roles: ['input', 'input', 'input', 'input', 'target'],
      normalization: 'zscore',
      validationFraction: 0.2,
      testFraction: 0,
      hiddenLayers: [{ units: 4, activation: 'sigmoid' }],
      outputActivation: 'softmax',
      loss: 'cross-entropy',
      hyperparameters: {
        learningRate: 0.5,
        optimizer: 'sgd',
        momentum: 0.9,
        l2: 0,
        batchSize: 0,
        shuffle: false,
        maxEpochs: 10,
        threshold: 0,
        targetLoss: null,
        patience: null,
        seed: 4,
        dtype: 'float64',
        initScheme: 'uniform',
      },
    });
    await handlers['training:step']('epoch');
    const trained = await handlers['network:snapshot']();
    expect(await handlers['project:save']()).toEqual({ location: project });
    expect(JSON.parse(await readFile(project, 'utf8')).dataset.path).toBe(data);

    await copyFile(data, moved);
    await rm(data);
    const fresh = handlersFor(dialogs);
    const opened = await fresh['project:open']();
    expect(dialogs.askLocateDataset).toHaveBeenCalledWith(
      expect.stringContaining('is missing'),
      false,
    );
    expect(opened?.config.hyperparameters.seed).toBe(4);
    expect(await fresh['network:snapshot']()).toEqual(trained);
  });

  it('opens a dropped project by its path, asking about its dataset as Open project… does', async () => {
    const data = join(dir, 'iris.csv');
    await copyFile(iris, data);
    const project = join(dir, 'run.backprop.json');
    const addRecent = vi.fn();
    const dialogs = scripted({ save: [project], locate: ['cancel', 'use-anyway'] });
    const handlers = createHandlers({
      host: sessionHost(),
      dialogs,
      addRecent,
      recentFiles: () => [],
    });
    const { config } = await handlers['example:open']('iris');
    await handlers['dataset:open-path'](data);
    await handlers['session:configure'](config);
    await handlers['project:save']();
    addRecent.mockClear();
    expect((await handlers['project:open-path'](project))?.summary.name).toBe('iris.csv');
    expect(addRecent).toHaveBeenCalledWith({ path: project, kind: 'project' });
    // Its dataset changed: the same question as for a project picked in the dialog.
    await writeFile(data, (await readFile(data, 'utf8')).replace('5.1,3.5', '5.0,3.5'));
    expect(await handlers['project:open-path'](project)).toBeNull();
    expect(dialogs.askLocateDataset).toHaveBeenLastCalledWith(
      expect.stringContaining('changed'),
      true,
    );
    expect((await handlers['project:open-path'](project))?.summary.rows).toBe(150);
    expect(dialogs.openProject).not.toHaveBeenCalled();
    // Only a path named as a project, and a whole one; what is wrong in the file names it.
    await expect(handlers['project:open-path'](data)).rejects.toThrow(
      'iris.csv: not a project file (expected .backprop.json)',
    );
    await expect(handlers['project:open-path']('run.backprop.json')).rejects.toThrow(
      'run.backprop.json: expected an absolute path to a project file',
    );
    await writeFile(project, '{"format": "backprop-studio.project", "version": 7}');
    await expect(handlers['project:open-path'](project)).rejects.toThrow(/^run\.backprop\.json: /);
  });

  it('offers to use a changed dataset as it is, or cancels', async () => {
    const data = join(dir, 'iris.csv');
    await copyFile(iris, data);
    const project = join(dir, 'run.json');
    const dialogs = scripted({
      open: [project, project],
      save: [project],
      locate: ['cancel', 'use-anyway'],
    });
    const handlers = handlersFor(dialogs);
    const { config } = await handlers['example:open']('iris');
    await expect(handlers['dataset:open-path'](data)).resolves.toBeTruthy();
    await handlers['session:configure'](config);
    expect(await handlers['project:save']()).toEqual({ location: project });
    await writeFile(data, (await readFile(data, 'utf8')).replace('5.1,3.5', '5.0,3.5'));
    expect(await handlers['project:open']()).toBeNull();
    expect(dialogs.askLocateDataset).toHaveBeenLastCalledWith(
      expect.stringContaining('changed'),
      true,
    );
    const opened = await handlers['project:open']();
    expect(opened?.summary.rows).toBe(150);
    // Used as it is: the page is told the data is not the one the project was saved with.
    expect(opened?.otherData).toBe(true);
  });

  it("names the project file in an error about its content, not in one about its dataset's", async () => {
    const data = join(dir, 'iris.csv');
    await copyFile(iris, data);
    const project = join(dir, 'run.json');
    const other = join(dir, 'other.csv');
    await writeFile(other, 'x,y\n1,a\n2\n');
    const dialogs = scripted({ open: [project, project, project], save: [project] });
    const handlers = handlersFor(dialogs);
    const { config } = await handlers['example:open']('iris');
    await handlers['dataset:open-path'](data);
    await handlers['session:configure'](config);
    await handlers['project:save']();
    const saved = JSON.parse(await readFile(project, 'utf8'));
    await writeFile(project, JSON.stringify({ ...saved, version: 7 }));
    await expect(handlers['project:open']()).rejects.toThrow(
      /^run\.json: Not a project file this version reads: project\.version is 7/,
    );
    const rate = { ...saved.config.hyperparameters, learningRate: -1 };
    await writeFile(
      project,
      JSON.stringify({ ...saved, config: { ...saved.config, hyperparameters: rate } }),
    );
    await expect(handlers['project:open']()).rejects.toThrow(
      /^run\.json: hyperparameters\.learningRate/,
    );
    await writeFile(
      project,
      JSON.stringify({ ...saved, dataset: { ...saved.dataset, path: other } }),
    );
    await expect(handlers['project:open']()).rejects.toThrow(/^other\.csv: /);
  });

  it('predicts a file and saves the predictions, proposed beside it', async () => {
    const out = join(dir, 'pred.csv');
    const dialogs = scripted({ open: [iris], save: [out] });
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    expect(await handlers['predict:dialog']()).toEqual({ location: out, rows: 150 });
    expect(dialogs.openDataset).toHaveBeenCalledWith('Predict a file');
    expect(dialogs.savePredictions).toHaveBeenCalledWith(
      join(dirname(iris), 'iris-predictions.csv'),
    );
    expect((await readFile(out, 'utf8')).split('\n')[0]).toContain('predicted species');
  });

  it("rejects a file without the model's columns as Predict's failure, not the dataset's", async () => {
    const other = join(dir, 'other.csv');
    await writeFile(other, 'a,b\n1,2\n');
    const dialogs = scripted({ open: [other], save: [join(dir, 'pred.csv')] });
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    await expect(handlers['predict:dialog']()).rejects.toMatchObject({
      scope: 'export',
      message: expect.stringMatching(/sepal/),
    });
  });
});

describe('exporting weights beside files already there', () => {
  const layers = ['W2', 'W3', 'theta2', 'theta3'].map((name) => `iris.model-${name}.csv`);
  const exported = [...layers, 'iris.model.json'].sort();

  /** Handlers on a trained iris network, with the native dialogs answered from the mock's queue. */
  async function trained() {
    const dialogs = nativeDialogs(() => null);
    const handlers = handlersFor(dialogs);
    await handlers['example:open']('iris');
    await handlers['training:step']('epoch');
    return handlers;
  }
  const asked = () =>
    mock.dialog.showMessageBox.mock.calls.map(
      (call) => (call as unknown as [Electron.MessageBoxOptions])[0],
    );
  const contents = async (names: string[]) =>
    Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));

  afterEach(() => {
    resetElectronMock();
    mock.dialog.showSaveDialog.mockClear();
    mock.dialog.showMessageBox.mockClear();
  });

  it('asks before replacing layer files beside a new model file; Cancel writes nothing', async () => {
    const handlers = await trained();
    const location = join(dir, 'iris.model.json');
    await writeFile(join(dir, 'iris.model-W2.csv'), 'mine\n');
    await writeFile(join(dir, 'iris.model-W4.csv'), 'also mine\n');
    mock.dialog.answers = [location, 1]; // the save dialog, then Cancel
    expect(await handlers['weights:export']()).toBeNull();
    expect(asked()).toEqual([
      {
        type: 'warning',
        title: 'Replace existing files?',
        message: 'iris.model-W2.csv and 1 other file beside iris.model.json already exist.',
        detail: `In ${dir}, exporting replaces iris.model-W2.csv with this network's weights and deletes iris.model-W4.csv (this network has no such layer).`,
        buttons: ['Replace', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      },
    ]);
    expect((await readdir(dir)).sort()).toEqual(['iris.model-W2.csv', 'iris.model-W4.csv']);
    expect(await contents(['iris.model-W2.csv', 'iris.model-W4.csv'])).toEqual([
      'mine\n',
      'also mine\n',
    ]);
  });

  it('writes everything and removes the stale layer file when told Replace', async () => {
    const handlers = await trained();
    const location = join(dir, 'iris.model.json');
    await writeFile(join(dir, 'iris.model-W2.csv'), 'mine\n');
    await writeFile(join(dir, 'iris.model-W4.csv'), 'also mine\n');
    mock.dialog.answers = [location, 0]; // the save dialog, then Replace
    expect(await handlers['weights:export']()).toEqual({ location });
    expect(asked()).toHaveLength(1);
    expect((await readdir(dir)).sort()).toEqual(exported);
    expect((await contents(['iris.model-W2.csv']))[0]).not.toBe('mine\n');
    expect(parseModel(await readFile(location, 'utf8'), location).topology[0]).toBe(4);
  });

  it('does not ask when the model file was there (the save dialog asked), but does once it is gone', async () => {
    const handlers = await trained();
    const location = join(dir, 'iris.model.json');
    await writeFile(location, '{}\n');
    await writeFile(join(dir, 'iris.model-W2.csv'), 'earlier\n');
    await writeFile(join(dir, 'iris.model-W4.csv'), 'earlier\n');
    mock.dialog.answers = [location];
    expect(await handlers['weights:export']()).toEqual({ location });
    expect(asked()).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(exported);
    // The same layer files beside a model file since deleted are no longer the dialog's to replace.
    await rm(location);
    mock.dialog.answers = [location, 1];
    const before = await contents(layers);
    expect(await handlers['weights:export']()).toBeNull();
    expect(asked().map((options) => options.message)).toEqual([
      'iris.model-W2.csv and 3 other files beside iris.model.json already exist.',
    ]);
    expect(await contents(layers)).toEqual(before);
  });

  it('does not ask when nothing of the name is there, only files that look alike', async () => {
    const handlers = await trained();
    const alike = ['iris.model-notes.csv', 'iris.model-W2.csv.bak', 'other-W2.csv', 'iris.csv'];
    for (const name of alike) await writeFile(join(dir, name), 'mine\n');
    const location = join(dir, 'iris.model.json');
    mock.dialog.answers = [location];
    expect(await handlers['weights:export']()).toEqual({ location });
    expect(asked()).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual([...exported, ...alike].sort());
    expect(await contents(alike)).toEqual(alike.map(() => 'mine\n'));
    // Exporting to a new name whose layer file is there: that one is asked about.
    const other = join(dir, 'other.json');
    mock.dialog.answers = [other, 1];
    expect(await handlers['weights:export']()).toBeNull();
    expect(asked().map((options) => options.message)).toEqual([
      'other-W2.csv beside other.json already exists.',
    ]);
  });
});

describe('a large project', () => {
  it('is saved a weight row at a time and opens to the same network and run', async () => {
    const file = join(dir, 'wide.json');
    const host = sessionHost();
    const handlers = createHandlers({
      host,
      dialogs: scripted({ save: [file] }),
      addRecent: () => {},
      recentFiles: () => [],
    });
    const { config } = await handlers['example:open']('iris');
    const tanh = (units: number) => ({ units, activation: 'tanh' as const });
    await handlers['session:configure']({
      ...config,
      hiddenLayers: [tanh(300), tanh(300)],
      hyperparameters: { ...config.hyperparameters, optimizer: 'adam', patience: 5 },
    });
    await handlers['training:step']('epoch');
    const trained = await handlers['network:snapshot']();
    expect(await handlers['project:save']()).toEqual({ location: file });

    // The writer: pieces of at most a row (Adam's m and v of W⁽³⁾ are 90,000 values a line).
    const project = await host.request('save-project', {});
    const pieces = Array.from(jsonPieces(project));
    const text = await readFile(file, 'utf8');
    expect(text).toBe(`${pieces.join('')}\n`);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(text.length / 50);
    const saved = JSON.parse(text);
    expect(saved).toEqual(JSON.parse(JSON.stringify(project)));
    expect(saved.parameters.weights[1]).toHaveLength(300);
    expect(saved.resume.optimizer.arrays.m[1]).toHaveLength(90_000);
    // A file over the size read whole is parsed as it is read, to the same value.
    expect(await readJsonFile(file, { wholeUpTo: 0 })).toEqual(saved);

    const fresh = handlersFor(scripted({ open: [file], save: [join(dir, 'again.json')] }));
    expect((await fresh['project:open']())?.config.hiddenLayers).toEqual([tanh(300), tanh(300)]);
    expect(await fresh['network:snapshot']()).toEqual(trained);
    await fresh['project:save']();
    expect(await readFile(join(dir, 'again.json'), 'utf8')).toBe(text);
  }, 30_000);
});
