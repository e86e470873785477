// The built-in examples teach what issue 6 says: the seed's 3-3-2 network on its golden sample
// and weights, XOR as a 2-2-1 network that learns, seeded spirals, iris from examples/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../core/csv';
import { predict } from '../../core/forward';
import { matrixFromRows } from '../../core/matrix';
import { networkFromArrays } from '../../core/network';
import { Trainer } from '../../core/train';
import { EXAMPLES, spiralsCsv } from './examples';

const golden = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../core/fixtures/golden/seed-3-3-2-single-sample.json'),
    'utf8',
  ),
) as {
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
};

describe('built-in examples', () => {
  it('seed-3-3-2 is the golden case: its one sample and initial weights, bit for bit', () => {
    const e = EXAMPLES['seed-3-3-2'];
    const table = readCsv(e.csv(), e.name);
    const row = table.columns.map((c) => (c.kind === 'numeric' ? c.values[0] : NaN));
    expect(row).toEqual([...golden.data.x[0], ...golden.data.y[0]]);
    expect(e.initial).toEqual(golden.init);
    expect(e.config.hiddenLayers).toEqual([{ units: 3, activation: 'sigmoid' }]);
  });

  it('XOR is 2-2-1 and learns all four points from its fixed weights', () => {
    const e = EXAMPLES.xor;
    expect(e.config.hiddenLayers.map((h) => h.units)).toEqual([2]);
    const X = matrixFromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const Y = matrixFromRows([[0], [1], [1], [0]]);
    const spec = {
      topology: [2, 2, 1],
      activations: [e.config.hiddenLayers[0].activation, e.config.outputActivation],
      loss: e.config.loss,
    };
    const net = networkFromArrays(spec, e.initial!.weights, e.initial!.biases);
    const trainer = new Trainer(net, { X, Y }, e.config.hyperparameters);
    trainer.run();
    expect(trainer.stopReason).toBe('target-loss');
    const out = Array.from(predict(trainer.network, X).data).map((a) => (a >= 0.5 ? 1 : 0));
    expect(out).toEqual([0, 1, 1, 0]);
  });

  it('spirals are the same every time, two arms of equal size', () => {
    expect(spiralsCsv()).toBe(spiralsCsv());
    const lines = spiralsCsv().trim().split('\n').slice(1);
    expect(lines.filter((l) => l.endsWith(',A')).length).toBe(lines.length / 2);
  });

  it('iris comes from examples/iris.csv', () => {
    const text = readFileSync(join(import.meta.dirname, '../../examples/iris.csv'), 'utf8');
    expect(EXAMPLES.iris.csv()).toBe(text);
  });
});
