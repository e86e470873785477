import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dsvFormat } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, readCsv, sheetRow, type Column, type Table } from './csv';
import { DataError } from './data-error';
import { encode, schemaFromRoles } from './dataset';

/** A table as plain values, to compare two reads. */
function cells(table: Table): (string | number | null)[][] {
  return table.columns.map((c: Column) =>
    c.kind === 'numeric'
      ? Array.from(c.values, (v, r) =>
          Number.isNaN(v)
            ? c.textCodes && c.textCodes[r] >= 0
              ? c.labels[c.textCodes[r]]
              : null
            : v,
        )
      : Array.from(c.codes, (k) => (k < 0 ? null : c.labels[k])),
  );
}

function readInChunks(text: string, cuts: number[]): Table {
  const reader = new CsvReader('t.csv');
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    reader.feed(text.slice(from, cut));
    from = cut;
  }
  return reader.finish();
}

describe('CsvReader', () => {
  it('reads numbers into Float64Arrays and text into labels in order of first appearance', () => {
    const table = readCsv('x,y,species\n1.5,-2,setosa\n3,4e2,virginica\n5,6,setosa\n', 'iris.csv');
    expect(table.rows).toBe(3);
    expect(table.delimiter).toBe(',');
    const [x, y, species] = table.columns;
    expect(x).toEqual({
      kind: 'numeric',
      name: 'x',
      values: new Float64Array([1.5, 3, 5]),
      textCodes: null,
      labels: [],
    });
    expect(y.kind === 'numeric' && Array.from(y.values)).toEqual([-2, 400, 6]);
    expect(species).toEqual({
      kind: 'text',
      name: 'species',
      codes: new Int32Array([0, 1, 0]),
      labels: ['setosa', 'virginica'],
    });
  });

  it('detects tab and semicolon delimiters from the header', () => {
    expect(readCsv('a\tb\n1\t2\n', 'x.tsv').delimiter).toBe('\t');
    const semi = readCsv('a;b;"c,d"\n1;2;3\n', 'x.csv');
    expect(semi.delimiter).toBe(';');
    expect(semi.columns.map((c) => c.name)).toEqual(['a', 'b', 'c,d']);
  });

  it('handles a BOM, CRLF, quoted delimiters, newlines and doubled quotes inside quotes', () => {
    const text = '\uFEFFid,"note, long",v\r\n1,"two\r\nlines",3\r\n2,"say ""hi""",4\r\n';
    const table = readCsv(text, 'q.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'note, long', 'v']);
    expect(cells(table)).toEqual([
      [1, 2],
      ['two\r\nlines', 'say "hi"'],
      [3, 4],
    ]);
  });

  it('trims cells, keeps empty cells as missing and skips blank lines (row numbers still count them)', () => {
    const table = readCsv('a,b\n 1 , x \n\n,y\n3,\n\n', 'm.csv');
    expect(cells(table)).toEqual([
      [1, null, 3],
      ['x', 'y', null],
    ]);
    expect([0, 1, 2].map((r) => sheetRow(table, r))).toEqual([2, 4, 5]);
  });

  it('turns a column that was numeric into text when text follows, keeping the earlier cells', () => {
    const table = readCsv('code\n10\n20\nA\nB\nC\n10\n', 'c.csv');
    expect(table.columns[0]).toEqual({
      kind: 'text',
      name: 'code',
      codes: new Int32Array([0, 1, 2, 3, 4, 0]),
      labels: ['10', '20', 'A', 'B', 'C'],
    });
  });

  it('keeps a mostly numeric column numeric and remembers the text of its odd cells', () => {
    const table = readCsv('age\n31\n?\n40\n\n27\n', 'a.csv');
    expect(cells(table)).toEqual([[31, '?', 40, 27]]);
    const age = table.columns[0];
    expect(age.kind === 'numeric' && Array.from(age.textCodes!)).toEqual([-1, 0, -1, -1]);
  });

  it('reads a header without a final newline, and a last row without one', () => {
    expect(cells(readCsv('a,b\n1,2', 'n.csv'))).toEqual([[1], [2]]);
  });

  it('gives the same table whatever the chunk boundaries (every cut position, two cuts)', () => {
    const text = '\uFEFFa;"b;\n""c"""\r\n1;"x\r\ny"\r\n"2";""\r\n\r\n3;"z"""\r\n4;w';
    const whole = readInChunks(text, []);
    expect(cells(whole)).toEqual([
      [1, 2, 3, 4],
      ['x\r\ny', null, 'z"', 'w'],
    ]);
    expect(whole.columns[1].name).toBe('b;\n"c"');
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const table = readInChunks(text, [i, j]);
        expect(cells(table)).toEqual(cells(whole));
        expect(table.columns.map((c) => c.name)).toEqual(whole.columns.map((c) => c.name));
        expect(table.blankLinesBefore).toEqual(whole.blankLinesBefore);
      }
    }
  });

  it('reads back any table d3-dsv writes, in any chunks (property)', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.string({
        unit: fc.constantFrom('a', 'b', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '😀'),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(',', '\t', ';'),
        fc.integer({ min: 2, max: 4 }).chain((width) =>
          fc.tuple(
            fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), {
              minLength: width,
              maxLength: width,
            }),
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
              minLength: 1,
              maxLength: 6,
            }),
          ),
        ),
        fc.array(fc.nat(), { maxLength: 5 }),
        (delimiter, [header, rows], rawCuts) => {
          // A row of blanks only would be a blank line; keep one non-blank cell per row.
          const data = rows.map((row) => [`k${row[0].trim()}`, ...row.slice(1)]);
          const text = dsvFormat(delimiter).formatRows([header, ...data]);
          const cuts = rawCuts.map((c) => c % (text.length + 1)).sort((p, q) => p - q);
          const table = readInChunks(text, cuts);
          expect(table.delimiter).toBe(delimiter);
          expect(table.rows).toBe(data.length);
          expect(cells(table)).toEqual(cells(readInChunks(text, [])));
          // Text columns hold exactly the trimmed cells.
          table.columns.forEach((c, j) => {
            if (c.kind === 'text') {
              expect(Array.from(c.codes, (k) => (k < 0 ? '' : c.labels[k]))).toEqual(
                data.map((row) => {
                  const t = row[j].trim();
                  return t !== '' && Number.isFinite(Number(t)) ? String(Number(t)) : t;
                }),
              );
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads lines that end in a carriage return alone (classic Mac), in any chunks', () => {
    const text = 'a,b\r1,x\r\r2,"y\rz"\r3,w\r';
    const whole = readInChunks(text, []);
    expect(cells(whole)).toEqual([
      [1, 2, 3],
      ['x', 'y\nz', 'w'],
    ]);
    expect(whole.blankLinesBefore).toEqual([1]);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        expect(cells(readInChunks(text, [i, j]))).toEqual(cells(whole));
      }
    }
  });

  it('reads decimal commas in a semicolon-separated file, not in a comma-separated one', () => {
    const semicolons = readCsv('a;b\n1,5;x\n-2,25;y\n3;z\n,5e2;w\n', 's.csv');
    expect(semicolons.columns[0]).toMatchObject({ kind: 'numeric', textCodes: null });
    expect(cells(semicolons)[0]).toEqual([1.5, -2.25, 3, 50]);
    // Not a number with a decimal comma: two commas; nor in a comma-separated file.
    expect(cells(readCsv('a;b\n1,2,3;x\n1,2,3;y\n', 't.csv'))[0]).toEqual(['1,2,3', '1,2,3']);
    expect(cells(readCsv('a,b\n"1,5",x\n"2,5",y\n', 'c.csv'))[0]).toEqual(['1,5', '2,5']);
  });

  it('reads thousands grouped by dots in a semicolon file, as a decimal-comma spreadsheet writes them', () => {
    const table = readCsv(
      'price;n\n1.234,5;1\n-12.345.678,25;2\n999,75;3\n1.000.000;4\n2.000;5\n+7;6\n',
      'de.csv',
    );
    expect(table.columns[0]).toMatchObject({ kind: 'numeric', textCodes: null });
    // "2.000" among them is two thousand: dots group thousands in this column.
    expect(cells(table)[0]).toEqual([1234.5, -12345678.25, 999.75, 1000000, 2000, 7]);
    // Without grouped cells, "2.000" is read as before: 2 with a decimal point.
    expect(cells(readCsv('a;b\n2.000;x\n1,5;y\n', 'p.csv'))[0]).toEqual([2, 1.5]);
    // Groups of exactly three digits, the first of one to three not starting with 0.
    const odd = readCsv('a;b\n1.23,5;x\n1.2345,5;x\n0.123,5;x\n1234.567,5;x\n1;x\n', 'o.csv');
    expect(cells(odd)[0]).toEqual(['1.23,5', '1.2345,5', '0.123,5', '1234.567,5', '1']);
    // A comma-separated file has no decimal commas: "1.234,5" quoted stays text.
    expect(cells(readCsv('a,b\n"1.234,5",x\n', 'c.csv'))[0]).toEqual(['1.234,5']);
  });

  it('leaves grouped thousands text where the column also writes a decimal point, either order', () => {
    // "1.234,5" beside "2.5": are the dots thousands or decimal points? Unclear: not read.
    for (const rows of ['1.234,5;a\n2.5;b\n3;c\n2.000;d\n', '2.5;b\n1.234,5;a\n3;c\n2.000;d\n']) {
      const table = readCsv(`x;y\n${rows}`, 'mixed.csv');
      const column = table.columns[0];
      expect(column.kind).toBe('numeric');
      const values = cells(table)[0];
      expect(values.filter((v) => typeof v === 'number').sort()).toEqual([2, 2.5, 3]);
      expect(values).toContain('1.234,5');
    }
    // Mostly such cells: a text column, each cell as the file writes it.
    const text = readCsv('x;y\n1.234,5;a\n5.678,25;b\n0.5;c\n', 'mostly.csv');
    expect(text.columns[0].kind).toBe('text');
    expect(cells(text)[0]).toEqual(['1.234,5', '5.678,25', '0.5']);
  });

  it('reads only decimal numbers: 0x1F, 0b11 and 0o7 are text, as in a spreadsheet', () => {
    // Number() reads them in base 16, 2 and 8 (31, 3, 7); a file that holds them means text.
    const table = readCsv('a,b\n1,0x1F\n0b11,0XaB\n0o7,2\n0.5,00\n', 'h.csv');
    expect(table.columns.map((c) => c.kind)).toEqual(['text', 'text']);
    expect(cells(table)).toEqual([
      ['1', '0b11', '0o7', '0.5'],
      ['0x1F', '0XaB', '2', '0'],
    ]);
    // In a numeric column, such a cell is an error naming its row and column.
    const schema = schemaFromRoles(readCsv('x,y\n1,1\n0x10,2\n3,3\n', 'h.csv'), [
      'input',
      'target',
    ]);
    expect(() =>
      encode(readCsv('x,y\n1,1\n0x10,2\n3,3\n', 'h.csv'), schema, { dtype: 'float64' }),
    ).toThrow('h.csv: row 3, column 1 "x" has "0x10", which is not a number');
  });

  it('reads a file 50 000 columns wide without a large store per column', () => {
    const names = Array.from({ length: 50_000 }, (_, j) => `c${j}`);
    const text = `${names.join(',')}\n${names.map((_, j) => j % 7).join(',')}\n`;
    const before = process.memoryUsage().arrayBuffers;
    const reader = new CsvReader('wide.csv');
    reader.feed(text);
    // 1024 float64 cells a column at first made 400 MB here.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50e6);
    expect(reader.finish().columns).toHaveLength(50_000);
  });

  it('leaves out the empty, unnamed last column of lines that end in a delimiter', () => {
    const table = readCsv('a,b,y,\r\n1,2,x,\r\n3,4,z,\r\n', 'trailing.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b', 'y']);
    expect(cells(table)).toEqual([
      [1, 3],
      [2, 4],
      ['x', 'z'],
    ]);
    // A column with a name, or with a value, is kept.
    expect(readCsv('a,note\n1,\n', 'n.csv').columns.map((c) => c.name)).toEqual(['a', 'note']);
    expect(readCsv('a,\n1,\n2,5\n', 'v.csv').columns.map((c) => c.name)).toEqual(['a', 'column 2']);
  });

  it('names a column whose header cell is empty by its place, "column 2", as errors count', () => {
    // pandas' to_csv writes its index under an empty name; two such columns were both named "".
    const table = readCsv(',a, ,y\n0,1,5,x\n1,2,6,z\n', 'unnamed.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['column 1', 'a', 'column 3', 'y']);
    expect(cells(table)[2]).toEqual([5, 6]);
    // A trailing unnamed column with no value is still left out; one with a name is not renamed.
    expect(readCsv(',a,\n0,1,\n', 't.csv').columns.map((c) => c.name)).toEqual(['column 1', 'a']);
    expect(readCsv('column 1,b\n0,1\n', 'n.csv').columns.map((c) => c.name)).toEqual([
      'column 1',
      'b',
    ]);
  });

  it('refuses an unnamed column whose place-name another column already has', () => {
    expect(() => readCsv('a,,column 2\n1,2,3\n', 'clash.csv')).toThrow(
      'clash.csv: row 1: column 2 has no name, and column 3 is named "column 2"; name column 2 in the header',
    );
  });

  it('spells a number in a text column the same wherever it stands (before or after the text)', () => {
    const labels = (text: string) => {
      const c = readCsv(text, 't.csv').columns[0];
      return c.kind === 'text' ? Array.from(c.codes, (k) => c.labels[k]) : null;
    };
    // "1.0" came out as "1.0" after the text and as "1" before it: a model's category then missed.
    expect(labels('g\nA\nB\n1.0\n')).toEqual(['A', 'B', '1']);
    expect(labels('g\n1.0\nA\nB\n')).toEqual(['1', 'A', 'B']);
  });

  it("takes the delimiter from Excel's sep= line above the header (a row of its own)", () => {
    const table = readCsv('sep=;\r\nname;x\r\n"a, b";1,5\r\nc;2\r\nd;\r\n', 's.csv');
    expect(table.delimiter).toBe(';');
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'x']);
    expect(cells(table)).toEqual([
      ['a, b', 'c', 'd'],
      [1.5, 2, null],
    ]);
    expect(() => encode(table, schemaFromRoles(table, ['target', 'input']))).toThrow(
      's.csv: row 5, column 2 "x" is empty',
    );
  });

  it('refuses a header that another character separates, naming it, before any row is read', () => {
    // Read as one column "a|b|y" (the target) with text cells, it replaced a trained run.
    expect(() => readCsv('a|b|y\n1|2|x\n3|4|z\n', 'pipe.csv')).toThrow(
      new DataError(
        'pipe.csv: row 1: no comma, tab or semicolon separates the header\'s fields, but "|" seems to (3 fields); save the file with commas, tabs or semicolons between the fields',
      ),
    );
    // The most frequent such character outside quotes; the header's row counts the lines above it.
    expect(() => readCsv('\n"a|b"^c^d~e\n1^2^3\n', 'caret.csv')).toThrow(
      'caret.csv: row 2: no comma, tab or semicolon separates the header\'s fields, but "^" seems to (3 fields)',
    );
    // A header without a newline after it, and a header that arrives a character at a time.
    expect(() => readCsv('a|b', 'short.csv')).toThrow('short.csv: row 1: no comma');
    const reader = new CsvReader('chunks.csv');
    expect(() => {
      for (const ch of 'a~b\n1~2\n') reader.feed(ch);
      reader.finish();
    }).toThrow('"~" seems to (2 fields)');
  });

  it('reads a header of one name as one column (no other character seems to separate it)', () => {
    const cases: [string, string, number[]][] = [
      ['price\n10\n20\n', 'price', [10, 20]],
      ['sepal length (cm)\n5.1\n4.9\n', 'sepal length (cm)', [5.1, 4.9]],
      ['"a|b"\n1\n2\n', 'a|b', [1, 2]],
      ['weight/kg\n1\n2\n', 'weight/kg', [1, 2]],
      ['Unnamed: 0\n0\n1\n', 'Unnamed: 0', [0, 1]],
    ];
    for (const [text, name, values] of cases) {
      const table = readCsv(text, 'one.csv');
      expect(table.columns.map((c) => c.name)).toEqual([name]);
      expect(cells(table)).toEqual([values]);
    }
  });

  it('refuses a file that spaces or colons separate: the header and its first rows split alike into numbers', () => {
    // numpy.savetxt's default: one space between numbers. Read with commas, it was one column named
    // after the whole header line (the target), and failed later, far from the cause.
    const rows = ['5.1 3.5 1.4 0.2 0', '4.9 3 1.4 0.2 0', '4.7 3.2 1.3 0.2 0', '7 3.2 4.7 1.4 1'];
    const header = 'sepal_length sepal_width petal_length petal_width species';
    expect(() =>
      readCsv(`${header}\n${rows.join('\n')}\n${rows.join('\n')}\n`, 'iris.txt'),
    ).toThrow(
      new DataError(
        'iris.txt: row 1: no comma, tab or semicolon separates the header\'s fields, but spaces seem to, as in the rows below it (5 fields); save the file with commas, tabs or semicolons between the fields (numpy.savetxt: delimiter=",")',
      ),
    );
    // Runs of spaces, a class label last, numpy's "# " header, a file of fewer rows than are checked.
    const runs = `a   b    label\n1   2    setosa\n3.5 -4e2 virginica\n`;
    expect(() => readCsv(runs, 'runs.txt')).toThrow('runs.txt: row 1: no comma');
    expect(() => readCsv(runs, 'runs.txt')).toThrow(
      'spaces seem to, as in the rows below it (3 fields)',
    );
    expect(() => readCsv('# x y\n1 2\n', 'numpy.txt')).toThrow('(2 fields)');
    // Colons; lines above the header count in its row; the text may come a character at a time.
    expect(() => readCsv('\na:b:c\n1:2:3\n\n4:5:6\n', 'colon.csv')).toThrow(
      new DataError(
        'colon.csv: row 2: no comma, tab or semicolon separates the header\'s fields, but ":" seems to, as in the rows below it (3 fields); save the file with commas, tabs or semicolons between the fields',
      ),
    );
    const reader = new CsvReader('chunks.txt');
    expect(() => {
      for (const ch of `${header}\n${rows.join('\n')}\n`) reader.feed(ch);
      reader.finish();
    }).toThrow(
      "chunks.txt: row 1: no comma, tab or semicolon separates the header's fields, but spaces seem to, as in the rows below it (5 fields)",
    );
  });

  it('reads a one-column file whose name has spaces or colons when its rows do not split alike', () => {
    const cases: [string, string, number][] = [
      ['sepal length (cm)\n5.1\n4.9\n', 'sepal length (cm)', 2],
      ['"x y"\n1 2\n3 4\n', 'x y', 2], // a quoted name is one name
      ['first name\nAda Lovelace\nAlan Turing\n', 'first name', 2], // text, not numbers
      ['home address\nApt 5\nFlat 7\n', 'home address', 2],
      ['count fruit\n5 apples\n7 pears\n', 'count fruit', 2], // one number and a label
      ['time: of day\n12:30\n9:15:30\n', 'time: of day', 2], // a clock time is one value
      ['Unnamed: 0\n0\n1\n', 'Unnamed: 0', 2],
      // Rows that split alike at first, until one (within the rows checked) does not.
      ['x y\n1 2\n3 4\n5\n6 7\n', 'x y', 4],
      ['x y\n1 2\n3 4\n5 6 7\n', 'x y', 3],
    ];
    for (const [text, name, rows] of cases) {
      const table = readCsv(text, 'one.csv');
      expect(table.columns.map((c) => c.name)).toEqual([name]);
      expect(table.rows).toBe(rows);
    }
    // Five rows that split alike refuse it, even when later ones would not.
    expect(() => readCsv('x y\n1 2\n3 4\n5 6\n7 8\n9 10\n11\n', 'five.txt')).toThrow(
      'spaces seem to',
    );
    // A declared delimiter says the header is one name.
    expect(readCsv('sep=,\nx y\n1 2\n', 'sep.csv').columns.map((c) => c.name)).toEqual(['x y']);
  });

  it('refuses a sep= line that names another delimiter than comma, tab or semicolon', () => {
    expect(() => readCsv('sep=|\na|b\n1|2\n', 'sep.csv')).toThrow(
      new DataError(
        'sep.csv: row 1: "sep=|" names "|" as the delimiter; save the file with commas, tabs or semicolons between the fields',
      ),
    );
    expect(readCsv('sep=\t\r\na\tb\r\n1\t2\r\n', 'tab.csv').delimiter).toBe('\t');
  });

  it('counts blank lines above the header in the row numbers of later errors', () => {
    const table = readCsv('\n\na,b\n1,x\n,y\n', 'b.csv');
    expect(sheetRow(table, 1)).toBe(5);
    expect(() => encode(table, schemaFromRoles(table, ['input', 'target']))).toThrow(
      'b.csv: row 5, column 1 "a" is empty',
    );
  });

  it('scans a quoted field that spans many chunks once, not once a chunk (it was quadratic)', () => {
    const cell = 'x'.repeat(1 << 18); // 256 KB, in 1 KB chunks
    const charCodeAt = String.prototype.charCodeAt;
    for (const [text, row] of [
      [`a,"${cell}\n`, 1],
      [`a,b\n1,"${cell}\n`, 2],
    ] as const) {
      const reader = new CsvReader('long.csv');
      let reads = 0;
      String.prototype.charCodeAt = function (this: string, i: number) {
        reads++;
        return charCodeAt.call(this, i);
      };
      try {
        for (let i = 0; i < text.length; i += 1 << 10) reader.feed(text.slice(i, i + (1 << 10)));
      } finally {
        String.prototype.charCodeAt = charCodeAt;
      }
      // Scanning all that was pending again at every chunk read 256 chunks × 128 KB on average.
      expect(reads).toBeLessThan(3 * text.length);
      expect(() => reader.finish()).toThrow(`long.csv: row ${row}: a quoted field never ends`);
    }
  });

  it('reports the bytes consumed', () => {
    const seen: number[] = [];
    const reader = new CsvReader('p.csv', { onProgress: (bytes) => seen.push(bytes) });
    reader.feed('a,b\n1,é\n');
    reader.feed('2,😀\n');
    reader.feed('3,x', 100);
    reader.finish();
    expect(seen).toEqual([9, 16, 116]);
    expect(reader.bytesConsumed).toBe(116);
  });
});

/** Reads bytes through feedBytes, cut into chunks of `size` bytes. */
function readBytes(bytes: Uint8Array, fileName: string, size = bytes.length): Table {
  const reader = new CsvReader(fileName);
  for (let i = 0; i < bytes.length; i += size) reader.feedBytes(bytes.subarray(i, i + size));
  return reader.finish();
}

const fixture = (...path: string[]) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', ...path)));

describe('CsvReader.feedBytes: a file as bytes', () => {
  it('reads a CSV that Excel on Windows saved (Windows-1252: é as E9, € as 80), and says so', () => {
    const bytes = fixture('windows-1252', 'drinks.csv');
    for (const size of [1, 2, 7, 4096]) {
      const table = readBytes(bytes, 'drinks.csv', size);
      expect(table.rows).toBe(8);
      const [city, drink, , , currency] = table.columns;
      expect(city).toMatchObject({
        kind: 'text',
        labels: ['Montréal', 'Zürich', 'Köln', 'São Paulo'],
      });
      expect(drink).toMatchObject({ labels: ['café', 'thé', 'café glacé', 'thé glacé'] });
      expect(currency).toMatchObject({ labels: ['$', '€'] });
      expect(table.warnings).toEqual([
        'drinks.csv: row 2, column 1 "city" has the byte 0xE9, which is not UTF-8: the file is read as Windows-1252 (Excel\'s encoding on Windows) from there on; if its text looks wrong, save it as UTF-8',
      ]);
    }
  });

  it('reads the Latin-1 files that were refused as text (they are Windows-1252 too)', () => {
    const table = readBytes(fixture('bad-csv', 'not-utf8.csv'), 'not-utf8.csv');
    expect(table.columns[1]).toMatchObject({ labels: ['Köln', 'Paris'] });
    expect(table.warnings[0]).toMatch(/^not-utf8.csv: row 2, column 2 "city" has the byte 0xF6,/);
    const header = readBytes(fixture('bad-csv', 'not-utf8-header.csv'), 'not-utf8-header.csv', 3);
    expect(header.warnings[0]).toMatch(/^not-utf8-header.csv: row 1, column 2 has the byte 0x/);
  });

  it('reads a character cut off by the end of the file as Windows-1252', () => {
    const reader = new CsvReader('end.csv');
    expect(
      reader.feedBytes(Uint8Array.of(0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0x63, 0x61, 0x66, 0xe9)),
    ).toBe('a,b\n1,caf');
    expect(reader.endBytes()).toBe('é');
    const table = reader.finish();
    expect(cells(table)).toEqual([[1], ['café']]);
    expect(table.warnings[0]).toMatch(/^end.csv: row 2, column 2 "b" has the byte 0xE9,/);
  });

  it('refuses a file that is not text, naming what it is, whatever the chunks', () => {
    // A screenshot saved as a .csv: its bytes read as text gave "row 10 has 3 fields, the header
    // has 1; column 2 has no header"
    const png = Uint8Array.from([
      ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d],
      ...new TextEncoder().encode('IHDR,x\n1,2,3\n'),
    ]);
    for (const size of [1, 3, 4096]) {
      expect(() => readBytes(png, 'image.csv', size)).toThrow(
        new DataError(
          'image.csv: not a text file: it is a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A); open a CSV or TSV text file',
        ),
      );
    }
    const xlsx = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x0a, 0x2c, 0x0a);
    expect(() => readBytes(xlsx, 'grades.csv', 2)).toThrow(
      /^grades.csv: not a text file: it is a ZIP archive, as an Excel workbook \(.xlsx\)/,
    );
    // Another binary format: a 0 byte, which no text holds, says so, naming where
    const other = new TextEncoder().encode('SQLite format 3,x\n1,2\n');
    other[15] = 0;
    for (const size of [1, 4096]) {
      expect(() => readBytes(other, 'db.csv', size)).toThrow(
        new DataError(
          'db.csv: not a text file: its byte 16 is 0 (0x00), which CSV and TSV text never holds; open a CSV or TSV text file',
        ),
      );
    }
    // Past the first 64 KiB a 0 byte is a cell's (as before): the check costs nothing then
    const late = new TextEncoder().encode(`x,label\n${'1,a\n'.repeat(20_000)}2,b\u0000\n`);
    expect(readBytes(late, 'late.csv', 4096).rows).toBe(20_001);
  });

  it("refuses UTF-16 (Excel's Unicode Text) by name instead of reading it as Windows-1252", () => {
    const text = '\uFEFFa\tb\r\n1\t2\r\n';
    const le = Uint8Array.from(
      [...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    );
    const be = Uint8Array.from(
      [...text].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]),
    );
    for (const size of [1, 64]) {
      expect(() => readBytes(le, 'u.txt', size)).toThrow(
        new DataError(
          'u.txt: the file is UTF-16 text (it begins with the bytes FF FE), which is not read here; save it as CSV UTF-8',
        ),
      );
      expect(() => readBytes(be, 'u.txt', size)).toThrow('(it begins with the bytes FE FF)');
    }
    // Text that begins with ÿþ, in a file that is UTF-8, is text.
    expect(readBytes(new TextEncoder().encode('ÿþ,b\n1,2\n'), 'y.csv').columns[0].name).toBe('ÿþ');
  });

  it('reads UTF-8 bytes, in any chunks, exactly as their text (property)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', ' ', ',', '"', '\n', 'é', '€', '😀', '\u00a0', '1', '.'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, rawCuts) => {
          const text = `\uFEFF${dsvFormat(',').formatRows([['a', 'b'], ...rows.map(([x, y]) => [`k${x}`, y])])}`;
          const bytes = new TextEncoder().encode(text);
          const reader = new CsvReader('u.csv');
          let from = 0;
          let decoded = '';
          for (const cut of [
            ...rawCuts.map((c) => c % (bytes.length + 1)).sort((p, q) => p - q),
            bytes.length,
          ]) {
            decoded += reader.feedBytes(bytes.subarray(from, cut));
            from = cut;
          }
          expect(decoded).toBe(text);
          const table = reader.finish();
          expect(cells(table)).toEqual(cells(readCsv(text, 'u.csv')));
          expect(table.warnings).toEqual([]);
          expect(reader.bytesConsumed).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scans a Windows-1252 quoted field that spans many chunks once, not once a chunk', () => {
    const cell = 'x'.repeat(1 << 18); // 256 KB, in 1 KB chunks, after the é (E9) of row 2
    const bytes = Uint8Array.from(`a,b\n\u00e9,"${cell}\n`, (c) => c.charCodeAt(0));
    const reader = new CsvReader('long.csv');
    const charCodeAt = String.prototype.charCodeAt;
    let reads = 0;
    String.prototype.charCodeAt = function (this: string, i: number) {
      reads++;
      return charCodeAt.call(this, i);
    };
    try {
      for (let i = 0; i < bytes.length; i += 1 << 10)
        reader.feedBytes(bytes.subarray(i, i + (1 << 10)));
    } finally {
      String.prototype.charCodeAt = charCodeAt;
    }
    expect(reads).toBeLessThan(3 * bytes.length);
    expect(() => reader.finish()).toThrow('long.csv: row 2: a quoted field never ends');
  });
});

describe('bad CSV corpus: each file and its exact error', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'bad-csv');
  const expected: Record<string, string> = {
    'empty.csv': 'empty.csv: the file is empty',
    'blank-lines-only.csv': 'blank-lines-only.csv: the file is empty',
    'header-only.csv': 'header-only.csv: the file has a header row but no data rows',
    'header-only-bom-crlf.csv':
      'header-only-bom-crlf.csv: the file has a header row but no data rows',
    'ragged-short.csv':
      'ragged-short.csv: row 3 has 2 fields, the header has 3; column 3 "label" is missing',
    'ragged-long.tsv':
      'ragged-long.tsv: row 3 has 4 fields, the header has 3; column 4 has no header',
    'duplicate-names.csv': 'duplicate-names.csv: row 1: columns 1 and 3 are both named "x"',
    'ragged-after-quoted-newline.csv':
      'ragged-after-quoted-newline.csv: row 4 has 2 fields, the header has 3; column 3 "y" is missing',
    // The header took in the whole file: it said there were no data rows.
    'unclosed-quote-header.csv':
      'unclosed-quote-header.csv: row 1: a quoted field never ends (its closing " is missing)',
    'unclosed-quote.csv':
      'unclosed-quote.csv: row 3: a quoted field never ends (its closing " is missing)',
    'ragged-after-blank-line.csv':
      'ragged-after-blank-line.csv: row 5 has 1 field, the header has 2; column 2 "y" is missing',
    // d3-dsv reads the space after "Jones, Bo" as a delimiter: it said the row had 4 fields.
    'text-after-quote.csv':
      'text-after-quote.csv: row 3, column 2 "name": text after the closing quote of a quoted field; remove it or put it inside the quotes',
    'text-after-quote-header.csv':
      'text-after-quote-header.csv: row 1, column 2: text after the closing quote of a quoted field; remove it or put it inside the quotes',
    // Iris separated by "|": it loaded as one column, the whole header its name.
    'pipe-delimited.csv':
      'pipe-delimited.csv: row 1: no comma, tab or semicolon separates the header\'s fields, but "|" seems to (5 fields); save the file with commas, tabs or semicolons between the fields',
    // Iris with runs of spaces between its fields: it loaded as one column, as with "|".
    'space-delimited.txt':
      'space-delimited.txt: row 1: no comma, tab or semicolon separates the header\'s fields, but spaces seem to, as in the rows below it (5 fields); save the file with commas, tabs or semicolons between the fields (numpy.savetxt: delimiter=",")',
    // Latin-1 bytes: "Köln" and "José" would have become "K�ln" and "Jos�" (and "José" and "Josè"
    // one category).
    'not-utf8.csv':
      'not-utf8.csv: row 2, column 2 "city" holds bytes that are not UTF-8 text (shown as \uFFFD); save the file as UTF-8',
    'not-utf8-header.csv':
      'not-utf8-header.csv: row 1, column 2 holds bytes that are not UTF-8 text (shown as \uFFFD); save the file as UTF-8',
  };

  it('covers every fixture', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, message] of Object.entries(expected)) {
    it(file, () => {
      const bytes = readFileSync(join(dir, file));
      expect(() => readCsv(bytes.toString('utf8'), file)).toThrow(message);
      // The same error when the file arrives one byte at a time.
      const reader = new CsvReader(file);
      expect(() => {
        for (const ch of bytes.toString('utf8')) reader.feed(ch);
        reader.finish();
      }).toThrow(message);
    });
  }
});
