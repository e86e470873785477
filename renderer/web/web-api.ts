// BackpropApi in a plain browser: the engine runs in a Web Worker (trainer.worker.ts runs the
// same TrainingSession as the desktop app's utility process); files come from a file input and
// leave as downloads. The renderer cannot tell this host from the desktop preload. What the
// desktop's main process does around them is done here, in the page: it asks before the page is
// left with work at risk, and asks the user (in the page's dialog) which file a project's dataset is.
import type {
  AppError,
  BackpropApi,
  DatasetProgress,
  GradientCheckProgress,
  HostAnswer,
  HostQuestion,
  MenuCommand,
  OpenedProject,
  ProgressBatch,
  TrainingFinished,
} from '../../app/shared/api';
import { DATASET_EXTENSIONS, notADataFile } from '../../app/shared/data-files';
import { unpackProgress, type CommandPayload } from '../../app/shared/ipc';
import { MAX_DRAWN_UNITS } from '../../app/shared/sample-units';
import { WorkAtRisk } from '../../app/shared/work-at-risk';
import { jsonPieces } from '../../core/json-pieces';
import { baseName, download, pickFile, readJson } from './files';
import { browserPath, fileNameOf } from './protocol';
import { CommandFailure, WorkerClient } from './worker-client';

const DATASETS = [...DATASET_EXTENSIONS, 'text/csv', 'text/tab-separated-values'].join(',');

const notRecent = (path: string) =>
  new Error(`${path}: the web version has no recent files; open the file again`);
const PROJECTS = '.json,application/json';

/**
 * The web host of the page. `page` hears `beforeunload`: leaving the page (a reload, a closed
 * tab) while a run trains, or with trained weights not saved or exported since, asks first, as
 * the desktop app asks before its window closes (app/shared/work-at-risk.ts, the same rule).
 */
export function createWebApi(
  worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trainer',
  }),
  page: Pick<EventTarget, 'addEventListener'> = window,
): BackpropApi {
  const client = new WorkerClient(worker);
  let datasetName = 'model';

  // The Worker starts with the page: nothing it holds outlives a reload.
  const work = new WorkAtRisk();
  client.listen((message) => work.note(message));
  page.addEventListener('beforeunload', (event) => {
    if (work.risk) event.preventDefault();
  });
  /** What a save, an export or an opened project resolved: the weights are kept elsewhere now. */
  const saving = <T>(result: T): T => {
    if (result !== null) work.saved();
    return result;
  };

  let answer: ((question: HostQuestion) => Promise<HostAnswer>) | null = null;
  const ask = (question: HostQuestion): Promise<HostAnswer> =>
    answer ? answer(question) : Promise.resolve('cancel');

  async function loadFile(file: File) {
    const refused = notADataFile(file.name);
    if (refused) throw new Error(refused);
    const path = browserPath(file);
    client.post({ kind: 'file', path, file });
    const summary = await client.request('load-dataset', { path });
    datasetName = baseName(file.name);
    return summary;
  }

  /**
   * Opens a project as the desktop app does, asking the user where it would ask: a browser
   * cannot open the project's dataset by its path, so the page asks for the file, naming it
   * first; a file whose content is not the one the project was saved with (its fingerprint) is
   * used only if the user says so. The questions name files as the user knows them, never by
   * the worker's paths.
   */
  async function openProjectFile(file: File): Promise<OpenedProject | null> {
    const project = await readProject(file);
    const saved = savedDatasetPath(project);
    const wanted = saved === null ? '' : fileNameOf(saved);
    /** The file tried last: its path in the worker and its name. */
    let tried = { path: saved, name: wanted };
    let request: { project: unknown; datasetPath: string | null } = { project, datasetPath: null };
    for (;;) {
      try {
        const opened = await client.request('open-project', request);
        datasetName = baseName(opened.summary.name);
        return saving(opened);
      } catch (error) {
        const code = error instanceof CommandFailure ? error.error.code : undefined;
        if (saved === null || (code !== 'dataset-missing' && code !== 'dataset-changed')) {
          throw named(file, error);
        }
        const choice = await ask(
          code === 'dataset-missing'
            ? {
                title: 'Choose the project’s dataset',
                message: `${file.name} was saved with the dataset ${wanted}. A browser cannot open a file by itself: choose ${wanted} in the next window.`,
                confirm: `Choose ${wanted}…`,
                cancel: 'Cancel',
              }
            : {
                title: 'The dataset changed',
                message: `${tried.name === wanted ? `The ${wanted} this page has` : tried.name} is not the ${wanted} ${file.name} was saved with: its content is different. Choose the original, or use ${tried.name} as it is?`,
                confirm: 'Choose another file…',
                cancel: 'Cancel',
                alternative: 'Use it as it is',
              },
        );
        if (choice === 'cancel') return null;
        if (choice === 'alternative') {
          // As it is: no check of its content.
          request = { project, datasetPath: tried.path };
          continue;
        }
        const dataset = await pickFile(DATASETS);
        if (!dataset) return null;
        const refused = notADataFile(dataset.name);
        if (refused) throw new Error(refused);
        const path = browserPath(dataset);
        client.post({ kind: 'file', path, file: dataset });
        tried = { path, name: dataset.name };
        // The project as if saved with this file, for the session to check its content.
        request = { project: withDatasetPath(project, path), datasetPath: null };
      }
    }
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
    step: (unit) => client.request('step', { unit }).then(() => work.stepped()),
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
      return saving({ location: `your downloads (${name}${extra})` });
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
      return saving({ location: `your downloads (${name})` });
    },

    async openProject() {
      const file = await pickFile(PROJECTS);
      return file ? openProjectFile(file) : null;
    },
    openProjectFile,
    onQuestion(listener) {
      answer = listener;
      return () => {
        if (answer === listener) answer = null;
      };
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
    onDatasetProgress: on<DatasetProgress>((m) =>
      m.kind === 'dataset-progress' ? m.progress : undefined,
    ),
    // A browser has no native menu; the page's own shortcuts and buttons do the same.
    onMenu: (_listener: (command: MenuCommand) => void) => () => {},
    setMenuState: async () => {},
  };
}

/**
 * A picked file's project, or an error naming the file: one that is not JSON (cut short, or
 * another kind of file) in the desktop app's words, `run.backprop.json is not valid JSON: …`.
 */
async function readProject(file: File): Promise<unknown> {
  try {
    return await readJson(file);
  } catch (error) {
    const what = error instanceof SyntaxError ? 'is not valid JSON' : 'could not be read';
    throw new Error(`${file.name} ${what}: ${(error as Error).message}`);
  }
}

/** The path a project's dataset was saved at (null: an example's, or none said). */
function savedDatasetPath(project: unknown): string | null {
  const dataset = (project as { dataset?: { kind?: unknown; path?: unknown } } | null)?.dataset;
  return dataset?.kind === 'path' && typeof dataset.path === 'string' ? dataset.path : null;
}

/** The project with its dataset at `path` (its fingerprint kept, to check the file against). */
function withDatasetPath(project: unknown, path: string): unknown {
  const { dataset } = project as { dataset: object };
  return { ...(project as object), dataset: { ...dataset, path } };
}

/** What is wrong in the project file names it, as the desktop app says it. */
function named(file: File, error: unknown): unknown {
  if (error instanceof CommandFailure && ['project', 'config'].includes(error.error.scope ?? ''))
    error.message = `${file.name}: ${error.message}`;
  return error;
}
