// Files in a browser: pick one with a file input, save one as a download.

/** Shows the browser's file chooser; resolves null if the user cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    input.dataset.picker = accept;
    const done = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** Offers `text` as a file download named `name`. */
export function download(
  name: string,
  text: string | readonly string[],
  type = 'application/json',
): void {
  // A large model's JSON comes in pieces (more than one string holds): the Blob joins them.
  const url = URL.createObjectURL(
    new Blob(typeof text === 'string' ? [text] : [...text], { type }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "iris.csv" → "iris" */
export function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '') || 'model';
}
