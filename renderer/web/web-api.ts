// BackpropApi in a plain browser: the engine runs in a Web Worker (trainer.worker.ts runs the
// same TrainingSession as the desktop app's utility process); files come from a file input and
// leave as downloads. The renderer cannot tell this host from the desktop preload.
import type {
  AppError,
  BackpropApi,
  GradientCheckProgress,
  MenuCommand,
  ProgressBatch,
  TrainingFinished,
} from '../../app/shared/api';
import { unpackProgress, type CommandPayload } from '../../app/shared/ipc';
import { MAX_DRAWN_UNITS } from '../../app/shared/sample-units';
import { jsonPieces } from '../../core/json-pieces';
import { baseName, download, pickFile, readJson } from './files';
import { browserPath } from './protocol';
import { CommandFailure, WorkerClient } from './worker-client';

const DATASETS = '.csv,.tsv,.txt,text/csv,text/tab-separated-values';

const notRecent = (path: string) =>
  new Error(`${path}: the web version has no recent files; open the file again`);
const PROJECTS = '.json,application/json';

export function createWebApi(
  worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trainer',
  }),
): BackpropApi {
  const client = new WorkerClient(worker);
  let datasetName = 'model';

  async function loadFile(file: File) {
    const path = browserPath(file);
    client.post({ kind: 'file', path, file });
    const summary = await client.request('load-dataset', { path });
    datasetName = baseName(file.name);
    return summary;
  }

  function on<T>(pick: (m: Parameters<Parameters<WorkerClient['listen']>[0]>[0]) => T | undefined) {
    return (listener: (value: T) => void) =>
      client.listen((m) => {
        const value = pick(m);
        if (value !== undefined) listener(value);
      });
  }

  return {
    async openDatasetDialog() {
      const file = await pickFile(DATASETS);
      return file ? loadFile(file) : null;
    },
    openDatasetFile: loadFile,
    // The worker checks the config against its schema (activation names and ranges included).
    configure: (config) =>
      client
        .request('configure', { config: config as CommandPayload<'configure'>['config'] })
        .then(() => undefined),
    start: () => client.request('start', {}).then(() => undefined),
    pause: () => client.request('pause', {}).then(() => undefined),
    resume: () => client.request('resume', {}).then(() => undefined),
    step: (unit) => client.request('step', { unit }).then(() => undefined),
    stop: () => client.request('stop', {}).then(() => undefined),
    reset: () => client.request('reset', {}).then(() => undefined),

    async exportWeights() {
      const exported = await client.request('export-model', {});
      const name = `${datasetName}.model.json`;
      download(name, exported.model);
      // iris.model-W2.csv, …: named after the model file, as the desktop app names them.
      for (const f of exported.files) {
        download(`${datasetName}.model-${f.name}`, f.text, 'text/csv');
      }
      const extra = exported.files.length ? ` and ${exported.files.length} CSV files` : '';
      return { location: `your downloads (${name}${extra})` };
    },

    async exportLosses() {
      const { csv } = await client.request('export-losses', {});
      const name = `${datasetName}-loss.csv`;
      download(name, csv, 'text/csv');
      return { location: `your downloads (${name})` };
    },

    async saveProject() {
      const project = await client.request('save-project', {});
      const name = `${datasetName}.backprop.json`;
      // Made a weight row at a time: a large network's project (~1 GB) is never one string.
      download(name, [...jsonPieces(project), '\n']);
      return { location: `your downloads (${name})` };
    },

    async openProject() {
      const file = await pickFile(PROJECTS);
      if (!file) return null;
      let project: unknown;
      try {
        project = await readJson(file);
      } catch (error) {
        throw new Error(`${file.name} is not a project file: ${(error as Error).message}`);
      }
      try {
        return await client.request('open-project', { project, datasetPath: null });
      } catch (error) {
        // A browser cannot reopen a file by its path: ask for the project's dataset.
        if (!(error instanceof CommandFailure) || error.error.code !== 'dataset-missing')
          throw error;
        const dataset = await pickFile(DATASETS);
        if (!dataset) return null;
        const path = browserPath(dataset);
        client.post({ kind: 'file', path, file: dataset });
        const opened = await client.request('open-project', { project, datasetPath: path });
        datasetName = baseName(dataset.name);
        return opened;
      }
    },

    // Open Recent is a menu of the desktop app; a browser cannot reopen a file by its path.
    openRecentDataset: (path) => Promise.reject(notRecent(path)),
    openRecentProject: (path) => Promise.reject(notRecent(path)),

    network: () => client.request('network', { maxUnits: MAX_DRAWN_UNITS }),
    inspect: (request) => client.request('inspect', { request }),
    gradientCheck: () => client.request('gradient-check', {}),
    cancelGradientCheck: () => client.request('cancel-gradient-check', {}).then(() => undefined),
    async openExample(id) {
      const opened = await client.request('open-example', { id });
      datasetName = id;
      return opened;
    },
    decisionSurface: (request) => client.request('surface', { request }),
    // The Worker starts with the page: a reloaded page finds it empty.
    current: () => client.request('current', {}),

    async predictDialog() {
      const file = await pickFile(DATASETS);
      if (!file) return null;
      const path = browserPath(file);
      client.post({ kind: 'file', path, file });
      const { csv, ...counts } = await client.request('predict', { path });
      const name = `${baseName(file.name)}.predictions.csv`;
      download(name, csv, 'text/csv');
      return { location: `your downloads (${name})`, ...counts };
    },

    onProgress: on<ProgressBatch>((m) =>
      m.kind === 'progress' ? unpackProgress(m.batch) : undefined,
    ),
    onFinished: on<TrainingFinished>((m) => (m.kind === 'finished' ? m.result : undefined)),
    onError: on<AppError>((m) => (m.kind === 'error' ? m.error : undefined)),
    onGradientCheckProgress: on<GradientCheckProgress>((m) =>
      m.kind === 'gradient-check-progress' ? m.progress : undefined,
    ),
    // A browser has no native menu; the page's own shortcuts and buttons do the same.
    onMenu: (_listener: (command: MenuCommand) => void) => () => {},
    setMenuState: async () => {},
  };
}
