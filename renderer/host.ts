// The one place the renderer gets its host API: the desktop app's preload exposes it as
// `window.backprop` (its requests settle as values, which fromPreload turns back into results and
// rejections with their scope); in a plain browser the web adapter runs the engine in a Web
// Worker. The adapter is loaded only when needed, so the desktop bundle never starts a worker.
import type { BackpropApi, PreloadApi } from '../app/shared/api';
import { fromPreload } from '../app/shared/settled';

declare global {
  interface Window {
    backprop?: PreloadApi;
  }
}

export async function getHost(): Promise<BackpropApi> {
  if (window.backprop) return fromPreload(window.backprop);
  const { createWebApi } = await import('./web/web-api');
  return createWebApi();
}
