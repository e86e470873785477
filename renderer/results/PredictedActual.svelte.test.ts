// The predicted-against-actual plot names the rows it draws: all of a small split, or the first
// 1,000 of a large one (the host sends at most 1,000), never the drawn rows as the split's size;
// both its axes carry round numbers, readable in either theme.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { PredictedActual as Data } from '../../app/shared/api';
import '../app.css';
import { parseColour } from '../theme/sign';
import { contrast, palettes } from '../theme/testing';
import PredictedActual from './PredictedActual.svelte';

async function plot(drawn: number, totalRows: number) {
  const actual = Array.from({ length: drawn }, (_, r) => r);
  const data: Data = { split: 'test', column: 'y', totalRows, actual, predicted: actual };
  const { container } = await render(PredictedActual, { props: { data } });
  const svg = container.querySelector('svg')!;
  return {
    label: svg.getAttribute('aria-label'),
    caption: container.querySelector('figcaption')!.textContent!.trim(),
  };
}

describe('PredictedActual', async () => {
  it('names the first 1,000 of a split of 20,000 test rows as such', async () => {
    const { label, caption } = await plot(1000, 20000);
    expect(label).toBe('Predicted against actual y, first 1,000 of 20,000 test rows');
    expect(caption).toBe(
      'y: predicted against actual on the first 1,000 of 20,000 test rows; on the line is perfect.',
    );
  });

  it('names a split drawn whole by its rows', async () => {
    const { label, caption } = await plot(25, 25);
    expect(label).toBe('Predicted against actual y, 25 test rows');
    expect(caption).toBe(
      'y: predicted against actual on the 25 test rows; on the line is perfect.',
    );
  });
});

describe('PredictedActual axes', () => {
  async function drawn(actual: number[], predicted: number[]) {
    const data: Data = { split: 'test', column: 'y', totalRows: actual.length, actual, predicted };
    const { container } = await render(PredictedActual, { props: { data } });
    const labels = (axis: 'x' | 'y') =>
      [...container.querySelectorAll(`.tick.${axis} text`)] as SVGTextElement[];
    return { container, labels };
  }

  it('label both axes with the same round values, in the app’s number format', async () => {
    const { labels } = await drawn([25, 100, 346], [40, 150, 310]);
    const text = (axis: 'x' | 'y') => labels(axis).map((t) => t.textContent);
    expect(text('x')).toEqual(['50', '100', '150', '200', '250', '300', '350']);
    expect(text('y')).toEqual(text('x'));
    // x labels left to right, y labels bottom to top, each at its value's place on the axis
    const xs = labels('x').map((t) => t.getBBox().x + t.getBBox().width / 2);
    const ys = labels('y').map((t) => t.getBBox().y + t.getBBox().height / 2);
    const gaps = (v: number[]) => v.slice(1).map((p, i) => p - v[i]);
    for (const gap of gaps(xs)) expect(gap).toBeCloseTo(gaps(xs)[0], 0);
    for (const gap of gaps(ys)) expect(gap).toBeCloseTo(gaps(ys)[0], 0);
    expect(gaps(xs)[0]).toBeGreaterThan(0);
    expect(gaps(ys)[0]).toBeLessThan(0);
  });

  it('writes huge and tiny values as formatValue does, inside the drawing', async () => {
    const { container, labels } = await drawn([120_000, 480_000], [150_000, 450_000]);
    expect(labels('y').map((t) => t.textContent)).toEqual(['2.000e+5', '3.000e+5', '4.000e+5']);
    // the widest y label still starts inside the svg, right of the rotated "predicted"
    const svg = container.querySelector('svg')!;
    const title = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'predicted')!;
    const box = (e: Element) => e.getBoundingClientRect();
    for (const label of labels('y')) {
      expect(box(label).left).toBeGreaterThan(box(title).right);
      expect(box(label).left).toBeGreaterThanOrEqual(box(svg).left);
    }
    // seven ticks from 1e-4 to 4e-4: the actual axis writes every third, none overlapping
    const tiny = await drawn([0.0001, 0.0004], [0.0002, 0.0003]);
    expect(tiny.labels('y').length).toBe(7);
    const xs = tiny.labels('x');
    expect(xs.map((t) => t.textContent)).toEqual(['1.000e-4', '2.500e-4', '4.000e-4']);
    for (let i = 1; i < xs.length; i++) {
      expect(box(xs[i]).left).toBeGreaterThan(box(xs[i - 1]).right);
    }
  });

  it('writes the ticks of a hair-thin range apart, not the same number five times', async () => {
    // One training row, target 2, fitted to within 1e-7: every tick of both axes read "2"
    const { labels } = await drawn([2], [2.0000000889]);
    const text = labels('y').map((t) => t.textContent!);
    expect(text.length).toBeGreaterThan(1);
    expect(new Set(text).size).toBe(text.length);
    for (const t of text) expect(Math.abs(Number(t) - 2)).toBeLessThan(1e-6);
  });

  it('draws its labels in --muted, which reads on a panel in the light and the dark theme', async () => {
    const { labels } = await drawn([1, 2, 3], [1, 2, 3]);
    const page = getComputedStyle(document.documentElement);
    const fill = parseColour(getComputedStyle(labels('y')[0]).fill);
    expect(fill).toEqual(parseColour(page.getPropertyValue('--muted')));
    for (const { theme, get } of palettes()) {
      const ratio = contrast(parseColour(get('--muted'))!, parseColour(get('--panel'))!);
      expect(ratio, `${theme} --muted on --panel`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
