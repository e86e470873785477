// From the host's SurfaceResult to pixels: predicted class and confidence per cell, colours,
// and where a point lands on the canvas.
import { describe, expect, it } from 'vitest';
import type { SurfaceResult } from '../../app/shared/api';
import { classAt, paintOutput, toCanvas, valueRange } from './paint';
import type { SignColours } from '../theme/sign';
import { classTint, diverging } from './palette';

/** A sign palette for the pixels (the page's comes from app.css). */
const SIGN: SignColours = { positive: [0, 0, 200], negative: [200, 100, 0] };

describe('classAt', () => {
  it('reads one sigmoid output as class 1 from ½, sure at 0 and 1', () => {
    expect(classAt([[0.9]], 0)).toEqual({ k: 1, confidence: expect.closeTo(0.8, 12) });
    expect(classAt([[0.5]], 0)).toEqual({ k: 1, confidence: 0 });
    expect(classAt([[0]], 0)).toEqual({ k: 0, confidence: 1 });
  });

  it('takes the largest of K outputs, confidence rescaled from 1/K', () => {
    expect(classAt([[0.2], [0.5], [0.3]], 0).k).toBe(1);
    expect(classAt([[1 / 3], [1 / 3], [1 / 3]], 0).confidence).toBeCloseTo(0, 12);
    expect(classAt([[0], [0], [1]], 0)).toEqual({ k: 2, confidence: 1 });
  });
});

describe('paintOutput', () => {
  const base: SurfaceResult = {
    xRange: [0, 2],
    yRange: [0, 1],
    resolution: 2,
    outputs: [[0.1, 0.9, 0.5, 0.2]],
    hidden: [],
    points: [],
    totalPoints: 0,
    labels: ['no', 'yes'],
    output: 0,
  };

  it('colours each cell by its predicted class', () => {
    const px = paintOutput(base, SIGN);
    expect(px.width).toBe(2);
    expect([...px.data.slice(0, 3)]).toEqual(classTint(0, 0.8));
    expect([...px.data.slice(4, 7)]).toEqual(classTint(1, 0.8));
    expect(px.data[3]).toBe(255);
  });

  it('colours a numeric output from its lowest (negative colour) to its highest (positive)', () => {
    const px = paintOutput({ ...base, labels: [], outputs: [[10, 25, 20, 30]] }, SIGN);
    expect([...px.data.slice(0, 3)]).toEqual(diverging(-1, SIGN));
    expect(diverging(-1, SIGN)).toEqual(SIGN.negative);
    expect([...px.data.slice(8, 11)]).toEqual([255, 255, 255]);
    expect([...px.data.slice(12, 15)]).toEqual(diverging(1, SIGN));
    // the points' targets widen the range
    const wide = {
      ...base,
      labels: [],
      outputs: [[10, 25, 20, 30]],
      points: [{ x: 0, y: 0, target: 50 }],
    };
    expect(valueRange(wide)).toEqual([10, 50]);
    expect([...paintOutput(wide, SIGN).data.slice(4, 7)]).toEqual(diverging(-0.25, SIGN));
  });

  it('colours the output asked for when there are several', () => {
    const two = {
      ...base,
      labels: [],
      outputs: [
        [10, 25, 20, 30],
        [4, 3, 2, 1],
      ],
      output: 1,
    };
    expect(valueRange(two)).toEqual([1, 4]);
    const px = paintOutput(two, SIGN);
    expect([...px.data.slice(0, 3)]).toEqual(diverging(1, SIGN));
    expect([...px.data.slice(12, 15)]).toEqual(diverging(-1, SIGN));
  });
});

it('places points with y growing downwards', () => {
  expect(toCanvas({ xRange: [0, 2], yRange: [0, 1] }, 1, 1, 200, 100)).toEqual([100, 0]);
  expect(toCanvas({ xRange: [0, 2], yRange: [0, 1] }, 0, 0, 200, 100)).toEqual([0, 100]);
});
