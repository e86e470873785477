// Every Node-side test gets test/electron-mock.ts for `electron`: the real package would try to
// download the Electron binary, and no test may launch Electron.
import { vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock'));
