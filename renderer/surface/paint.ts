// Turns the host's SurfaceResult into pixels: one RGBA pixel per grid cell (row-major, y from the
// top, as the host sends it), and the canvas position of each training point.
import type { SurfaceResult } from '../../app/shared/api';
import type { SignColours } from '../theme/sign';
import { classTint, diverging, type Rgb } from './palette';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The predicted class of one cell and how sure the model is (0 = a coin toss, 1 = certain). */
export function classAt(outputs: number[][], cell: number): { k: number; confidence: number } {
  if (outputs.length === 1) {
    // One sigmoid output: class 1 when a ≥ ½.
    const p = outputs[0][cell];
    return { k: p >= 0.5 ? 1 : 0, confidence: Math.abs(2 * p - 1) };
  }
  let k = 0;
  for (let j = 1; j < outputs.length; j++) if (outputs[j][cell] > outputs[k][cell]) k = j;
  // max a_k rescaled from [1/K, 1] to [0, 1]
  const K = outputs.length;
  return { k, confidence: (outputs[k][cell] - 1 / K) / (1 - 1 / K) };
}

function fill(n: number, colourAt: (cell: number) => Rgb): Pixels {
  const data = new Uint8ClampedArray(n * n * 4);
  for (let cell = 0; cell < n * n; cell++) {
    const [r, g, b] = colourAt(cell);
    data.set([r, g, b, 255], cell * 4);
  }
  return { width: n, height: n, data };
}

/** Largest |v| of a set of values (1 if all zero). */
function scaleOf(values: number[]): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m || 1;
}

/**
 * The model's output: class tints for a classifier; for a value, on the diverging scale of the
 * sign palette, from its negative colour (lowest) to its positive colour (highest).
 */
export function paintOutput(s: SurfaceResult, sign: SignColours): Pixels {
  if (s.labels.length > 0) {
    return fill(s.resolution, (cell) => {
      const { k, confidence } = classAt(s.outputs, cell);
      return classTint(k, confidence);
    });
  }
  const at = valueScale(s);
  return fill(s.resolution, (cell) => diverging(at(s.outputs[s.output][cell]), sign));
}

/** [lowest, highest] of the drawn output over the plane and of the points' targets. */
export function valueRange(s: SurfaceResult): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...s.outputs[s.output], ...s.points.map((p) => p.target)]) {
    if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/** A value → [−1, 1] on the diverging scale: the lowest value −1, the highest 1. */
export function valueScale(s: SurfaceResult): (v: number) => number {
  const [lo, hi] = valueRange(s);
  return (v) => (hi > lo ? (2 * (v - lo)) / (hi - lo) - 1 : 0);
}

/** One hidden neuron's activation over the plane, coloured by its sign (white at zero). */
export function paintValues(values: number[], resolution: number, sign: SignColours): Pixels {
  const scale = scaleOf(values);
  return fill(resolution, (cell) => diverging(values[cell] / scale, sign));
}

/** Where (x, y) in input units falls on a canvas of width × height (y grows downwards). */
export function toCanvas(
  s: Pick<SurfaceResult, 'xRange' | 'yRange'>,
  x: number,
  y: number,
  width: number,
  height: number,
): [number, number] {
  const [x0, x1] = s.xRange;
  const [y0, y1] = s.yRange;
  return [((x - x0) / (x1 - x0 || 1)) * width, ((y1 - y) / (y1 - y0 || 1)) * height];
}
