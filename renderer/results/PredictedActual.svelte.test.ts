// The predicted-against-actual plot names the rows it draws: all of a small split, or the first
// 1,000 of a large one (the host sends at most 1,000), never the drawn rows as the split's size.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { PredictedActual as Data } from '../../app/shared/api';
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
