// Sets of a table's rows, as small as they can be told: the rows listed while they are few, else
// one bit a row. A dataset summary tells with them which rows have an empty or invalid cell in
// each column, so that the rows left out for such cells are counted exactly for any choice of
// columns (a row with such cells in several used columns is one row).
import type { RowSet } from './types';

/** 32-bit words that hold one bit for each of `size` rows. */
export function wordsFor(size: number): number {
  return Math.ceil(size / 32);
}

/**
 * Builds the RowSet of a table of `size` rows, a row at a time (each once, ascending): a list
 * while it holds no more rows than the bits take words, then the bits.
 */
export class RowSetBuilder {
  #rows: number[] = [];
  #bits: Uint32Array | null = null;

  constructor(readonly size: number) {}

  add(r: number): void {
    if (this.#bits) {
      this.#bits[r >>> 5] |= 1 << (r & 31);
      return;
    }
    this.#rows.push(r);
    if (this.#rows.length > wordsFor(this.size)) {
      this.#bits = new Uint32Array(wordsFor(this.size));
      for (const row of this.#rows) this.#bits[row >>> 5] |= 1 << (row & 31);
      this.#rows = [];
    }
  }

  done(): RowSet {
    return this.#bits ? { bits: Array.from(this.#bits) } : { rows: [...this.#rows] };
  }
}

/** The rows of a table of `size` rows that are in at least one of the sets: each counted once. */
export function countRows(sets: readonly RowSet[], size: number): number {
  if (sets.length === 0) return 0;
  // One bit a row of the table: the union of the sets, then its bits counted.
  const union = new Uint32Array(wordsFor(size));
  for (const set of sets) {
    if ('rows' in set) for (const r of set.rows) union[r >>> 5] |= 1 << (r & 31);
    else for (let w = 0; w < union.length; w++) union[w] |= set.bits[w] ?? 0;
  }
  let count = 0;
  for (const word of union) count += bitCount(word);
  return count;
}

/** Set bits of a 32-bit word (the SWAR population count). */
function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
