// Which URLs are our page's: under the folder of out/renderer/index.html, or on the dev server's
// origin. Compared as Chromium writes a URL, which is what a frame reports: it upper-cases a
// Windows drive letter (file:///c:/… is file:///C:/…), where Node's pathToFileURL keeps the letter
// as the path has it (lowercase when the app is started from a terminal in c:\…).

/** `url`'s href as Chromium canonicalizes it (a file URL's drive letter upper-cased). */
function canonical(url: URL): string {
  return url.href.replace(
    /^file:\/\/\/([a-z]):/,
    (_, drive: string) => `file:///${drive.toUpperCase()}:`,
  );
}

/** True if `url` is our page (same file folder, or same dev-server origin). */
export function isOwnUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(rendererUrl);
    if (own.protocol === 'file:') {
      const ownHref = canonical(own);
      const folder = ownHref.slice(0, ownHref.lastIndexOf('/') + 1);
      return target.protocol === 'file:' && canonical(target).startsWith(folder);
    }
    return target.origin === own.origin;
  } catch {
    return false;
  }
}
