// Files that are not text, told by their first bytes.
import { describe, expect, it } from 'vitest';
import { binarySignature, SIGNATURE_BYTES } from './binary-file';

describe('binarySignature', () => {
  it('names an image, a PDF, a workbook and a compressed file by their first bytes', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
    expect(binarySignature(Uint8Array.from(png))).toBe(
      'a PNG image (it begins with the bytes 89 50 4E 47 0D 0A 1A 0A); open a CSV or TSV text file',
    );
    expect(binarySignature(new TextEncoder().encode('%PDF-1.7\n'))).toMatch(/^a PDF document/);
    expect(binarySignature(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0))).toBe(
      'a ZIP archive, as an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods) is (it begins with the bytes 50 4B 03 04); save the sheet as CSV UTF-8 from the spreadsheet',
    );
    expect(binarySignature(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toMatch(/^a JPEG image/);
    expect(binarySignature(Uint8Array.of(0x1f, 0x8b, 8))).toMatch(/^gzip-compressed/);
  });

  it('names nothing in text, nor before all of a signature’s bytes are in', () => {
    for (const text of [
      'x,y,label\n1,2,a\n',
      'PK,x\n1,2\n',
      '%PDF,x\n',
      '\uFEFFa;b\n',
      'GIF,x\n',
    ]) {
      expect(binarySignature(new TextEncoder().encode(text).subarray(0, SIGNATURE_BYTES))).toBe(
        null,
      );
    }
    expect(binarySignature(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))).toBe(null);
  });
});
