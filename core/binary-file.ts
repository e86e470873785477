// Files that are not text, told by their first bytes: an image, a PDF or a spreadsheet workbook
// chosen where a CSV was meant. Read as text, a PNG's bytes split into "fields" and gave
// "image.csv: row 10 has 3 fields, the header has 1", which names nothing the user can act on.

/** Formats known by their first bytes (their "magic numbers"), and what to call them. */
const SIGNATURES: { bytes: number[]; is: string; todo?: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], is: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], is: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], is: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], is: 'a PDF document' },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    is: 'a ZIP archive, as an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods) is',
    todo: 'save the sheet as CSV UTF-8 from the spreadsheet',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    is: 'an Excel 97–2003 workbook (.xls) or another Office document',
    todo: 'save the sheet as CSV UTF-8 from the spreadsheet',
  },
  { bytes: [0x1f, 0x8b], is: 'gzip-compressed', todo: 'decompress it first' },
];

/** The most bytes a signature needs. */
export const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((s) => s.bytes.length));

const TODO = 'open a CSV or TSV text file';

const hex = (bytes: readonly number[]) =>
  bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/**
 * What a file that begins with `head` is, if it is a known format that is not text:
 * `a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A); open a CSV or TSV text file`.
 * null if `head` begins like no such format (yet: a signature is told once all its bytes are in).
 */
export function binarySignature(head: Uint8Array): string | null {
  const s = SIGNATURES.find(
    (s) => head.length >= s.bytes.length && s.bytes.every((b, i) => head[i] === b),
  );
  return s ? `${s.is} (it begins with the bytes ${hex(s.bytes)}); ${s.todo ?? TODO}` : null;
}
