// Files in a browser: pick one with a file input, read one as JSON, save one as a download.
import { parseJsonChunks, parseJsonText, WHOLE_JSON_BYTES } from '../../core/json-stream';

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

/**
 * A picked file's JSON value. One up to `wholeUpTo` bytes is read as one text; a larger one (a
 * project of three layers of 4096 units is ~1 GB) is parsed as it is read, never one string.
 * Either way an error of the text is a JsonSyntaxError naming its line and column in the same
 * words, for the caller to name the file.
 */
export async function readJson(file: Blob, wholeUpTo = WHOLE_JSON_BYTES): Promise<unknown> {
  if (file.size <= wholeUpTo) return parseJsonText(await file.text());
  return parseJsonChunks(chunksOf(file));
}

/** A Blob's bytes as they are read. */
async function* chunksOf(file: Blob): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
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
