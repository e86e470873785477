// JSON parsed as its bytes arrive (@streamparser/json, pure JavaScript): a file too large for one
// string (V8 holds at most ~540 MB; a project of three layers of 4096 units is ~1 GB) is read a
// chunk at a time and never held whole. The hosts (the CLI, main, the web build) each bring their
// file's chunks and name the file in the errors.
import { JSONParser } from '@streamparser/json';

/** JSON files larger than this are parsed as a stream; smaller ones whole (JSON.parse's errors). */
export const WHOLE_JSON_BYTES = 256 << 20;

/** The text is not valid JSON; the message is the parser's (it names the byte position). */
export class JsonSyntaxError extends Error {}

/**
 * The JSON value of the bytes `chunks` yields, parsed as they come. Errors of the text are
 * JsonSyntaxError; errors of reading (the iterable's) pass through as they are.
 */
export async function parseJsonChunks(chunks: AsyncIterable<Uint8Array>): Promise<unknown> {
  let value: unknown;
  const parser = new JSONParser({ paths: ['$'], keepStack: false });
  parser.onValue = (parsed) => (value = parsed.value);
  const feed = (chunk: Uint8Array | null) => {
    try {
      if (chunk) parser.write(chunk);
      else parser.end();
    } catch (error) {
      throw new JsonSyntaxError((error as Error).message);
    }
  };
  for await (const chunk of chunks) feed(chunk);
  if (!parser.isEnded) feed(null);
  return value;
}
