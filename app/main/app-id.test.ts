import { describe, expect, it, vi } from 'vitest';
import { APP_ID, identifyApp } from './app-id';

describe('the app identity', () => {
  it("is the installer's AppUserModelID on Windows, and left alone elsewhere", () => {
    const app = { setAppUserModelId: vi.fn() };
    identifyApp(app, 'linux');
    identifyApp(app, 'darwin');
    expect(app.setAppUserModelId).not.toHaveBeenCalled();
    identifyApp(app, 'win32');
    expect(app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
  });
});
