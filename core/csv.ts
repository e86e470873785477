// An incremental CSV/TSV reader: text arrives in chunks of any size (a file stream, a dropped
// File), complete rows are parsed by d3-dsv as they come, and each cell goes straight into its
// column's store: numbers into a growable Float64Array, text into interned label codes. No row is
// kept as strings, so a large numeric file costs little more than its float64 matrix.
//
// The text comes as strings (`feed`), or as the file's bytes (`feedBytes`): UTF-8, or Windows-1252
// from the first byte that is not UTF-8 on, which the table's warnings then say.
//
// Row numbers in messages are a spreadsheet's: the header is row 1, the first data row is row 2.
import { dsvFormat } from 'd3-dsv';
import { binarySignature, SIGNATURE_BYTES } from './binary-file';
import { DataError } from './data-error';
import { ByteDecoder, type DecodedBytes } from './text-decoder';

/** A column whose cells are (mostly) numbers. */
export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** One value per row; NaN where the cell is empty or not a number. */
  values: Float64Array;
  /**
   * Where a cell held text instead of a number (NaN in `values`), its text is labels[textCodes[r]];
   * -1 elsewhere. null when every cell was a number or empty.
   */
  textCodes: Int32Array | null;
  labels: string[];
}

/** A column whose cells are (mostly) text: each cell is a code into `labels`. */
export interface TextColumn {
  kind: 'text';
  name: string;
  /** labels[codes[r]] is row r's text; -1 where the cell is empty. */
  codes: Int32Array;
  /** Distinct texts in order of first appearance. */
  labels: string[];
}

export type Column = NumericColumn | TextColumn;

export interface Table {
  /** File name as the user knows it; every error message starts with it. */
  fileName: string;
  delimiter: ',' | '\t' | ';';
  rows: number;
  columns: Column[];
  /** Table rows before which a blank line was skipped (one entry per blank line), ascending. */
  blankLinesBefore: number[];
  /** What the user should know about how the file was read (it was not UTF-8); usually none. */
  warnings: string[];
}

export interface CsvReaderOptions {
  /** Called after each chunk with the bytes consumed so far. */
  onProgress?: (bytesConsumed: number) => void;
}

const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
/** What a decoder puts where the bytes were not UTF-8 (U+FFFD). */
const REPLACEMENT = '\uFFFD';
const DECIMAL_COMMA = /^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$/;
/**
 * A number whose dots group thousands, as a spreadsheet in a decimal-comma locale writes it:
 * groups of exactly three digits, then a decimal comma ("1.234,5") or a second group ("1.234.567").
 */
const THOUSANDS = /^[-+]?[1-9]\d{0,2}(?:(?:\.\d{3})+,\d+|(?:\.\d{3}){2,})$/;
/** One group of three digits and no comma ("1.234"): 1.234 with a decimal point, 1234 grouped. */
const ONE_GROUP = /^[-+]?[1-9]\d{0,2}\.\d{3}$/;

/**
 * Whether a semicolon-separated file's cell writes a number with its thousands grouped by dots
 * ("1.234,5"): a number where its column writes no decimal point elsewhere (see ColumnBuilder).
 */
export function groupsThousands(text: string): boolean {
  return THOUSANDS.test(text.trim());
}
const DELIMITERS = [',', '\t', ';'] as const;
/** What to do with a file whose fields another character separates. */
const RESAVE = 'save the file with commas, tabs or semicolons between the fields';
/** How far into a file given as bytes a 0 byte says it is not text (an image, a database, …). */
const TEXT_CHECK_BYTES = 1 << 16;

/** The spreadsheet row number (header = 1) of table row r (0-based). */
export function sheetRow(table: Pick<Table, 'blankLinesBefore'>, r: number): number {
  const blanks = table.blankLinesBefore;
  let lo = 0;
  let hi = blanks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blanks[mid] <= r) lo = mid + 1;
    else hi = mid;
  }
  return r + 2 + lo;
}

/** "column 3 "age"": how messages name a column (1-based number, as in a spreadsheet). */
export function columnLabel(index: number, name: string): string {
  return `column ${index + 1} ${JSON.stringify(name)}`;
}

/** Bytes of a string in UTF-8 (for progress when the host does not say). */
function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // 1 byte below 0x80, 2 below 0x800, 4 per surrogate pair (2 units), else 3.
    if (c >= 0x80) bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/**
 * Characters that separate the fields of other files (pipe-separated exports, ^ and ~ files) but
 * not of the files read here: a header with one of them, and none of DELIMITERS, is refused by name.
 * They are rare in a single column's name ("weight/kg", "Unnamed: 0" and spaces are common: such a
 * header is one column).
 */
const OTHER_DELIMITERS = ['|', '^', '~'] as const;

/**
 * What else may separate the fields of a header of one name: runs of spaces (numpy.savetxt's
 * default, old tools' exports) or colons. Names often hold both ("sepal length (cm)", "Unnamed:
 * 0"), so the header alone proves nothing: the first data rows must split the same way into
 * numbers (see CsvReader.checkSeparated). A clock time (12:30, 9:05:59.5) is one value, not
 * fields that colons separate.
 */
const SEPARATORS = {
  spaces: {
    says: 'spaces seem',
    split: (text: string) => text.trim().split(/\s+/),
    oneValue: (_text: string) => false,
  },
  colons: {
    says: '":" seems',
    split: (text: string) => text.split(':').map((f) => f.trim()),
    oneValue: (text: string) => CLOCK_TIME.test(text.trim()),
  },
} as const;
type Separator = keyof typeof SEPARATORS;
/** Data rows that must split as the header does before a file is refused (fewer if it has fewer). */
const SEPARATED_ROWS = 5;
const CLOCK_TIME = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Whether the fields of a data row are numbers, but perhaps the last (a class label after two
 * numbers or more, as in iris): the evidence that a separator splits data, not a name.
 */
function numericFields(fields: readonly string[]): boolean {
  const numbers = fields.filter((f) => f !== '' && Number.isFinite(decimalNumber(f))).length;
  return (
    numbers === fields.length ||
    (numbers === fields.length - 1 &&
      numbers >= 2 &&
      fields.at(-1) !== '' &&
      !Number.isFinite(decimalNumber(fields.at(-1)!)))
  );
}

/** The most frequent of `candidates` in a header line outside quotes, and how often it occurs. */
function mostFrequent(
  headerLine: string,
  candidates: readonly string[],
): { char: string; count: number } {
  const counts = new Map<string, number>(candidates.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of headerLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = candidates[0];
  for (const d of candidates) if (counts.get(d)! > counts.get(best)!) best = d;
  return { char: best, count: counts.get(best)! };
}

/** The header's most frequent delimiter outside quotes (comma if it has none). */
function detectDelimiter(headerLine: string): ',' | '\t' | ';' {
  return mostFrequent(headerLine, DELIMITERS).char as ',' | '\t' | ';';
}

function isSpace(code: number): boolean {
  return code <= 32;
}

/**
 * The number a cell or an option spells in decimal, as a spreadsheet reads it (NaN if none).
 * Number() alone also reads "0x1F", "0b11" and "0o7" in base 16, 2 and 8; such text is text.
 * (Number() takes no sign or space before those prefixes, so only the first characters tell.)
 */
export function decimalNumber(text: string): number {
  if (text.length > 2 && text.charCodeAt(0) === 48) {
    // x, b, o in either case (| 0x20 lowers an ASCII letter): char codes, as this runs per cell.
    const prefix = text.charCodeAt(1) | 0x20;
    if (prefix === 0x78 || prefix === 0x62 || prefix === 0x6f) return NaN;
  }
  return Number(text);
}

/**
 * The first text after a closing quote in whole rows (`"x" ,1`, `"x"y`), as the line (0-based) and
 * field where it is, or null. d3-dsv takes that character for a delimiter: the row gains a field.
 */
function textAfterQuote(text: string, delimiter: number): { line: number; field: number } | null {
  let inQuotes = false;
  let closed = false;
  let fieldStart = true;
  let line = 0;
  let field = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) [inQuotes, closed] = [false, true];
      continue;
    }
    if (closed) {
      closed = false;
      if (c === QUOTE) {
        inQuotes = true; // a doubled quote inside the field
        continue;
      }
      if (c !== delimiter && c !== NEWLINE && c !== RETURN) return { line, field };
    }
    if (c === QUOTE && fieldStart) inQuotes = true;
    if (c === NEWLINE) [line, field] = [line + 1, 0];
    if (c === delimiter) field++;
    fieldStart = c === delimiter || c === NEWLINE || c === RETURN;
  }
  return null;
}

/** One column's store while rows stream in. */
class ColumnBuilder {
  // Small at first: a file may have 100 000 columns (1024 a column took 800 MB), and it doubles.
  private values = new Float64Array(16);
  private codes: Int32Array | null = null;
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private length = 0;
  private numberCells = 0;
  private textCells = 0;
  /**
   * Decimal-comma files: the cells read with their dots as thousands separators ("1.234,5"), kept
   * (row, text) in case a later cell writes a decimal point ("2.5"): then the column's convention
   * is unclear, and they go back to text, as they were read before there was such a convention.
   */
  private grouped: { rows: number[]; texts: string[] } = { rows: [], texts: [] };
  /** Rows of "1.234"-like cells, read as 1.234: 1234 once grouped cells say dots group thousands. */
  private oneGroupRows: number[] = [];
  /** A cell wrote a decimal point ("2.5", "0.125"): the dots of this column are no separators. */
  private decimalPoint = false;

  /**
   * decimalComma: "1,5" is the number 1.5 (a semicolon-separated file's decimals), and "1.234,5" or
   * "1.234.567" a number with its thousands grouped, unless its column writes a decimal point too.
   */
  constructor(
    readonly name: string,
    private readonly decimalComma = false,
  ) {}

  push(raw: string): void {
    if (this.length === this.values.length) this.grow();
    const n = this.length++;
    const cell =
      raw.length > 0 && (isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)))
        ? raw.trim()
        : raw;
    if (cell === '') {
      this.values[n] = NaN;
      if (this.codes) this.codes[n] = -1;
      return;
    }
    let v = decimalNumber(cell);
    if (this.decimalComma) v = this.decimalCommaNumber(cell, v, n);
    if (Number.isFinite(v)) {
      this.numberCells++;
      this.values[n] = v;
      // While text dominates, keep the number as a label too, spelled as build() spells the numbers
      // that came before the text ("1.0" is "1" wherever it stands in the file).
      if (this.codes)
        this.codes[n] = this.textCells > this.numberCells ? this.intern(String(v)) : -1;
      return;
    }
    this.textCells++;
    this.values[n] = NaN;
    if (!this.codes) this.codes = new Int32Array(this.values.length).fill(-1);
    this.codes[n] = this.intern(cell);
  }

  /**
   * A decimal-comma file's cell: "1,5" is 1.5; "1.234,5" is 1234.5 while no cell of the column wrote
   * a decimal point (`v`: what decimalNumber read).
   */
  private decimalCommaNumber(cell: string, v: number, n: number): number {
    if (Number.isNaN(v)) {
      if (DECIMAL_COMMA.test(cell)) return Number(cell.replace(',', '.'));
      if (this.decimalPoint || !THOUSANDS.test(cell)) return v;
      this.grouped.rows.push(n);
      this.grouped.texts.push(cell);
      return Number(cell.replaceAll('.', '').replace(',', '.'));
    }
    if (!this.decimalPoint && Number.isFinite(v) && cell.includes('.')) {
      if (ONE_GROUP.test(cell)) this.oneGroupRows.push(n);
      else this.withDecimalPoint();
    }
    return v;
  }

  /** A cell wrote a decimal point: the cells read as grouped thousands become text again. */
  private withDecimalPoint(): void {
    this.decimalPoint = true;
    const { rows, texts } = this.grouped;
    if (rows.length > 0 && !this.codes) this.codes = new Int32Array(this.values.length).fill(-1);
    for (let k = 0; k < rows.length; k++) {
      this.values[rows[k]] = NaN;
      this.codes![rows[k]] = this.intern(texts[k]);
    }
    this.numberCells -= rows.length;
    this.textCells += rows.length;
    this.grouped = { rows: [], texts: [] };
    this.oneGroupRows = [];
  }

  /** No cell had anything in it. */
  get empty(): boolean {
    return this.numberCells === 0 && this.textCells === 0;
  }

  private intern(text: string): number {
    let code = this.labelIndex.get(text);
    if (code === undefined) {
      code = this.labels.length;
      this.labels.push(text);
      this.labelIndex.set(text, code);
    }
    return code;
  }

  private grow(): void {
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
    if (this.codes) {
      const codes = new Int32Array(values.length).fill(-1);
      codes.set(this.codes);
      this.codes = codes;
    }
  }

  /** The finished column: numeric unless most non-empty cells are text. */
  build(): Column {
    const n = this.length;
    // Dots grouped thousands in this column ("1.234,5"), so "1.234" is 1234 (read as 1.234).
    if (this.grouped.rows.length > 0) {
      for (const r of this.oneGroupRows) {
        this.values[r] = Math.round(this.values[r] * 1000);
        if (this.codes) this.codes[r] = -1;
      }
    }
    this.grouped = { rows: [], texts: [] };
    this.oneGroupRows = [];
    if (this.textCells === 0 || this.numberCells > this.textCells) {
      const values = this.values.length === n ? this.values : this.values.slice(0, n);
      this.values = new Float64Array(0);
      const textCodes = this.codes ? this.codes.slice(0, n) : null;
      this.codes = null;
      // Numbers spelled out while text led are numbers after all.
      if (textCodes) for (let r = 0; r < n; r++) if (!Number.isNaN(values[r])) textCodes[r] = -1;
      return { kind: 'numeric', name: this.name, values, textCodes, labels: this.labels };
    }
    // Text: relabel every row in order of first appearance; numbers become their shortest spelling.
    const codes = new Int32Array(n);
    const labels: string[] = [];
    const index = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const own = this.codes![r];
      const text =
        own >= 0 ? this.labels[own] : Number.isNaN(this.values[r]) ? null : String(this.values[r]);
      if (text === null) {
        codes[r] = -1;
        continue;
      }
      let code = index.get(text);
      if (code === undefined) {
        code = labels.length;
        labels.push(text);
        index.set(text, code);
      }
      codes[r] = code;
    }
    this.values = new Float64Array(0);
    this.codes = null;
    return { kind: 'text', name: this.name, codes, labels };
  }
}

/**
 * Reads delimited text incrementally: `feed` each chunk as it arrives, then `finish` for the table.
 * The delimiter (comma, tab or semicolon) is taken from the header line. Errors are DataErrors
 * naming the file, row and column.
 */
export class CsvReader {
  private pending = '';
  private started = false;
  private delimiter: ',' | '\t' | ';' = ',';
  private delimiterCode = 44;
  private parser = dsvFormat(',');
  private columns: ColumnBuilder[] = [];
  private names: string[] = [];
  /** Which header cells were empty (their names are made up: "column 2"). */
  private unnamed: boolean[] = [];
  /** Records seen so far, the header included (= the spreadsheet row of the last record). */
  private records = 0;
  private rowCount = 0;
  private readonly blankLinesBefore: number[] = [];
  private bytes = 0;
  // Where the boundary scan of `pending` stands, and its state there.
  private scanned = 0;
  private inQuotes = false;
  private fieldStart = true;
  private justClosedQuote = false;
  /** The delimiter a spreadsheet's first line declared (`sep=;`), if it did. */
  private declaredDelimiter: ',' | '\t' | ';' | null = null;
  /** Lines end in a carriage return alone (classic Mac): each CR is read as a newline. */
  private returnLineEnds = false;
  /** Decodes what `feedBytes` is given. */
  private decoder: ByteDecoder | null = null;
  /** The first bytes `feedBytes` was given (up to SIGNATURE_BYTES): an image's or a workbook's? */
  private head = new Uint8Array(0);
  /** Bytes `feedBytes` has looked through for a 0 byte (up to TEXT_CHECK_BYTES). */
  private checkedBytes = 0;
  private readonly warnings: string[] = [];
  /**
   * While a header of one name splits on spaces or colons into as many fields (≥ 2) as every data
   * row read so far, of numbers: how many fields, and the rows that agreed. Cleared at the first
   * row that does not; SEPARATED_ROWS such rows (or all a shorter file has) refuse the file.
   */
  private separated: { by: Separator; fields: number; rows: number }[] = [];
  /** The header's row (lines above it count). */
  private headerRow = 0;

  constructor(
    readonly fileName: string,
    private readonly options: CsvReaderOptions = {},
  ) {}

  get bytesConsumed(): number {
    return this.bytes;
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** Adds the next piece of text. `byteLength` is its size in the file, if the host knows it. */
  feed(chunk: string, byteLength?: number): void {
    this.bytes += byteLength ?? utf8Length(chunk);
    if (!this.started && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 byte order mark
      this.started = true;
    }
    if (this.returnLineEnds) chunk = chunk.replaceAll('\r', '\n');
    // Bytes that were not UTF-8 arrive as U+FFFD: the rows before them are read, then it is an error.
    const notUtf8 = chunk.indexOf(REPLACEMENT);
    let added = notUtf8 < 0 ? chunk : chunk.slice(0, notUtf8);
    this.pending += added;
    if (this.columns.length === 0) this.tryHeader(added);
    if (this.returnLineEnds) added = added.replaceAll('\r', '\n'); // as the header's scan found
    if (this.columns.length > 0) {
      const cut = this.lastRowBoundary(this.unscanned(added));
      if (cut >= 0) {
        const block = this.pending.slice(0, cut + 1);
        this.pending = this.pending.slice(cut + 1);
        this.scanned = this.pending.length;
        this.addRows(block);
      }
    }
    if (notUtf8 >= 0) this.notUtf8();
    this.options.onProgress?.(this.bytes);
  }

  /**
   * Adds the next bytes of the file: UTF-8 while they are, and from the first byte that is not on,
   * Windows-1252 (Excel's encoding on Windows), which a warning of the table says. Returns the
   * text they were read as.
   */
  feedBytes(chunk: Uint8Array): string {
    if (this.checkedBytes < TEXT_CHECK_BYTES) this.refuseBinary(chunk);
    this.decoder ??= new ByteDecoder();
    return this.feedDecoded(this.decoder.decode(chunk), chunk.length);
  }

  /**
   * Refuses a file that is not text, before any of it is read as rows: one that begins as an
   * image, a PDF or a spreadsheet workbook does (naming the format), or one with a 0 byte among
   * its first TEXT_CHECK_BYTES, which no CSV or TSV text holds (UTF-16 holds them, and its byte
   * order mark is named when the header is read).
   */
  private refuseBinary(chunk: Uint8Array): void {
    if (this.head.length < SIGNATURE_BYTES) {
      const head = new Uint8Array(Math.min(SIGNATURE_BYTES, this.head.length + chunk.length));
      head.set(this.head);
      head.set(chunk.subarray(0, head.length - this.head.length), this.head.length);
      this.head = head;
      const format = binarySignature(head);
      if (format) throw new DataError(`${this.fileName}: not a text file: it is ${format}`);
    }
    const [b0, b1] = this.head;
    const utf16 = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
    const looked = chunk.subarray(0, TEXT_CHECK_BYTES - this.checkedBytes);
    const zero = utf16 ? -1 : looked.indexOf(0);
    if (zero >= 0) {
      const at = (this.checkedBytes + zero + 1).toLocaleString('en-US');
      throw new DataError(
        `${this.fileName}: not a text file: its byte ${at} is 0 (0x00), which CSV and TSV text never holds; open a CSV or TSV text file`,
      );
    }
    this.checkedBytes += looked.length;
  }

  /**
   * The text of the bytes `feedBytes` held back (a character cut off at the end of the file),
   * added to the table; finish() calls it too.
   */
  endBytes(): string {
    return this.decoder ? this.feedDecoded(this.decoder.end(), 0) : '';
  }

  private feedDecoded(text: DecodedBytes, byteLength: number): string {
    this.feed(text.utf8, byteLength);
    if (text.notUtf8 !== null) {
      const byte = text.notUtf8.toString(16).toUpperCase().padStart(2, '0');
      this.warnings.push(
        `${this.fileName}: ${this.position()} has the byte 0x${byte}, which is not UTF-8: the file is read as Windows-1252 (Excel's encoding on Windows) from there on; if its text looks wrong, save it as UTF-8`,
      );
    }
    if (text.windows1252 !== '') this.feed(text.windows1252, 0);
    return text.utf8 + text.windows1252;
  }

  /**
   * The text of `pending` not scanned yet: usually just what was `added`. Only it is read: reading
   * `pending` itself would copy all of it again, and a quoted field that spans many chunks (or
   * never ends) made reading quadratic.
   */
  private unscanned(added: string): string {
    return this.pending.length - this.scanned === added.length
      ? added
      : this.pending.slice(this.scanned);
  }

  /** The error for a cell with bytes that were not UTF-8 (its row is the one `pending` starts). */
  private notUtf8(): never {
    throw new DataError(
      `${this.fileName}: ${this.position()} holds bytes that are not UTF-8 text (shown as ${REPLACEMENT}); save the file as UTF-8`,
    );
  }

  /** Where the text read so far ends: "row 3, column 2 "city"" (the row `pending` starts). */
  private position(): string {
    const parser = this.columns.length > 0 ? this.parser : dsvFormat(detectDelimiter(this.pending));
    const fields = this.pending === '' ? [] : parser.parseRows(this.pending).at(-1)!;
    return `row ${this.records + 1}, ${this.columnAt(Math.max(fields.length - 1, 0))}`;
  }

  /** Parses what is left and returns the table. */
  finish(): Table {
    this.endBytes();
    const neverEnds = `${this.fileName}: row ${this.records + 1}: a quoted field never ends (its closing " is missing)`;
    if (this.columns.length === 0) {
      if (this.pending.trim() === '') throw new DataError(`${this.fileName}: the file is empty`);
      if (this.inQuotes) throw new DataError(neverEnds); // it said there were no data rows
      this.readHeader(this.pending); // a header without a newline after it
      this.pending = '';
    }
    if (this.pending !== '') {
      this.lastRowBoundary(this.pending.slice(this.scanned)); // the quote state up to the end
      if (this.inQuotes) throw new DataError(neverEnds);
      this.addRows(this.pending);
      this.pending = '';
    }
    if (this.rowCount === 0) {
      throw new DataError(`${this.fileName}: the file has a header row but no data rows`);
    }
    if (this.separated.length > 0) this.checkSeparated(null, true);
    // A delimiter at the end of every line (a spreadsheet's export) leaves a last column without a
    // name or a value: not data (it would be taken for the target).
    const last = this.columns.at(-1)!;
    if (this.columns.length > 1 && this.unnamed.at(-1) && last.empty) this.columns.pop();
    return {
      fileName: this.fileName,
      delimiter: this.delimiter,
      rows: this.rowCount,
      columns: this.columns.map((c) => c.build()),
      blankLinesBefore: this.blankLinesBefore,
      warnings: this.warnings,
    };
  }

  /**
   * Reads the header once its line is complete (a newline outside quotes). The scan goes on from
   * where the last chunk left it (`scanned`, `inQuotes`): only `added` is new.
   */
  private tryHeader(added: string): void {
    const s = this.pending;
    const fresh = this.unscanned(added);
    const base = s.length - fresh.length;
    let start = 0;
    let inQuotes = this.inQuotes;
    for (let k = 0; k < fresh.length; k++) {
      const i = base + k;
      const c = fresh.charCodeAt(k);
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (
        c === RETURN &&
        !inQuotes &&
        k + 1 < fresh.length &&
        fresh.charCodeAt(k + 1) !== NEWLINE
      ) {
        // A CR alone ends the line: the whole file is read with CR as its newline.
        this.returnLineEnds = true;
        this.pending = s.slice(start).replaceAll('\r', '\n');
        [this.scanned, this.inQuotes] = [0, false];
        this.tryHeader(this.pending);
        return;
      } else if (c === NEWLINE && !inQuotes) {
        const line = s.slice(start, i + 1);
        start = i + 1;
        // A line above the header moves every row down by one, as a blank line before row 0.
        if (line.trim() === '') {
          this.records++;
          this.blankLinesBefore.push(0);
          continue;
        }
        // Excel's "sep=;" line above the header names the delimiter.
        const sep = /^sep=([^\r\n"])\s*$/i.exec(line);
        if (sep && this.declaredDelimiter === null) {
          this.records++;
          if (!(DELIMITERS as readonly string[]).includes(sep[1])) {
            throw new DataError(
              `${this.fileName}: row ${this.records}: ${JSON.stringify(line.trim())} names ${JSON.stringify(sep[1])} as the delimiter; ${RESAVE}`,
            );
          }
          this.blankLinesBefore.push(0);
          this.declaredDelimiter = sep[1] as ',' | '\t' | ';';
          continue;
        }
        this.readHeader(line);
        this.pending = s.slice(start);
        [this.scanned, this.inQuotes] = [0, false]; // the rows' scan starts afresh
        return;
      }
    }
    // No header yet: what is left, scanned to its end but for a last CR (CRLF or CR alone?).
    if (start > 0) this.pending = s.slice(start);
    const end = s.length - start;
    const lastIsReturn = !inQuotes && end > 0 && s.charCodeAt(s.length - 1) === RETURN;
    [this.scanned, this.inQuotes] = [lastIsReturn ? end - 1 : end, inQuotes];
  }

  private readHeader(line: string): void {
    this.records++;
    // UTF-16 (Excel's "Unicode Text") starts with the bytes FF FE or FE FF: as Windows-1252, ÿþ or þÿ.
    const utf16 = /^(\u00ff\u00fe|\u00fe\u00ff)/.exec(line);
    if (utf16 && this.decoder?.encoding === 'windows-1252') {
      const bytes = utf16[1] === '\u00ff\u00fe' ? 'FF FE' : 'FE FF';
      throw new DataError(
        `${this.fileName}: the file is UTF-16 text (it begins with the bytes ${bytes}), which is not read here; save it as CSV UTF-8`,
      );
    }
    this.delimiter = this.declaredDelimiter ?? this.headerDelimiter(line);
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.parser = dsvFormat(this.delimiter);
    const stray = textAfterQuote(line, this.delimiterCode);
    if (stray) this.strayText(this.records, stray.field);
    const cells = this.parser.parseRows(line)[0].map((name) => name.trim());
    // An empty header cell (pandas' index column, a blank in a spreadsheet) is named by its place,
    // as messages count columns: "column 2".
    this.unnamed = cells.map((name) => name === '');
    const header = cells.map((name, j) => name || `column ${j + 1}`);
    const seen = new Map<string, number>();
    header.forEach((name, j) => {
      const first = seen.get(name);
      if (first !== undefined) {
        const where = `${this.fileName}: row ${this.records}`;
        const [blank, other] = this.unnamed[first] ? [first, j] : [j, first];
        throw new DataError(
          this.unnamed[blank]
            ? `${where}: column ${blank + 1} has no name, and column ${other + 1} is named ${JSON.stringify(name)}; name column ${blank + 1} in the header`
            : `${where}: columns ${first + 1} and ${j + 1} are both named ${JSON.stringify(name)}`,
        );
      }
      seen.set(name, j);
    });
    this.names = header;
    this.columns = header.map((name) => new ColumnBuilder(name, this.delimiter === ';'));
    this.headerRow = this.records;
    // A quoted name, or a declared delimiter, says the header is one name as it is.
    if (header.length === 1 && this.declaredDelimiter === null && !line.includes('"')) {
      for (const by of Object.keys(SEPARATORS) as Separator[]) {
        // numpy.savetxt's header= line starts with its comment mark, "# ".
        const names = SEPARATORS[by].split(cells[0].replace(/^#\s+/, ''));
        if (names.length >= 2 && !names.includes('')) {
          this.separated.push({ by, fields: names.length, rows: 0 });
        }
      }
    }
  }

  /**
   * Checks a data row of a one-column file against the separators its header seemed to have
   * (`separated`), and refuses the file once SEPARATED_ROWS rows agree (`atEnd`: the file has no
   * more, and one row agreed). Read with commas, iris with spaces between its numbers was one
   * column named after the whole header line, the target, and failed later, far from the cause.
   */
  private checkSeparated(cell: string | null, atEnd = false): void {
    if (cell !== null) {
      this.separated = this.separated.filter((s) => {
        const fields = SEPARATORS[s.by].split(cell);
        return (
          fields.length === s.fields && numericFields(fields) && !SEPARATORS[s.by].oneValue(cell)
        );
      });
      for (const s of this.separated) s.rows++;
    }
    const found = this.separated.find((s) => s.rows >= (atEnd ? 1 : SEPARATED_ROWS));
    if (!found) return;
    const numpy = found.by === 'spaces' ? ' (numpy.savetxt: delimiter=",")' : '';
    throw new DataError(
      `${this.fileName}: row ${this.headerRow}: no comma, tab or semicolon separates the header's fields, but ${SEPARATORS[found.by].says} to, as in the rows below it (${found.fields} fields); ${RESAVE}${numpy}`,
    );
  }

  /**
   * The delimiter of a header line: the most frequent of comma, tab and semicolon, or comma for a
   * header of one name. A header that only another character separates (`a|b|y`) is refused by
   * name, before a row is read: read with commas it was one column, the whole header its name.
   */
  private headerDelimiter(line: string): ',' | '\t' | ';' {
    const own = mostFrequent(line, DELIMITERS);
    if (own.count > 0) return own.char as ',' | '\t' | ';';
    const other = mostFrequent(line, OTHER_DELIMITERS);
    if (other.count > 0) {
      throw new DataError(
        `${this.fileName}: row ${this.records}: no comma, tab or semicolon separates the header's fields, but ${JSON.stringify(other.char)} seems to (${other.count + 1} fields); ${RESAVE}`,
      );
    }
    return ',';
  }

  /**
   * Index (in `pending`) of the last newline that ends a row (not inside quotes), or -1, scanning
   * `fresh`, the text of `pending` from `scanned` on, with the state the scan before it left.
   */
  private lastRowBoundary(fresh: string): number {
    const base = this.scanned;
    this.scanned += fresh.length;
    if (fresh.length === 0) return -1;
    // Fast path: no quote anywhere new and none open, so every newline ends a row.
    if (!this.inQuotes && !this.justClosedQuote && fresh.indexOf('"') < 0) {
      const last = fresh.charCodeAt(fresh.length - 1);
      this.fieldStart = last === NEWLINE || last === RETURN || last === this.delimiterCode;
      const cut = fresh.lastIndexOf('\n');
      return cut >= 0 ? base + cut : -1;
    }
    let cut = -1;
    for (let k = 0; k < fresh.length; k++) {
      const c = fresh.charCodeAt(k);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.inQuotes = false;
          this.justClosedQuote = true;
        }
        continue;
      }
      if (this.justClosedQuote) {
        this.justClosedQuote = false;
        if (c === QUOTE) {
          this.inQuotes = true; // a doubled quote inside a quoted field
          continue;
        }
      }
      if (c === QUOTE && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else if (c === NEWLINE) {
        this.fieldStart = true;
        cut = base + k;
      } else {
        this.fieldStart = c === this.delimiterCode || c === RETURN;
      }
    }
    return cut;
  }

  /** Parses complete rows and stores each cell as it comes (no array of rows is built). */
  private addRows(block: string): void {
    const width = this.columns.length;
    const before = this.records;
    this.parser.parseRows(block, (row) => {
      this.records++;
      if (row.length === 1 && row[0].trim() === '') {
        this.blankLinesBefore.push(this.rowCount);
        return null;
      }
      if (row.length !== width) {
        // Text after a closing quote made a field of its own: say that, not that one is extra.
        const stray = textAfterQuote(block, this.delimiterCode);
        if (stray && before + stray.line + 1 <= this.records) {
          this.strayText(before + stray.line + 1, stray.field);
        }
        this.raggedRow(row.length);
      }
      if (this.separated.length > 0) this.checkSeparated(row[0]);
      for (let j = 0; j < width; j++) this.columns[j].push(row[j]);
      this.rowCount++;
      return null;
    });
  }

  /** Column j as errors name it: with its header name when it has one. */
  private columnAt(j: number): string {
    return j < this.names.length ? columnLabel(j, this.names[j]) : `column ${j + 1}`;
  }

  private strayText(row: number, field: number): never {
    throw new DataError(
      `${this.fileName}: row ${row}, ${this.columnAt(field)}: text after the closing quote of a quoted field; remove it or put it inside the quotes`,
    );
  }

  private raggedRow(fields: number): never {
    const width = this.columns.length;
    const where = `${this.fileName}: row ${this.records} has ${fields} field${fields === 1 ? '' : 's'}, the header has ${width}`;
    if (fields < width) {
      throw new DataError(`${where}; ${columnLabel(fields, this.names[fields])} is missing`);
    }
    throw new DataError(`${where}; column ${width + 1} has no header`);
  }
}

/** Reads a whole text at once (tests, small files, pasted data). */
export function readCsv(text: string, fileName: string): Table {
  const reader = new CsvReader(fileName);
  reader.feed(text);
  return reader.finish();
}
