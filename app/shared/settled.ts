// The page's end of the desktop bridge. The preload settles every request as a value (PreloadApi
// in ./api.ts), because Electron's contextBridge would strip a rejected Error down to its message;
// here a failure becomes a rejection again: a HostError whose `error` carries the scope, which the
// workspace reads exactly as it reads the web build's CommandFailure (`error.error.scope`).
import type { AppError, BackpropApi, PreloadApi, Settled } from './api';

/** A failed request: the host's message, and where it belongs (`error.scope`). */
export class HostError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'HostError';
  }
}

/** The value of a settled request; its failure thrown as a HostError. */
export function unwrap<T>(method: string, settled: Settled<T>): T {
  const outcome = settled as Partial<Settled<T>> | null | undefined;
  if (outcome?.ok === true) return (outcome as { value: T }).value;
  if (outcome?.ok === false) throw new HostError(outcome.error as AppError);
  throw new Error(
    `${method}: the desktop preload answered ${describe(settled)}, not { ok, value } or { ok, error }`,
  );
}

/** The desktop preload's API as the BackpropApi the renderer codes against. */
export function fromPreload(preload: PreloadApi): BackpropApi {
  const rejecting =
    <A extends unknown[], R>(method: string, request: (...args: A) => Promise<Settled<R>>) =>
    async (...args: A): Promise<R> =>
      unwrap(method, await request(...args));
  return {
    openDatasetDialog: rejecting('openDatasetDialog', preload.openDatasetDialog),
    openDatasetFile: rejecting('openDatasetFile', preload.openDatasetFile),
    configure: rejecting('configure', preload.configure),
    start: rejecting('start', preload.start),
    pause: rejecting('pause', preload.pause),
    resume: rejecting('resume', preload.resume),
    step: rejecting('step', preload.step),
    stop: rejecting('stop', preload.stop),
    reset: rejecting('reset', preload.reset),
    exportWeights: rejecting('exportWeights', preload.exportWeights),
    exportLosses: rejecting('exportLosses', preload.exportLosses),
    saveProject: rejecting('saveProject', preload.saveProject),
    openProject: rejecting('openProject', preload.openProject),
    openRecentDataset: rejecting('openRecentDataset', preload.openRecentDataset),
    openRecentProject: rejecting('openRecentProject', preload.openRecentProject),
    ...(preload.openProjectFile && {
      openProjectFile: rejecting('openProjectFile', preload.openProjectFile),
    }),
    network: rejecting('network', preload.network),
    inspect: rejecting('inspect', preload.inspect),
    gradientCheck: rejecting('gradientCheck', preload.gradientCheck),
    cancelGradientCheck: rejecting('cancelGradientCheck', preload.cancelGradientCheck),
    openExample: rejecting('openExample', preload.openExample),
    decisionSurface: rejecting('decisionSurface', preload.decisionSurface),
    predictDialog: rejecting('predictDialog', preload.predictDialog),
    current: rejecting('current', preload.current),
    setMenuState: rejecting('setMenuState', preload.setMenuState),
    // Events cross the bridge as plain values already.
    onProgress: preload.onProgress,
    onFinished: preload.onFinished,
    onError: preload.onError,
    onGradientCheckProgress: preload.onGradientCheckProgress,
    onMenu: preload.onMenu,
    ...(preload.onDatasetProgress && { onDatasetProgress: preload.onDatasetProgress }),
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return String(value);
  }
}
