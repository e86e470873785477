import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { DatasetSummary } from '../../core/types';
import App from '../App.svelte';
import { FakeApi, FINISHED, epochs } from '../test/fake-api';

/** 64 numeric pixel columns and a 10-class digit: a wide input layer. */
const DIGITS: DatasetSummary = {
  name: 'digits.csv',
  rows: 1797,
  columns: [
    ...Array.from({ length: 64 }, (_, i) => ({
      name: `px${i}`,
      kind: 'numeric' as const,
      missing: 0,
      min: 0,
      max: 16,
      mean: 4,
      distinct: 17,
    })),
    { name: 'digit', kind: 'text', missing: 0, min: null, max: null, mean: null, distinct: 10 },
  ],
  preview: [],
  suggestedRoles: [...Array.from({ length: 64 }, () => 'input' as const), 'target'],
};

describe('the network drawing', () => {
  it('draws a sample of a wide layer, says so, and colours trained weights by sign', async () => {
    const api = new FakeApi();
    api.dataset = DIGITS;
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('button', { name: 'Add layer' }).click();
    const diagram = screen.getByRole('group', { name: /Network diagram: 64–8–10 units/ });
    await expect.element(diagram).toBeVisible();
    await expect.element(page.getByText('Input layer: 12 of 64 units drawn.')).toBeVisible();
    expect(diagram.element().querySelectorAll('line.untrained')).toHaveLength(12 * 8 + 8 * 10);

    // Trained: w_{i,j} = +1 from even input units, −1 from odd ones; output weights 0.5.
    api.snapshot = {
      topology: [64, 8, 10],
      activations: ['tanh', 'softmax'],
      weights: [
        Array.from({ length: 64 }, (_, i) =>
          Array.from({ length: 8 }, () => (i % 2 === 0 ? 1 : -1)),
        ),
        Array.from({ length: 8 }, () => Array.from({ length: 10 }, () => 0.5)),
      ],
      biases: [Array(8).fill(0), Array(10).fill(0)],
    };
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished(FINISHED);
    const trained = screen.getByRole('group', { name: /coloured by trained weights/ });
    await expect.element(trained).toBeVisible();
    const svg = trained.element();
    // sampled inputs 0, 6, 11, 17, 23, 29, 34, 40, 46, 52, 57, 63: six even, six odd
    expect(svg.querySelectorAll('line.positive')).toHaveLength(6 * 8 + 8 * 10);
    expect(svg.querySelectorAll('line.negative')).toHaveLength(6 * 8);
    const widths = [...svg.querySelectorAll('line')].map((l) =>
      Number(l.getAttribute('stroke-width')),
    );
    expect(Math.max(...widths)).toBeCloseTo(4.4); // |w| = max → widest
    expect(Math.min(...widths)).toBeCloseTo(2.4); // |w| = max / 2
  });
});
