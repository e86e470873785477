// A stand-in for the desktop preload, injected with page.addInitScript before the renderer
// loads: it defines window.backprop as the preload would, records every call in
// window.__calls, and lets the test play the host through window.__emit(channel, payload).
// The function is serialized into the page, so it must not close over anything.
export function installFakePreload(summary: unknown): void {
  type Listener = (value: unknown) => void;
  const listeners: Record<string, Set<Listener>> = {
    progress: new Set(),
    finished: new Set(),
    error: new Set(),
    menu: new Set(),
  };
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, result: unknown = null) =>
    async (...args: unknown[]) => {
      calls.push({ method, args: structuredClone(args) });
      return result;
    };
  const listen = (channel: string) => (listener: Listener) => {
    listeners[channel].add(listener);
    return () => listeners[channel].delete(listener);
  };
  const w = window as unknown as Record<string, unknown>;
  w.__calls = calls;
  w.__emit = (channel: string, payload: unknown) => listeners[channel].forEach((l) => l(payload));
  w.backprop = Object.freeze({
    openDatasetDialog: record('openDatasetDialog', summary),
    openDatasetFile: record('openDatasetFile', summary),
    configure: record('configure'),
    start: record('start'),
    pause: record('pause'),
    resume: record('resume'),
    step: record('step'),
    stop: record('stop'),
    reset: record('reset'),
    exportWeights: record('exportWeights', { location: '/home/ada/iris.model.json' }),
    saveProject: record('saveProject', { location: '/home/ada/iris.backprop.json' }),
    openProject: record('openProject', null),
    network: record('network', null),
    inspect: record('inspect'),
    gradientCheck: record('gradientCheck'),
    openExample: record('openExample'),
    decisionSurface: record('decisionSurface'),
    predictDialog: record('predictDialog', null),
    onProgress: listen('progress'),
    onFinished: listen('finished'),
    onError: listen('error'),
    onMenu: listen('menu'),
  });
}
