// What a JSON text should have next, token by token, so that a streamed text that breaks off or
// goes wrong is described in the words V8's JSON.parse uses for the same text ("Expected ',' or
// ']' after array element in JSON"): a large file's error then reads as a small file's does.
import { TokenType } from '@streamparser/json';

/** V8's descriptions (without their "at position N"). */
export const JSON_PROBLEMS = {
  end: 'Unexpected end of JSON input',
  afterJson: 'Unexpected non-whitespace character after JSON',
  firstKey: "Expected property name or '}' in JSON",
  key: 'Expected double-quoted property name in JSON',
  colon: "Expected ':' after property name in JSON",
  objectComma: "Expected ',' or '}' after property value in JSON",
  arrayComma: "Expected ',' or ']' after array element in JSON",
  number: 'Unexpected number in JSON',
  string: 'Unexpected string in JSON',
  controlCharacter: 'Bad control character in string literal in JSON',
  escape: 'Bad escaped character in JSON',
  unicodeEscape: 'Bad Unicode escape in JSON',
  unterminatedString: 'Unterminated string in JSON',
  minus: 'No number after minus sign in JSON',
  fraction: 'Unterminated fractional number in JSON',
  exponent: 'Exponent part is missing a number in JSON',
} as const;

/** V8's words for a character that cannot stand where it is. */
export const unexpectedToken = (char: string) => `Unexpected token '${char}' in JSON`;

/** V8's words for a character where a word (true, false, null) goes wrong: a digit is a number. */
export function unexpectedCharacter(char: string): string {
  if (/^[-0-9]$/.test(char)) return JSON_PROBLEMS.number;
  return char === '"' ? JSON_PROBLEMS.string : unexpectedToken(char);
}

/**
 * What may come next: a value ("first": or the `]` of an empty array), a key ("first": or the `}`
 * of an empty object), `:` (after the first key, or a later one: V8 words their errors apart), `,`.
 */
type Expect =
  'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'next-colon' | 'comma' | 'end';

const CLOSE = { object: TokenType.RIGHT_BRACE, array: TokenType.RIGHT_BRACKET } as const;
/** The tokens that cannot start a value, by their character. */
const CHAR: Partial<Record<TokenType, string>> = {
  [TokenType.RIGHT_BRACE]: '}',
  [TokenType.RIGHT_BRACKET]: ']',
  [TokenType.COLON]: ':',
  [TokenType.COMMA]: ',',
};
/** The first character of each token. */
const FIRST: Record<TokenType, string> = {
  ...(CHAR as Record<TokenType, string>),
  [TokenType.LEFT_BRACE]: '{',
  [TokenType.LEFT_BRACKET]: '[',
  [TokenType.TRUE]: 't',
  [TokenType.FALSE]: 'f',
  [TokenType.NULL]: 'n',
  [TokenType.STRING]: '"',
  [TokenType.NUMBER]: '0',
  [TokenType.SEPARATOR]: '\n',
};

export class JsonGrammar {
  #expect: Expect = 'value';
  /** The objects and arrays open around the next token, innermost last. */
  #open: ('object' | 'array')[] = [];
  /**
   * Where a digit would stand right after the last token if it was the number "0" or "-0" (V8
   * calls "01" an unexpected number), else -1.
   */
  #afterZero = -1;

  /** The top-level value is complete. */
  get done(): boolean {
    return this.#expect === 'end';
  }

  /** Whether a value (any token that starts one) may come next. */
  get wantsValue(): boolean {
    return this.#expect === 'value' || this.#expect === 'first-value';
  }

  /** Whether a string (a value, or a key) may come next. */
  get wantsString(): boolean {
    return this.wantsValue || this.#expect === 'key' || this.#expect === 'first-key';
  }

  /** Takes the token at byte `offset`; V8's description of the problem if it cannot be there. */
  accept(token: TokenType, value: unknown, offset: number): string | null {
    const afterZero = this.#afterZero;
    this.#afterZero = value === 0 ? offset + (Object.is(value, -0) ? 2 : 1) : -1;
    switch (this.#expect) {
      case 'first-value':
      case 'value':
        if (token >= TokenType.TRUE) return this.#valueDone(); // true … a number
        if (token === TokenType.RIGHT_BRACKET && this.#expect === 'first-value')
          return this.#close();
        if (token === TokenType.LEFT_BRACE) return this.#push('object', 'first-key');
        if (token === TokenType.LEFT_BRACKET) return this.#push('array', 'first-value');
        if (token in CHAR) return unexpectedToken(CHAR[token]!);
        return this.#valueDone();
      case 'first-key':
      case 'key':
        if (token === TokenType.RIGHT_BRACE && this.#expect === 'first-key') return this.#close();
        if (token === TokenType.STRING)
          return this.#to(this.#expect === 'key' ? 'next-colon' : 'colon');
        return this.#expect === 'key' ? JSON_PROBLEMS.key : JSON_PROBLEMS.firstKey;
      case 'colon':
        return token === TokenType.COLON ? this.#to('value') : JSON_PROBLEMS.colon;
      case 'next-colon':
        return token === TokenType.COLON ? this.#to('value') : this.misplaced(FIRST[token]);
      case 'comma': {
        const top = this.#open[this.#open.length - 1];
        if (token === TokenType.COMMA) return this.#to(top === 'object' ? 'key' : 'value');
        if (token === CLOSE[top]) return this.#close();
        // "01", "-01": V8 reads the number 0, then finds a digit (not "-1" or "0 1").
        const digit = token === TokenType.NUMBER && !Object.is(value, -0) && (value as number) >= 0;
        if (digit && offset === afterZero) return JSON_PROBLEMS.number;
        return top === 'object' ? JSON_PROBLEMS.objectComma : JSON_PROBLEMS.arrayComma;
      }
      case 'end':
        return JSON_PROBLEMS.afterJson;
    }
  }

  /** V8's description of a character that no token starts with, met where the next token goes. */
  strayCharacter(char: string): string {
    return this.wantsValue || this.#expect === 'next-colon'
      ? unexpectedToken(char)
      : this.expected();
  }

  /**
   * V8's description of a token (by its first character) that cannot stand where the next token
   * goes: what should have come; after a later key, what came ("Unexpected string in JSON").
   */
  misplaced(first: string): string {
    return this.#expect === 'next-colon' ? unexpectedCharacter(first) : this.expected();
  }

  /** V8's description of what is missing here: the text ended, or holds something else. */
  expected(): string {
    const top = this.#open.at(-1);
    switch (this.#expect) {
      case 'value':
      case 'first-value':
      case 'next-colon':
        return JSON_PROBLEMS.end;
      case 'first-key':
        return JSON_PROBLEMS.firstKey;
      case 'key':
        return JSON_PROBLEMS.key;
      case 'colon':
        return JSON_PROBLEMS.colon;
      case 'comma':
        return top === 'object' ? JSON_PROBLEMS.objectComma : JSON_PROBLEMS.arrayComma;
      case 'end':
        return JSON_PROBLEMS.afterJson;
    }
  }

  /** V8's description of character `char` at byte `offset`, after the whole JSON value. */
  strayAfterEnd(char: string, offset: number): string {
    return /^[0-9]$/.test(char) && offset === this.#afterZero
      ? JSON_PROBLEMS.number
      : JSON_PROBLEMS.afterJson;
  }

  #to(expect: Expect): null {
    this.#expect = expect;
    return null;
  }

  #push(container: 'object' | 'array', expect: Expect): null {
    this.#open.push(container);
    return this.#to(expect);
  }

  #close(): null {
    this.#open.pop();
    return this.#valueDone();
  }

  #valueDone(): null {
    return this.#to(this.#open.length === 0 ? 'end' : 'comma');
  }
}
