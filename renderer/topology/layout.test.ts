import { describe, expect, it } from 'vitest';
import { sampleUnits } from '../../app/shared/sample-units';
import { layoutNetwork } from './layout';

describe('layoutNetwork', () => {
  it('joins every drawn unit to the next layer with its own weight', () => {
    // W[0][i][j] = 10 i + j, W[1][j][k] = −(j + k)
    const W0 = Array.from({ length: 3 }, (_, i) => Array.from({ length: 2 }, (_, j) => 10 * i + j));
    const W1 = Array.from({ length: 2 }, (_, j) => [-(j + 0)]);
    const layout = layoutNetwork([3, 2, 1], { weights: [W0, W1] }, { width: 300, height: 200 });
    expect(layout.layers.map((l) => l.length)).toEqual([3, 2, 1]);
    expect(layout.edges).toHaveLength(3 * 2 + 2 * 1);
    const e = layout.edges.find((d) => d.from.layer === 0 && d.from.unit === 2 && d.to.unit === 1)!;
    expect(e.weight).toBe(21);
    expect(layout.maxAbs).toBe(21);
    expect(layout.notes).toEqual([]);
    // layers left to right, units top to bottom, inside the padding
    expect(layout.layers[0][0].x).toBeLessThan(layout.layers[1][0].x);
    expect(layout.layers[0][0].y).toBeLessThan(layout.layers[0][2].y);
  });

  it('draws a sample of a wide layer, with the weights of the sampled units, and says so', () => {
    const W0 = Array.from({ length: 64 }, (_, i) => [i % 2 === 0 ? i : -i]);
    const layout = layoutNetwork(
      [64, 1],
      { weights: [W0] },
      { width: 300, height: 200, maxUnits: 12 },
    );
    expect(layout.notes).toEqual(['Input layer: 12 of 64 units drawn']);
    expect(layout.edges).toHaveLength(12);
    const last = layout.edges.at(-1)!;
    expect(last.from.unit).toBe(63);
    expect(last.weight).toBe(-63);
  });

  it('draws a sampled network with the weights it was sent, between the units it holds', () => {
    // 64 → 30 units, sent as 12 × 12 (rows and columns at sampleUnits' indices).
    const units = [sampleUnits(64, 12), sampleUnits(30, 12)];
    const weights = [units[0].map((i) => units[1].map((j) => 100 * i + j))];
    const layout = layoutNetwork([64, 30], { weights, units }, { width: 300, height: 200 });
    expect(layout.edges).toHaveLength(144);
    for (const e of layout.edges) expect(e.weight).toBe(100 * e.from.unit + e.to.unit);
    expect(layout.maxAbs).toBe(6329);
  });

  it('leaves weights null before training', () => {
    const layout = layoutNetwork([2, 2], null, { width: 100, height: 100 });
    expect(layout.edges.every((e) => e.weight === null)).toBe(true);
    expect(layout.maxAbs).toBe(0);
  });
});

describe('layoutNetwork with room for names', () => {
  it('keeps the inset free left of the first layer and right of the last', () => {
    const plain = layoutNetwork([2, 3, 2], null, { width: 400, height: 200, padding: 20 });
    expect(plain.layers[0][0].x).toBe(20);
    expect(plain.layers[2][0].x).toBe(380);
    const inset = { left: 60, right: 100 };
    const layout = layoutNetwork([2, 3, 2], null, { width: 400, height: 200, padding: 20, inset });
    expect(layout.layers[0][0].x).toBe(80);
    expect(layout.layers[2][0].x).toBe(280);
    // the hidden layer halfway between them; the rows do not move
    expect(layout.layers[1][0].x).toBe(180);
    expect(layout.layers[1].map((u) => u.y)).toEqual(plain.layers[1].map((u) => u.y));
  });
});
