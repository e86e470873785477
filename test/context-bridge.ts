// Electron's contextBridge as tests need it: what crosses it is copied, never shared. Functions
// are proxied (their arguments and results cross too), promises settle on the other side with
// copied values, plain data is copied, and an Error, thrown or rejected, arrives as a new Error
// with its message alone: its class and own properties (HostError's `error`, with the scope) stay
// behind. Electron's docs, "Parameter / Error / Return Type support": errors "are also copied";
// objects are copied but "Prototype modifications are dropped" and custom classes lose their
// prototype (https://www.electronjs.org/docs/latest/api/context-bridge). Used by the electron
// mock (Node tests of the preload) and by the fake electron of the desktop-path e2e test.

/** `value` as the other side of the bridge receives it. */
export function acrossBridge(value: unknown): unknown {
  if (typeof value === 'function') return proxy(value as (...args: unknown[]) => unknown);
  if (value instanceof Promise)
    return value.then(acrossBridge, (reason: unknown) => Promise.reject(errorAcross(reason)));
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return value.map(acrossBridge);
  if (value === null || typeof value !== 'object' || isCloneable(value))
    return structuredClone(value);
  // Any other object, a class instance included: its own properties, on a plain object.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossBridge(v)]));
}

/** What contextBridge.exposeInMainWorld puts on `window`: a frozen copy of the API. */
export function exposeAcrossBridge(api: unknown): unknown {
  return Object.freeze(acrossBridge(api));
}

function proxy(f: (...args: unknown[]) => unknown) {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = f(...args.map(acrossBridge));
    } catch (error) {
      throw errorAcross(error);
    }
    return acrossBridge(result);
  };
}

function errorAcross(reason: unknown): unknown {
  return reason instanceof Error ? new Error(reason.message) : acrossBridge(reason);
}

/** Built-in values the structured clone algorithm copies whole (typed arrays, files, dates …). */
function isCloneable(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Map ||
    value instanceof Set ||
    (typeof Blob !== 'undefined' && value instanceof Blob)
  );
}
