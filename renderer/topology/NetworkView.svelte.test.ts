import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { NetworkSnapshot } from '../../app/shared/api';
import type { ColumnSummary, DatasetSummary } from '../../core/types';
import App from '../App.svelte';
import { FakeApi, FINISHED, IRIS_SUMMARY, epochs } from '../test/fake-api';

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

const numeric = (name: string): ColumnSummary => ({
  name,
  kind: 'numeric',
  missing: 0,
  min: 0,
  max: 10,
  mean: 5,
  distinct: 50,
});
const text = (name: string, categories: string[]): ColumnSummary => ({
  name,
  kind: 'text',
  missing: 0,
  min: null,
  max: null,
  mean: null,
  distinct: categories.length,
  categories,
});

/** A network of these sizes with every weight 0.5. */
function snapshotOf(topology: number[]): NetworkSnapshot {
  return {
    topology,
    activations: topology.slice(1).map(() => 'sigmoid' as const),
    weights: topology
      .slice(1)
      .map((n, l) => Array.from({ length: topology[l] }, () => Array<number>(n).fill(0.5))),
    biases: topology.slice(1).map((n) => Array<number>(n).fill(0)),
  };
}

async function drawn(dataset: DatasetSummary) {
  const api = new FakeApi();
  api.dataset = dataset;
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByRole('group', { name: /Network diagram/ })).toBeVisible();
  return { api, screen };
}

/** Each layer's caption under the drawing, line by line. */
function captionsOf(svg: Element): string[][] {
  return [...svg.querySelectorAll('text.caption')].map((t) =>
    [...t.querySelectorAll('tspan')].map((line) => line.textContent ?? ''),
  );
}

describe('the layer captions', () => {
  it('fit between the layers of a deep network, each line apart from its neighbours', async () => {
    const { screen } = await drawn(IRIS_SUMMARY);
    const add = screen.getByRole('button', { name: 'Add layer' });
    for (let k = 0; k < 8; k++) await add.click();
    const activation = screen.getByRole('combobox', { name: 'Activation' });
    for (let k = 0; k < 8; k++) await activation.nth(k).selectOptions('leaky-relu');
    await screen.getByRole('spinbutton', { name: 'Units' }).first().fill('4096');
    await userEvent.keyboard('{Tab}');
    const svg = screen
      .getByRole('group', { name: /Network diagram: 4–4096–8–8–8–8–8–8–8–3 units/ })
      .element();
    expect(captionsOf(svg)).toEqual([
      ['4'],
      ['4096', 'leaky-relu'],
      ...Array.from({ length: 7 }, () => ['8', 'leaky-relu']),
      ['3', 'softmax'],
    ]);
    const captions = [...svg.querySelectorAll('text.caption')];
    for (const line of [0, 1]) {
      const boxes = captions
        .map((t) => t.querySelectorAll('tspan')[line]?.getBoundingClientRect())
        .filter((box) => box !== undefined);
      for (let k = 1; k < boxes.length; k++)
        expect(boxes[k].left).toBeGreaterThan(boxes[k - 1].right);
    }
    // still written at a readable size, and under the neurons
    const neurons = [...svg.querySelectorAll('circle')].map((c) => c.getBoundingClientRect());
    const bottom = Math.max(...neurons.map((n) => n.bottom));
    for (const t of captions) {
      expect(parseFloat(getComputedStyle(t).fontSize)).toBeGreaterThanOrEqual(7);
      expect(t.getBoundingClientRect().top).toBeGreaterThan(bottom);
    }
  });
});

describe('the neurons of the drawing, by name', () => {
  it('names inputs by feature (a number, a one-hot unit) and outputs by class', async () => {
    const { screen } = await drawn({
      name: 'flowers.csv',
      rows: 100,
      columns: [
        numeric('petal_length'),
        text('colour', ['red', 'blue']),
        text('species', ['setosa', 'versicolor', 'virginica']),
      ],
      preview: [],
      suggestedRoles: ['input', 'input', 'target'],
    });
    for (const name of [
      'Input layer, unit 1: petal_length',
      'Input layer, unit 2: colour=red',
      'Input layer, unit 3: colour=blue',
      'Output layer, unit 2: versicolor',
    ]) {
      const neuron = screen.getByRole('button', { name, exact: true });
      await expect.element(neuron).toBeVisible();
      expect(neuron.element().querySelector('title')?.textContent).toBe(name);
    }
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await expect
      .element(screen.getByRole('button', { name: 'Hidden layer 1, unit 1', exact: true }))
      .toBeVisible();
    await screen.getByRole('button', { name: 'Input layer, unit 2: colour=red' }).click();
    await expect
      .element(screen.getByText('Selected: neuron 2 of layer 1: colour=red'))
      .toBeVisible();
  });

  it('names the output of a regression by its target column', async () => {
    const { screen } = await drawn({
      name: 'diabetes.csv',
      rows: 100,
      columns: [numeric('age'), numeric('bmi'), numeric('progression')],
      preview: [],
      suggestedRoles: ['input', 'input', 'target'],
    });
    await expect
      .element(
        screen.getByRole('button', { name: 'Output layer, unit 1: progression', exact: true }),
      )
      .toBeVisible();
    await expect
      .element(screen.getByRole('button', { name: 'Input layer, unit 2: bmi', exact: true }))
      .toBeVisible();
  });

  it("numbers classes it does not know, then takes the trained classifier's labels", async () => {
    // The summary lists no species (more than a one-hot input may have, say): numbered.
    const { api, screen } = await drawn(IRIS_SUMMARY);
    await expect
      .element(screen.getByRole('button', { name: 'Output layer, unit 2', exact: true }))
      .toBeVisible();
    api.snapshot = snapshotOf([4, 3, 3]);
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished(FINISHED);
    await expect.element(screen.getByRole('group', { name: /trained weights/ })).toBeVisible();
    await expect
      .element(
        screen.getByRole('button', { name: 'Output layer, unit 2: versicolor', exact: true }),
      )
      .toBeVisible();
    await expect
      .element(screen.getByRole('button', { name: 'Input layer, unit 3: petal_length_cm' }))
      .toBeVisible();
  });

  it('numbers the units of a trained layer whose width is not the number of names', async () => {
    const { api, screen } = await drawn(IRIS_SUMMARY);
    // A reopened project whose file changed: the network has 5 inputs, the dataset names 4.
    api.snapshot = snapshotOf([5, 3, 3]);
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished(FINISHED);
    await expect
      .element(screen.getByRole('group', { name: /Network diagram: 5–3–3 units/ }))
      .toBeVisible();
    await expect
      .element(screen.getByRole('button', { name: 'Input layer, unit 3', exact: true }))
      .toBeVisible();
    // Its three outputs are the three classes it was trained on.
    await expect
      .element(screen.getByRole('button', { name: 'Output layer, unit 3: virginica', exact: true }))
      .toBeVisible();
  });
});

describe('the names written beside the input and output neurons', () => {
  const LONG = 'mean radius of the cell nuclei (µm)';
  const flowers: DatasetSummary = {
    name: 'flowers.csv',
    rows: 100,
    columns: [
      numeric('petal_length'),
      numeric(LONG),
      text('colour', ['red', 'blue']),
      text('species', ['setosa', 'versicolor', 'a class label far too long to show']),
    ],
    preview: [],
    suggestedRoles: ['input', 'input', 'input', 'target'],
  };

  /** The labels of the drawing, each with its box and that of its neuron, on screen. */
  function labelsOf(svg: Element) {
    return [...svg.querySelectorAll('g.units')].flatMap((g) =>
      [...g.querySelectorAll('text.unit-name')].map((t) => ({
        text: t.textContent?.replace(t.querySelector('title')?.textContent ?? '', ''),
        title: t.querySelector('title')?.textContent ?? null,
        box: t.getBoundingClientRect(),
        /** In the drawing's own units, to hold against its viewBox. */
        own: (t as SVGTextElement).getBBox(),
        neuron: (t.previousElementSibling as SVGCircleElement).getBoundingClientRect(),
        neuronName: t.previousElementSibling?.getAttribute('aria-label'),
      })),
    );
  }

  it('writes inputs left of their neurons and outputs right, inside the drawing', async () => {
    const { screen } = await drawn(flowers);
    const svg = screen.getByRole('group', { name: /Network diagram: 4–3 units/ }).element();
    const labels = labelsOf(svg);
    expect(labels.map((l) => l.text)).toEqual([
      'petal_length',
      'mean radius of th…',
      'colour=red',
      'colour=blue',
      'setosa',
      'versicolor',
      'a class label far…',
    ]);
    // a shortened name keeps its whole name in its tooltip (and its neuron's)
    expect(labels[1].title).toBe(LONG);
    expect(labels[1].neuronName).toBe(`Input layer, unit 2: ${LONG}`);
    expect(labels[0].title).toBeNull();
    const frame = (svg as SVGSVGElement).viewBox.baseVal;
    for (const [k, l] of labels.entries()) {
      const input = k < 4;
      // beside its neuron, on its row, not over it, and not cut off by the drawing's edge
      if (input) expect(l.box.right).toBeLessThan(l.neuron.left);
      else expect(l.box.left).toBeGreaterThan(l.neuron.right);
      expect(
        Math.abs((l.box.top + l.box.bottom) / 2 - (l.neuron.top + l.neuron.bottom) / 2),
      ).toBeLessThan(2);
      expect(l.own.x).toBeGreaterThanOrEqual(frame.x);
      expect(l.own.x + l.own.width).toBeLessThanOrEqual(frame.x + frame.width);
    }
    // rows apart: no label overprints the next
    for (let k = 1; k < 4; k++) expect(labels[k].box.top).toBeGreaterThan(labels[k - 1].box.bottom);
    // the layer captions stay under the drawing: units, then the activation below
    await expect.element(page.getByText('4', { exact: true })).toBeVisible();
    expect(captionsOf(svg)).toEqual([['4'], ['3', 'softmax']]);
  });

  it('writes no names in a layer drawn as a sample of its units', async () => {
    const { api, screen } = await drawn(DIGITS);
    await expect.element(page.getByText('Input layer: 12 of 64 units drawn.')).toBeVisible();
    const svg = screen.getByRole('group', { name: /Network diagram: 64–10 units/ }).element();
    expect(labelsOf(svg)).toEqual([]);
    // trained, the classifier names its ten outputs; the pixels stay unlabelled
    const pixels = Array.from({ length: 64 }, (_, i) => `px${i}`);
    const digits = '0123456789'.split('');
    api.snapshot = { ...snapshotOf([64, 10]), names: { inputs: pixels, outputs: digits } };
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished(FINISHED);
    const trained = screen.getByRole('group', { name: /trained weights/ });
    await expect.element(trained).toBeVisible();
    await expect.poll(() => labelsOf(trained.element()).map((l) => l.text)).toEqual(digits);
  });
});

describe('the drawing from the keyboard', () => {
  /** A trained 4-3-3 network: w_{i,j}⁽²⁾ = 0.1 i + 0.01 j, w_{i,j}⁽³⁾ = −(0.1 i + 0.01 j). */
  function trained(): NetworkSnapshot {
    const w = (i: number, j: number) => 0.1 * (i + 1) + 0.01 * (j + 1);
    const snapshot = snapshotOf([4, 3, 3]);
    snapshot.weights = [
      Array.from({ length: 4 }, (_, i) => Array.from({ length: 3 }, (_, j) => w(i, j))),
      Array.from({ length: 3 }, (_, i) => Array.from({ length: 3 }, (_, j) => -w(i, j))),
    ];
    return snapshot;
  }
  const tabStops = (svg: Element) => [...svg.querySelectorAll('[tabindex="0"]')];

  it('is one Tab stop whose arrow keys walk neurons and connections, announcing each', async () => {
    const { api, screen } = await drawn(IRIS_SUMMARY);
    api.snapshot = trained();
    await screen.getByRole('button', { name: 'Start training' }).click();
    // Paused mid-run: Escape would stop it, were it not the drawing's.
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'paused' });
    const drawing = screen.getByRole('group', { name: /trained weights/ });
    await expect.element(drawing).toBeVisible();
    const svg = drawing.element();
    const first = screen.getByRole('button', { name: /^Input layer, unit 1/ });
    expect(tabStops(svg)).toEqual([first.element()]);

    (first.element() as SVGElement).focus();
    await userEvent.keyboard('{ArrowDown}');
    const input2 = screen.getByRole('button', { name: /^Input layer, unit 2/ });
    await expect.element(input2).toHaveFocus();
    // → takes its first outgoing connection, ↓ the next, each named and valued
    await userEvent.keyboard('{ArrowRight}');
    await expect
      .element(
        screen.getByRole('button', {
          name: 'Connection w₂,₁⁽²⁾ = 0.21, from unit 2 of layer 1 to unit 1 of layer 2',
          exact: true,
        }),
      )
      .toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    const w22 = screen.getByRole('button', { name: 'Connection w₂,₂⁽²⁾ = 0.22', exact: false });
    await expect.element(w22).toHaveFocus();
    expect(tabStops(svg)).toEqual([w22.element()]);
    // Enter selects it, as a click does
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByText('Selected: w₂,₂⁽²⁾')).toBeVisible();
    expect(w22.element().classList.contains('selected')).toBe(true);
    // Escape goes back to the neuron, and does not stop the paused run
    await userEvent.keyboard('{Escape}');
    await expect.element(input2).toHaveFocus();
    expect(api.calls).not.toContain('stop');

    // → → walks on to the hidden neuron; ← takes its incoming connections, ↓ the next of them
    await userEvent.keyboard('{ArrowRight}{ArrowDown}{ArrowRight}');
    const hidden2 = screen.getByRole('button', { name: 'Hidden layer 1, unit 2', exact: true });
    await expect.element(hidden2).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}{End}');
    await expect
      .element(screen.getByRole('button', { name: 'Connection w₄,₂⁽²⁾ = 0.42', exact: false }))
      .toHaveFocus();
    await userEvent.keyboard('{Escape}{ArrowRight}{ArrowUp}');
    await expect
      .element(screen.getByRole('button', { name: 'Connection w₂,₁⁽³⁾ = -0.21', exact: false }))
      .toHaveFocus();
    await userEvent.keyboard('{ArrowRight} ');
    await expect.element(screen.getByText(/Selected: neuron 1 of layer 3/)).toBeVisible();

    // Tab leaves the drawing: the rest of it is out of the Tab order
    await userEvent.tab();
    expect(svg.contains(document.activeElement)).toBe(false);
    await userEvent.tab({ shift: true });
    await expect
      .element(screen.getByRole('button', { name: /^Output layer, unit 1/ }))
      .toHaveFocus();
    // on a neuron, Escape is the app's again: it stops the run
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => api.calls).toContain('stop');
  });
});
