import { describe, expect, it } from 'vitest';
import { batchSizeHint } from './hints';

describe('batchSizeHint', () => {
  it('says that 0 is the full batch, with its training rows when they are known', () => {
    expect(batchSizeHint(0, null)).toBe('full batch');
    expect(batchSizeHint(0, { rows: 90, exact: true })).toBe('full batch · 90 rows');
    expect(batchSizeHint(0, { rows: 1, exact: true })).toBe('full batch · 1 row');
    expect(batchSizeHint(0, { rows: 1258, exact: false })).toBe('full batch · ≈1,258 rows');
  });

  it('says nothing of any other batch size, or one being typed', () => {
    expect(batchSizeHint(32, { rows: 90, exact: true })).toBeNull();
    expect(batchSizeHint(1, null)).toBeNull();
    expect(batchSizeHint(null, null)).toBeNull();
    expect(batchSizeHint(Number.NaN, null)).toBeNull();
  });
});
