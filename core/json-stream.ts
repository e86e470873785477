// JSON parsed as its bytes arrive (@streamparser/json, pure JavaScript): a file too large for one
// string (V8 holds at most ~540 MB; a project of three layers of 4096 units is ~1 GB) is read a
// chunk at a time and never held whole. The hosts (the CLI, main, the web build) each bring their
// file's chunks and name the file in the errors.
//
// A text that is not JSON is described as V8's JSON.parse describes it, at a line and column,
// whichever way it was read: whole (parseJsonText) or in chunks (parseJsonChunks).
import { TokenParser, Tokenizer, TokenizerError } from '@streamparser/json';
import { JSON_PROBLEMS, JsonGrammar, unexpectedCharacter } from './json-grammar';
import {
  ByteLineColumn,
  lineColumnOf,
  utf8Character,
  utf8Length,
  type LineColumn,
} from './json-position';

/** JSON files larger than this are parsed as a stream; smaller ones whole (JSON.parse). */
export const WHOLE_JSON_BYTES = 256 << 20;

/**
 * The text is not valid JSON: "Expected ',' or ']' after array element in JSON at line 4,
 * column 20" (V8's description, and where).
 */
export class JsonSyntaxError extends SyntaxError {
  constructor(
    /** V8's description: "Unexpected token '}' in JSON". */
    readonly problem: string,
    /** Where, if known. */
    readonly at: LineColumn | null,
  ) {
    super(at ? `${problem} at line ${at.line}, column ${at.column}` : problem);
  }
}

// core/ has no DOM or Node types; every platform it runs on has a TextEncoder.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

/**
 * JSON.parse, whose errors say line and column: V8's "… at position N" becomes "… at line L,
 * column C"; a message without a position (a stray character, the end of the text) is the one
 * the streamed parse gives, which has one.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = / at position (\d+)(?: \(line \d+ column \d+\))?$/.exec(message);
    if (at) throw new JsonSyntaxError(message.slice(0, at.index), lineColumnOf(text, +at[1]));
    try {
      const stream = new JsonStream();
      stream.write(new TextEncoder().encode(text));
      stream.end();
    } catch (streamed) {
      if (streamed instanceof JsonSyntaxError) throw streamed;
    }
    throw new JsonSyntaxError(message, null);
  }
}

/**
 * The JSON value of the bytes `chunks` yields, parsed as they come. Errors of the text are
 * JsonSyntaxError (line and column counted over the chunks read); errors of reading (the
 * iterable's) pass through as they are.
 */
export async function parseJsonChunks(chunks: AsyncIterable<Uint8Array>): Promise<unknown> {
  const stream = new JsonStream();
  for await (const chunk of chunks) stream.write(chunk);
  return stream.end();
}

/** The tokenizer's states, by the names its errors give them, as V8 words each problem. */
const TOKEN_PROBLEMS: Record<string, string> = {
  STRING_DEFAULT: JSON_PROBLEMS.controlCharacter,
  STRING_AFTER_BACKSLASH: JSON_PROBLEMS.escape,
  STRING_UNICODE_DIGIT_1: JSON_PROBLEMS.unicodeEscape,
  STRING_UNICODE_DIGIT_2: JSON_PROBLEMS.unicodeEscape,
  STRING_UNICODE_DIGIT_3: JSON_PROBLEMS.unicodeEscape,
  STRING_UNICODE_DIGIT_4: JSON_PROBLEMS.unicodeEscape,
  NUMBER_AFTER_INITIAL_MINUS: JSON_PROBLEMS.minus,
  NUMBER_AFTER_FULL_STOP: JSON_PROBLEMS.fraction,
  NUMBER_AFTER_E: JSON_PROBLEMS.exponent,
  NUMBER_AFTER_E_AND_SIGN: JSON_PROBLEMS.exponent,
};
/** At the end of the text, in the middle of a token. */
const END_PROBLEMS: Record<string, string> = {
  ...TOKEN_PROBLEMS,
  STRING_DEFAULT: JSON_PROBLEMS.unterminatedString,
  STRING_INCOMPLETE_CHAR: JSON_PROBLEMS.unterminatedString,
  STRING_AFTER_BACKSLASH: JSON_PROBLEMS.end,
};

/** The first character of a token of each kind the tokenizer may be in the middle of. */
const FIRST_CHARACTERS: Record<string, string> = {
  STRING: '"',
  NUMBER: '0',
  TRUE: 't',
  FALSE: 'f',
  NULL: 'n',
};

/** One JSON text, its bytes written chunk by chunk; end() gives its value. */
class JsonStream {
  #tokenizer = new Tokenizer();
  #parser = new TokenParser({ paths: ['$'], keepStack: false });
  #grammar = new JsonGrammar();
  #where = new ByteLineColumn();
  #value: unknown;
  /** Bytes written so far. */
  #bytes = 0;
  /** Where the last token began: no error can be before it. */
  #lastToken = 0;
  /** The tokenizer counts token offsets after a UTF-8 byte order mark: its 3 bytes, or 0. */
  #bom = 0;
  /** The chunk being written, and its first byte's offset. */
  #chunk: Uint8Array = new Uint8Array(0);
  #chunkStart = 0;
  /**
   * An error named by a character whose first bytes end the chunk ("Unexpected token 'é'"): it
   * waits for the rest of the character, in the next chunk.
   */
  #stray: { bytes: number[]; length: number; error: (char: string) => JsonSyntaxError } | null =
    null;

  constructor() {
    this.#tokenizer.onToken = (token) => {
      const offset = token.offset + this.#bom;
      const problem = this.#grammar.accept(token.token, token.value, offset);
      if (problem) throw this.#error(problem, offset);
      this.#lastToken = offset;
      this.#parser.write(token);
    };
    this.#tokenizer.onEnd = () => {
      if (!this.#parser.isEnded) this.#parser.end();
    };
    // After the top-level value the tokenizer ends too: anything but whitespace is then an error.
    this.#parser.onEnd = () => {
      if (!this.#tokenizer.isEnded) this.#tokenizer.end();
    };
    this.#parser.onValue = (parsed) => (this.#value = parsed.value);
  }

  write(chunk: Uint8Array): void {
    if (this.#stray) return this.#completeStray(chunk);
    if (this.#bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
      this.#bom = 3;
    this.#chunk = chunk;
    this.#chunkStart = this.#bytes;
    this.#bytes += chunk.length;
    // What lies before the last token is scanned for its lines, and let go.
    this.#where.advance(this.#lastToken);
    this.#where.push(chunk);
    try {
      this.#tokenizer.write(chunk);
    } catch (error) {
      const described = this.#described(error, false);
      if (described) throw described;
    }
  }

  end(): unknown {
    if (this.#stray) return this.#completeStray(null);
    try {
      if (!this.#tokenizer.isEnded) this.#tokenizer.end();
    } catch (error) {
      throw this.#described(error, true)!;
    }
    if (!this.#grammar.done) throw this.#error(this.#grammar.expected(), this.#bytes);
    return this.#value;
  }

  /**
   * A JsonSyntaxError for what the tokenizer or parser threw (`atEnd`: from end()), or null when
   * it names a character not yet wholly read (#stray).
   */
  #described(error: unknown, atEnd: boolean): JsonSyntaxError | null {
    if (error instanceof JsonSyntaxError) return error;
    const message = (error as Error).message;
    const grammar = this.#grammar;
    // 'Unexpected "x" at chunk position … (absolute position "N") in state S', or the text ended
    // 'in the middle of a token (state: S)'.
    const stray = /absolute position "(\d+)"\) in state (\w+)$/.exec(message);
    const cut = /in the middle of a token \(state: (\w+)\)/.exec(message);
    if (!(error instanceof TokenizerError) || !(stray || cut)) {
      // The token parser's: the text ended before its value did.
      return this.#error(atEnd ? grammar.expected() : message, this.#bytes);
    }
    const state = stray ? stray[2] : cut![1];
    // A token begun where none may go ("[1 2", "{true"): V8 names what should have come there.
    const begun = this.#tokenStart();
    const first = /^(STRING|NUMBER|TRUE|FALSE|NULL)/.exec(state)?.[1];
    if (begun !== null && first && !this.#fits(first)) {
      return this.#error(grammar.misplaced(FIRST_CHARACTERS[first]), begun);
    }
    if (!stray) return this.#error(END_PROBLEMS[state] ?? JSON_PROBLEMS.end, this.#bytes);
    const offset = Number(stray[1]);
    if (state === 'ENDED') {
      return this.#characterError(offset, (c) =>
        this.#error(grammar.strayAfterEnd(c, offset), offset),
      );
    }
    if (TOKEN_PROBLEMS[state]) return this.#error(TOKEN_PROBLEMS[state], offset);
    // Where a token should start, or true, false, null misspelt ("tru]", "nul1"): V8 names the
    // character.
    const start = state === 'START' || state === 'BOM_OR_START';
    const describe = start ? (c: string) => grammar.strayCharacter(c) : unexpectedCharacter;
    return this.#characterError(offset, (char) => this.#error(describe(char), offset));
  }

  /** Whether a token of this kind (STRING, NUMBER, TRUE…) may stand where the grammar now is. */
  #fits(kind: string): boolean {
    return kind === 'STRING' ? this.#grammar.wantsString : this.#grammar.wantsValue;
  }

  /**
   * Where the token the tokenizer is in the middle of began, or null. @streamparser/json keeps it
   * in a field its types call private (0.0.26, pinned); a later version without it gives null.
   */
  #tokenStart(): number | null {
    const offset: unknown = Reflect.get(this.#tokenizer, 'offset');
    return typeof offset === 'number' && offset >= 0 ? offset + this.#bom : null;
  }

  /** `error` of the character at byte `offset`; null while its bytes run past this chunk. */
  #characterError(
    offset: number,
    error: (char: string) => JsonSyntaxError,
  ): JsonSyntaxError | null {
    const i = offset - this.#chunkStart;
    const length = utf8Length(this.#chunk[i]);
    const bytes = [...this.#chunk.subarray(i, i + length)];
    if (bytes.length === length) return error(utf8Character(bytes));
    this.#stray = { bytes, length, error };
    return null;
  }

  /** The rest of #stray's character from `chunk`, then its error (at the end: as it is). */
  #completeStray(chunk: Uint8Array | null): undefined {
    const stray = this.#stray!;
    const more = chunk ? chunk.subarray(0, stray.length - stray.bytes.length) : [];
    stray.bytes.push(...more);
    if (chunk && stray.bytes.length < stray.length) return;
    throw stray.error(utf8Character(stray.bytes));
  }

  #error(problem: string, offset: number): JsonSyntaxError {
    return new JsonSyntaxError(problem, this.#where.at(offset));
  }
}
