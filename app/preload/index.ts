// The preload of the one window: it exposes `window.backprop`, one method per message of
// app/shared/ipc.ts and nothing else (no ipcRenderer, no Node). Built as CommonJS (index.cjs) for
// the sandbox. Dropped or picked files are passed by path (webUtils), never read here: the
// training process streams them from disk.
import { contextBridge, webUtils } from 'electron';
import type { BackpropApi } from '../shared/api';
import { unpackProgress } from '../shared/ipc';
import { invoke, listen } from './bridge';

export const api = {
  openDatasetDialog: () => invoke('dataset:open-dialog'),
  openDatasetFile: (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (!path) return Promise.reject(new Error(`${file.name}: this file has no path on disk`));
    return invoke('dataset:open-path', path);
  },
  configure: (config) => invoke('session:configure', config).then(() => undefined),
  start: () => invoke('training:start').then(() => undefined),
  pause: () => invoke('training:pause').then(() => undefined),
  resume: () => invoke('training:resume').then(() => undefined),
  step: (unit) => invoke('training:step', unit).then(() => undefined),
  stop: () => invoke('training:stop').then(() => undefined),
  reset: () => invoke('training:reset').then(() => undefined),
  exportWeights: () => invoke('weights:export'),
  saveProject: () => invoke('project:save'),
  openProject: () => invoke('project:open'),
  network: () => invoke('network:snapshot'),
  inspect: (request) => invoke('inspect:row', request),
  gradientCheck: () => invoke('gradient:check'),
  openExample: (id) => invoke('example:open', id),
  decisionSurface: (request) => invoke('surface:compute', request),
  predictDialog: () => invoke('predict:dialog'),
  onProgress: (listener) => listen('training:progress', (wire) => listener(unpackProgress(wire))),
  onFinished: (listener) => listen('training:finished', listener),
  onError: (listener) => listen('app:error', listener),
  onMenu: (listener) => listen('menu:command', listener),
  onDatasetProgress: (listener) => listen('dataset:progress', listener),
} satisfies BackpropApi;

contextBridge.exposeInMainWorld('backprop', api);
