// The one place the renderer gets its host API: the desktop app's preload exposes it as
// `window.backprop`; in a plain browser the web adapter runs the engine in a Web Worker. The
// adapter is loaded only when needed, so the desktop bundle never starts a worker.
import type { BackpropApi } from '../app/shared/api';

declare global {
  interface Window {
    backprop?: BackpropApi;
  }
}

export async function getHost(): Promise<BackpropApi> {
  if (window.backprop) return window.backprop;
  const { createWebApi } = await import('./web/web-api');
  return createWebApi();
}
