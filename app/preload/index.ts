// The preload of the one window: it exposes `window.backprop`, one method per message of
// app/shared/ipc.ts and nothing else (no ipcRenderer, no Node). Built as CommonJS (index.cjs) for
// the sandbox. Dropped or picked files are passed by path (webUtils), never read here: the
// training process streams them from disk. Every request resolves to a plain { ok, value } or
// { ok, error } (PreloadApi): across the contextBridge a rejected Error would keep only its
// message, and the page needs the error's scope; renderer/host.ts unwraps it.
import './no-eval';
import { contextBridge, webUtils } from 'electron';
import type { PreloadApi } from '../shared/api';
import { unpackProgress } from '../shared/ipc';
import { done, invoke, listen } from './bridge';

export const api = {
  openDatasetDialog: () => invoke('dataset:open-dialog'),
  openDatasetFile: async (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (!path)
      return {
        ok: false,
        error: { message: `${file.name}: this file has no path on disk`, scope: 'dataset' },
      } as const;
    return invoke('dataset:open-path', path);
  },
  configure: (config) => invoke('session:configure', config).then(done),
  start: () => invoke('training:start').then(done),
  pause: () => invoke('training:pause').then(done),
  resume: () => invoke('training:resume').then(done),
  step: (unit) => invoke('training:step', unit).then(done),
  stop: () => invoke('training:stop').then(done),
  reset: () => invoke('training:reset').then(done),
  exportWeights: () => invoke('weights:export'),
  exportLosses: () => invoke('losses:export'),
  saveProject: () => invoke('project:save'),
  openProject: () => invoke('project:open'),
  openRecentDataset: (path) => invoke('dataset:open-recent', path),
  openRecentProject: (path) => invoke('project:open-recent', path),
  openProjectFile: async (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (!path)
      return {
        ok: false,
        error: { message: `${file.name}: this file has no path on disk`, scope: 'project' },
      } as const;
    return invoke('project:open-path', path);
  },
  network: () => invoke('network:snapshot'),
  inspect: (request) => invoke('inspect:row', request),
  gradientCheck: () => invoke('gradient:check'),
  cancelGradientCheck: () => invoke('gradient:cancel').then(done),
  openExample: (id) => invoke('example:open', id),
  decisionSurface: (request) => invoke('surface:compute', request),
  predictDialog: () => invoke('predict:dialog'),
  current: () => invoke('session:current'),
  setMenuState: (state) => invoke('menu:state', state).then(done),
  onProgress: (listener) => listen('training:progress', (wire) => listener(unpackProgress(wire))),
  onFinished: (listener) => listen('training:finished', listener),
  onError: (listener) => listen('app:error', listener),
  onGradientCheckProgress: (listener) => listen('gradient:progress', listener),
  onMenu: (listener) => listen('menu:command', listener),
  onDatasetProgress: (listener) => listen('dataset:progress', listener),
} satisfies PreloadApi;

contextBridge.exposeInMainWorld('backprop', api);
