import { describe, expect, it } from 'vitest';
import { batchSizeHint } from './hints';

describe('batchSizeHint', () => {
  it('says that 0 is the full batch, with its training rows when they are known', () => {
    expect(batchSizeHint(0, null)).toBe('full batch');
    expect(batchSizeHint(0, { rows: 90, exact: true })).toBe('full batch · 90 rows');
    expect(batchSizeHint(0, { rows: 1, exact: true })).toBe('full batch · 1 row');
    expect(batchSizeHint(0, { rows: 1258, exact: false })).toBe('full batch · ≈1,258 rows');
  });

  it('says that a batch size larger than the training rows trains as the full batch', () => {
    expect(batchSizeHint(128, { rows: 90, exact: true })).toBe('full batch · only 90 rows');
    expect(batchSizeHint(2, { rows: 1, exact: true })).toBe('full batch · only 1 row');
    expect(batchSizeHint(2000, { rows: 1258, exact: false })).toBe('full batch · only ≈1,258 rows');
    // As many as the rows: one batch of them all, as the size says; nothing to add.
    expect(batchSizeHint(90, { rows: 90, exact: true })).toBeNull();
    // The rows not known (no dataset, or a split that is wrong): nothing to compare with.
    expect(batchSizeHint(128, null)).toBeNull();
  });

  it('says nothing of any other batch size, or one being typed', () => {
    expect(batchSizeHint(32, { rows: 90, exact: true })).toBeNull();
    expect(batchSizeHint(null, { rows: 90, exact: true })).toBeNull();
    expect(batchSizeHint(Number.NaN, { rows: 90, exact: true })).toBeNull();
    expect(batchSizeHint(1, null)).toBeNull();
    expect(batchSizeHint(null, null)).toBeNull();
    expect(batchSizeHint(Number.NaN, null)).toBeNull();
  });
});
