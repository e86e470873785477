import { describe, expect, it } from 'vitest';
import { isOwnUrl } from './own-page';

describe('isOwnUrl', () => {
  const page = 'file:///opt/app/out/renderer/index.html';

  it('takes what is under our file folder, or on our dev server', () => {
    expect(isOwnUrl('file:///opt/app/out/renderer/assets/x.js', page)).toBe(true);
    expect(isOwnUrl('file:///opt/app/out/main/index.cjs', page)).toBe(false);
    expect(isOwnUrl('file:///opt/app/out/renderer/../main/index.cjs', page)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isOwnUrl('http://localhost:5174/x', 'http://localhost:5173/')).toBe(false);
    expect(isOwnUrl('not a url', page)).toBe(false);
  });

  it('compares a Windows drive letter as Chromium writes it, upper-cased', () => {
    // pathToFileURL keeps the lowercase letter of a path from a terminal in c:\…; the page's
    // frame reports file:///C:/….
    const windows = 'file:///c:/app/out/renderer/index.html';
    expect(isOwnUrl('file:///C:/app/out/renderer/index.html', windows)).toBe(true);
    expect(isOwnUrl('file:///c:/app/out/renderer/index.html', windows)).toBe(true);
    expect(isOwnUrl('file:///C:/app/out/main/index.cjs', windows)).toBe(false);
    expect(isOwnUrl('file:///D:/app/out/renderer/index.html', windows)).toBe(false);
  });
});
