import { describe, expect, it } from 'vitest';
import { EXAMPLE_IDS } from '../../app/shared/api';
import { EXAMPLES } from './catalog';

describe('the Examples menu catalog', () => {
  it('lists every example the host holds, once, with a title and a description', () => {
    expect(EXAMPLES.map((e) => e.id).sort()).toEqual([...EXAMPLE_IDS].sort());
    for (const e of EXAMPLES) {
      expect(e.title.length, e.id).toBeGreaterThan(0);
      expect(e.description.length, e.id).toBeGreaterThan(0);
    }
  });
});
