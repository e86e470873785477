// The confusion matrix with many classes and long class labels: it stays readable.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import '../app.css';
import ConfusionMatrix from './ConfusionMatrix.svelte';

describe('ConfusionMatrix', () => {
  it('wraps long class labels in narrow columns, and keeps the row labels in view when scrolled', async () => {
    // Ten classes "class label that is really rather long indeed #k": each column was as wide as
    // its label (375 px, the table 4,100 px), and scrolling sideways to a column took the row
    // labels out of sight.
    const labels = Array.from(
      { length: 10 },
      (_, k) => `class label that is really rather long indeed #${k}`,
    );
    const confusion = labels.map((_, i) =>
      labels.map((_, j) => (i === j ? 5 : j === (i + 1) % 10 ? 1 : 0)),
    );
    const host = document.createElement('div');
    host.style.width = '700px';
    host.style.overflow = 'auto';
    document.body.append(host);
    const screen = await render(ConfusionMatrix, {
      target: host,
      props: {
        metrics: { kind: 'classification', accuracy: 0.83, labels, confusion },
        split: 'Test',
      },
    });
    const table = screen.getByRole('table', { name: 'Confusion matrix (Test)' });
    await expect.element(table).toBeVisible();
    const columns = [...table.element().querySelectorAll('thead th')].slice(1);
    expect(columns).toHaveLength(10);
    for (const th of columns) expect(th.getBoundingClientRect().width).toBeLessThanOrEqual(130);
    // every label is there whole, to read and for a screen reader
    expect(columns.map((th) => th.textContent)).toEqual(labels);
    // scrolled to the last column, the rows' labels still show at the left
    host.scrollLeft = host.scrollWidth;
    const rowLabel = table.element().querySelector('tbody th')!;
    expect(rowLabel.getBoundingClientRect().left).toBeGreaterThanOrEqual(
      host.getBoundingClientRect().left - 0.5,
    );
    host.remove();
  });
});
