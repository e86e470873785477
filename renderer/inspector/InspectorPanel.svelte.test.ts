// The inspector as a user sees it, against the engine: the host here is the real engine in the
// page (EngineHost), and every number read from the panel is compared with the engine's forward
// cache and backprop on the seed's 3-3-2 case, where each value can also be checked by hand.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import full from '../../core/fixtures/golden/sigmoid-4-8-3-full-batch.json';
import golden from '../../core/fixtures/golden/seed-3-3-2-single-sample.json';
import { inspectRow } from '../../app/utility/inspect';
import InspectorPanel from './InspectorPanel.svelte';
import { GradientCheckState } from './gradient-check.svelte';
import { InspectorState } from './inspector.svelte';
import type { UnitNames } from '../topology/unit-names';
import { EngineHost } from './testing/engine-api';
// the theme's colours (the gradient check's pass rows are --ok), as the app has them
import '../app.css';

const seed = () =>
  new EngineHost({
    topology: golden.topology,
    activations: golden.activations as ['sigmoid', 'sigmoid'],
    loss: 'mse',
    init: golden.init,
    data: golden.data,
    learningRate: golden.optimizer.lr,
    batchSize: 0,
  });

/** The numbers of one quantity's grid as displayed (full precision from data-value). */
function shown(container: HTMLElement, id: string, layer: number, attr = 'value'): number[] {
  const card = container.querySelector(`[data-quantity="${id}"][data-layer="${layer}"]`);
  if (!card) throw new Error(`no ${id} of layer ${layer} on the page`);
  return [...card.querySelectorAll('td')].map((td) => Number(td.dataset[attr]));
}

/** The engine's own inspection of row 0 for the host's current parameters. */
function engine(host: EngineHost) {
  return inspectRow(
    { net: host.net, X: host.X, Y: host.Y, learningRate: 0.5, batchSize: 0, l2: 0 },
    { row: 0, batchMean: false },
  );
}

async function opened(names?: UnitNames) {
  const host = seed();
  const inspector = new InspectorState(host);
  const check = new GradientCheckState(host);
  inspector.live = false;
  inspector.layer = 3;
  const screen = await render(InspectorPanel, { props: { inspector, check, names } });
  await inspector.pick(0);
  await expect.element(screen.getByText('Row 0 of 1', { exact: false })).toBeVisible();
  return { host, inspector, check, screen };
}

describe('InspectorPanel on the seed 3-3-2 network', () => {
  it('shows every quantity of the output layer as the engine computed it', async () => {
    const { host, screen } = await opened();
    const e = engine(host);
    const c = screen.container;
    expect(shown(c, 'W', 3)).toEqual(e.network.weights[1].flat());
    expect(shown(c, 'theta', 3)).toEqual(e.network.biases[1]);
    expect(shown(c, 'z', 3)).toEqual(e.z[2]);
    expect(shown(c, 'a', 3)).toEqual(e.a[2]);
    expect(shown(c, 'gPrime', 3)).toEqual(e.gPrime[2]);
    expect(shown(c, 'delta', 3)).toEqual(e.delta[2]);
    expect(shown(c, 'dW', 3)).toEqual(e.dW[1].flat());
    expect(shown(c, 'dTheta', 3)).toEqual(e.dTheta[1]);
    expect(shown(c, 'x', 1)).toEqual(golden.data.x[0]);
    // By hand: δ⁽³⁾ = (a − y) ⊙ a(1 − a); ∂C/∂W⁽³⁾ = a⁽²⁾δ⁽³⁾ᵀ equals PyTorch's gradient
    const a3 = shown(c, 'a', 3);
    const y = golden.data.y[0];
    shown(c, 'delta', 3).forEach((d, k) =>
      expect(d).toBeCloseTo((a3[k] - y[k]) * a3[k] * (1 - a3[k]), 14),
    );
    shown(c, 'dW', 3).forEach((g, i) =>
      expect(g).toBeCloseTo(golden.expected.gradients.weights[1].flat()[i], 12),
    );
    const cost = c.querySelector<HTMLElement>('[data-quantity="cost"]');
    expect(Number(cost?.dataset.value)).toBeCloseTo(golden.expected.initialLoss, 12);
  });

  it('refuses a row that is no training row, naming the field, and keeps the row shown', async () => {
    const { screen } = await opened();
    const row = screen.getByRole('spinbutton', { name: 'Row' });
    for (const typed of ['-1', '1', '2.5', '']) {
      await row.fill(typed);
      row.element().dispatchEvent(new Event('change', { bubbles: true }));
      await expect
        .element(screen.getByRole('alert'))
        .toHaveTextContent(
          'Inspector: Row must be a whole number from 0 to 0 (the training rows).',
        );
      await expect.element(screen.getByText('Row 0 of 1', { exact: false })).toBeVisible();
    }
  });

  it('typesets the formulas with KaTeX, each with its shape', async () => {
    const { screen } = await opened();
    const c = screen.container;
    const tex = [...c.querySelectorAll('annotation[encoding="application/x-tex"]')].map(
      (a) => a.textContent,
    );
    expect(tex).toContain("\\delta^{(3)} = (a^{(3)} - y) \\odot g'(z^{(3)})");
    expect(tex).toContain('z^{(3)} = W^{(3)\\top} a^{(2)} + \\theta^{(3)}');
    expect(tex).toContain('\\frac{\\partial C}{\\partial W^{(3)}} = a^{(2)}\\,\\delta^{(3)\\top}');
    expect(c.querySelectorAll('.katex-html').length).toBeGreaterThan(8);
    await expect
      .element(screen.getByRole('grid', { name: 'W⁽³⁾, 3 × 2', exact: true }))
      .toBeVisible();
    await expect
      .element(screen.getByRole('grid', { name: 'δ⁽³⁾, 2 × 1', exact: true }))
      .toBeVisible();
    const td = c.querySelector('[data-quantity="W"] td');
    expect(td?.getAttribute('title')).toMatch(/^w₁,₁⁽³⁾ = -0\.350143791171089$/);
  });

  it('steps once and shows the weights moved by −α·∂C/∂W, and the update it predicted', async () => {
    const { host, screen } = await opened();
    const c = screen.container;
    const W = shown(c, 'W', 3);
    const dW = shown(c, 'dW', 3);
    const update = shown(c, 'update', 3);
    await screen.getByRole('button', { name: 'Step epoch' }).click();
    await expect.element(screen.getByText('(was 0.123816)')).toBeVisible();
    const after = shown(c, 'W', 3);
    after.forEach((w, i) => expect(w).toBeCloseTo(W[i] - 0.5 * dW[i], 14));
    after.forEach((w, i) => expect(w).toBeCloseTo(update[i], 14));
    expect(after).toEqual(Array.from(host.net.W[1]));
    shown(c, 'W', 3, 'change').forEach((d, i) => expect(d).toBeCloseTo(-0.5 * dW[i], 14));
    const cost = c.querySelector<HTMLElement>('[data-quantity="cost"]');
    expect(Number(cost?.dataset.value)).toBeCloseTo(golden.expected.lossPerEpoch[0], 12);
  });

  it('keeps the changes of the last step when a live refresh follows it', async () => {
    const { host, inspector, screen } = await opened();
    const c = screen.container;
    const dW = shown(c, 'dW', 3);
    inspector.live = true;
    const stop = inspector.follow();
    await screen.getByRole('button', { name: 'Step epoch' }).click();
    host.progress(); // the host reports the step it just ran
    await new Promise((r) => setTimeout(r, 400));
    expect(host.calls.filter((x) => x === 'inspect').length).toBeGreaterThanOrEqual(3);
    shown(c, 'W', 3, 'change').forEach((d, i) => expect(d).toBeCloseTo(-0.5 * dW[i], 14));
    stop();
  });

  it('writes out a selected connection: value, a_i δ_j with the numbers, change at the last step', async () => {
    const { host, inspector, screen } = await opened();
    const before = engine(host);
    await screen.getByRole('button', { name: 'Step epoch' }).click();
    await expect.element(screen.getByText('(was 0.123816)')).toBeVisible();
    const now = engine(host);
    inspector.selection.select({ kind: 'connection', layer: 1, from: 2, to: 1 });
    const detail = screen.getByRole('region', { name: 'Connection w₃,₂⁽³⁾' });
    await expect.element(detail).toBeVisible();
    const values = [...detail.element().querySelectorAll('dd')].map((d) =>
      Number((d as HTMLElement).dataset.value),
    );
    expect(values[0]).toBe(now.network.weights[1][2][1]);
    expect(values[1]).toBe(now.dW[1][2][1]);
    expect(values[2]).toBeCloseTo(-0.5 * before.dW[1][2][1], 14);
    await expect.element(detail).toHaveTextContent('∂C/∂w₃,₂⁽³⁾ = a₃⁽²⁾ · δ₂⁽³⁾ =');
  });

  it('writes out a selected neuron: z, a, g′, δ and θ from the engine', async () => {
    const { host, inspector, screen } = await opened();
    const e = engine(host);
    inspector.selection.select({ kind: 'neuron', layer: 1, unit: 2 });
    const detail = screen.getByRole('region', { name: 'Neuron 3 of layer 2' });
    await expect.element(detail).toBeVisible();
    const values = [...detail.element().querySelectorAll('dd')].map((d) =>
      Number((d as HTMLElement).dataset.value),
    );
    expect(values).toEqual([
      e.z[1][2],
      e.a[1][2],
      e.gPrime[1][2],
      e.delta[1][2],
      e.network.biases[0][2],
    ]);
    expect(inspector.layer).toBe(2);
    await expect.element(detail).toHaveTextContent('δ₃⁽²⁾ = ∂C/∂θ₃⁽²⁾ =');
  });

  it('names input neurons by feature and output neurons by class; hidden ones by number', async () => {
    const { inspector, screen } = await opened({
      inputs: ['petal_length', 'colour=red', 'colour=blue'],
      outputs: ['setosa', 'versicolor'],
    });
    const x = screen.container.querySelectorAll('[data-quantity="x"] td');
    expect(x[1].getAttribute('title')).toMatch(/^x₂ \(colour=red\) = /);
    const y = screen.container.querySelectorAll('[data-quantity="y"] td');
    expect(y[1].getAttribute('title')).toMatch(/^y₂ \(versicolor\) = /);
    inspector.selection.select({ kind: 'neuron', layer: 0, unit: 1 });
    const input = screen.getByRole('region', { name: 'Input neuron 2: colour=red', exact: true });
    await expect.element(input).toHaveTextContent('x₂ = a₂⁽¹⁾ = -0.550891');
    inspector.selection.select({ kind: 'neuron', layer: 2, unit: 1 });
    await expect
      .element(screen.getByRole('region', { name: 'Neuron 2 of layer 3: versicolor', exact: true }))
      .toBeVisible();
    inspector.selection.select({ kind: 'neuron', layer: 1, unit: 0 });
    await expect
      .element(screen.getByRole('region', { name: 'Neuron 1 of layer 2', exact: true }))
      .toBeVisible();
  });

  it('numbers the input neurons when the names do not fit the layer, and names the outputs', async () => {
    const { inspector, screen } = await opened({
      inputs: ['petal_length', 'petal_width'],
      outputs: ['setosa', 'versicolor'],
    });
    const x = screen.container.querySelectorAll('[data-quantity="x"] td');
    expect(x[1].getAttribute('title')).toMatch(/^x₂ = /);
    inspector.selection.select({ kind: 'neuron', layer: 0, unit: 1 });
    await expect
      .element(screen.getByRole('region', { name: 'Input neuron 2', exact: true }))
      .toBeVisible();
    inspector.selection.select({ kind: 'neuron', layer: 2, unit: 0 });
    await expect
      .element(screen.getByRole('region', { name: 'Neuron 1 of layer 3: setosa', exact: true }))
      .toBeVisible();
  });

  it('shows every layer at once with "All layers", δ⁽²⁾ from δ⁽³⁾ as the engine computed it', async () => {
    const { host, screen } = await opened();
    const e = engine(host);
    await screen.getByRole('combobox', { name: 'Layer' }).selectOptions('All layers');
    const c = screen.container;
    await expect.element(screen.getByRole('heading', { name: 'Layer 2 (hidden)' })).toBeVisible();
    expect(shown(c, 'delta', 2)).toEqual(e.delta[1]);
    expect(shown(c, 'delta', 3)).toEqual(e.delta[2]);
    // δ⁽²⁾ = (W⁽³⁾δ⁽³⁾) ⊙ g′(z⁽²⁾), read off the page
    const W3 = shown(c, 'W', 3);
    const d3 = shown(c, 'delta', 3);
    const g2 = shown(c, 'gPrime', 2);
    shown(c, 'delta', 2).forEach((d, j) =>
      expect(d).toBeCloseTo((W3[2 * j] * d3[0] + W3[2 * j + 1] * d3[1]) * g2[j], 15),
    );
  });

  it('follows training at most 4 times a second, and not when frozen', async () => {
    const { host, inspector } = await opened();
    host.calls.length = 0;
    inspector.live = false;
    const frozen = inspector.follow();
    await new Promise((r) => setTimeout(r, 50));
    frozen();
    expect(host.calls).toEqual([]); // frozen: not even at the start
    inspector.live = true;
    const stop = inspector.follow();
    // Following starts with the weights as they are now (trained while nobody followed)…
    await new Promise((r) => setTimeout(r, 50));
    expect(host.calls.filter((c) => c === 'inspect').length).toBe(1);
    // …then 20 reports make one refresh, LIVE_INTERVAL_MS after it.
    for (let i = 0; i < 20; i++) host.progress();
    await new Promise((r) => setTimeout(r, 300));
    expect(host.calls.filter((c) => c === 'inspect').length).toBe(2);
    inspector.live = false;
    for (let i = 0; i < 5; i++) host.progress();
    await new Promise((r) => setTimeout(r, 300));
    expect(host.calls.filter((c) => c === 'inspect').length).toBe(2);
    stop();
  });

  it('runs the gradient check and shows a green pass per layer with ε', async () => {
    const { screen } = await opened();
    await screen.getByRole('button', { name: 'Run gradient check' }).click();
    const result = screen.getByRole('table', { name: 'Gradient check result' });
    await expect.element(result).toBeVisible();
    const rows = [...result.element().querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.querySelector('th')?.textContent)).toEqual([
      'W⁽²⁾, θ⁽²⁾',
      'W⁽³⁾, θ⁽³⁾',
    ]);
    for (const row of rows) {
      expect(row.classList.contains('ok')).toBe(true);
      expect(getComputedStyle(row.querySelector('td')!).backgroundColor).toBe('rgb(26, 127, 55)');
    }
    await expect
      .element(screen.getByText('Backprop agrees with finite differences', { exact: false }))
      .toHaveTextContent('ε = 0.00001');
    await page.screenshot({ path: '../../test-results/inspector-panel.png' });
  });
});

describe('InspectorPanel on wider data', () => {
  const twentyRows = () =>
    new EngineHost({
      topology: full.topology,
      activations: full.activations as ['sigmoid', 'sigmoid'],
      loss: 'mse',
      init: full.init,
      data: full.data,
      learningRate: full.optimizer.lr,
      batchSize: 0,
    });

  it('reads the Row typed as a decimal number only, and steps it with the arrow keys', async () => {
    const inspector = new InspectorState(twentyRows());
    inspector.live = false;
    const screen = await render(InspectorPanel, { props: { inspector } });
    await inspector.pick(0);
    const row = screen.getByRole('spinbutton', { name: 'Row' });
    const type = async (text: string) => {
      await row.fill(text);
      row.element().dispatchEvent(new Event('change', { bubbles: true }));
    };
    // Number() would take "0x10" for row 16
    await type('0x10');
    await expect
      .element(screen.getByRole('alert'))
      .toHaveTextContent(
        'Inspector: Row must be a decimal number (digits, a point, an exponent as in 1e-3), not "0x10".',
      );
    await expect.element(screen.getByText('Row 0 of 20', { exact: false })).toBeVisible();
    await type(' 1.6e1 ');
    await expect.element(screen.getByText('Row 16 of 20', { exact: false })).toBeVisible();
    await expect.element(screen.getByRole('alert')).not.toBeInTheDocument();
    await expect.element(row).toHaveAttribute('aria-valuenow', '16');
    await userEvent.click(row);
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    await expect.element(screen.getByText('Row 18 of 20', { exact: false })).toBeVisible();
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    await expect.element(screen.getByText('Row 19 of 20', { exact: false })).toBeVisible();
    await expect.element(row).toHaveValue('19');
  });

  it('jumps to the worst-predicted row, the one of largest cost by the engine', async () => {
    const g = full;
    const host = twentyRows();
    const inspector = new InspectorState(host);
    inspector.live = false;
    const screen = await render(InspectorPanel, { props: { inspector } });
    await screen.getByRole('button', { name: 'Worst predicted' }).click();
    await expect.element(screen.getByText('(worst predicted)', { exact: false })).toBeVisible();
    const costs = g.data.x.map(
      (_, r) =>
        inspectRow(
          { net: host.net, X: host.X, Y: host.Y, learningRate: 0.5, batchSize: 0, l2: 0 },
          { row: r, batchMean: false },
        ).cost,
    );
    expect(inspector.current?.row).toBe(costs.indexOf(Math.max(...costs)));
    await expect
      .element(screen.getByText(`Row ${inspector.current?.row} of 20`, { exact: false }))
      .toBeVisible();
  });

  /** A 40-3-2 network with this W⁽²⁾ (40 × 3: wider than an inspection sends), frozen on layer 2. */
  async function wideLayer(W2: number[][]) {
    const n = W2.length;
    const host = new EngineHost({
      topology: [n, 3, 2],
      activations: ['tanh', 'sigmoid'],
      loss: 'mse',
      init: {
        weights: [W2, [0, 1, 2].map((i) => [Math.cos(i), Math.sin(i)])],
        biases: [
          [0, 0, 0],
          [0, 0],
        ],
      },
      data: { x: [Array.from({ length: n }, (_, i) => i / n)], y: [[0, 1]] },
      learningRate: 0.1,
      batchSize: 0,
    });
    const inspector = new InspectorState(host);
    inspector.live = false;
    const screen = await render(InspectorPanel, { props: { inspector } });
    await inspector.pick(0);
    inspector.layer = 2;
    const W = screen.getByRole('grid', { name: 'W⁽²⁾, 40 × 3', exact: true });
    await expect.element(W).toBeVisible();
    return { inspector, screen, W };
  }

  it('shows the first 32 of 40 inputs of a wide layer and says so', async () => {
    const n = 40;
    const { screen, W } = await wideLayer(
      Array.from({ length: n }, (_, i) => [0, 1, 2].map((j) => Math.sin(i * 3 + j) / 10)),
    );
    expect(W.element().querySelectorAll('tr')).toHaveLength(32);
    await expect
      .element(screen.getByText('Showing the first 32 of 40 rows and 3 of 3 columns.').first())
      .toBeVisible();
  });

  it('colours the rows sent on the whole matrix’s scale; a connection not sent says so', async () => {
    const n = 40;
    // |w| < 0.1 in the first 32 rows; the largest, 2, in row 40, which is not sent.
    const W2 = Array.from({ length: n }, (_, i) =>
      [0, 1, 2].map((j) => (i === n - 1 && j === 0 ? 2 : Math.sin(i * 3 + j) / 10)),
    );
    const { inspector, screen, W } = await wideLayer(W2);
    expect(inspector.current?.network.weights[0]).toEqual(W2.slice(0, 32));
    const cell = W.element().querySelectorAll('td')[1] as HTMLElement; // w₁,₂⁽²⁾ = sin(1)/10
    // the positive sign's tint, 8 % + 52 % of |w| / 2 (theme/sign.ts heatPercent)
    const [, sign, percent] = /var\(--(\w+)\) ([\d.]+)%/.exec(cell.style.backgroundColor)!;
    expect(sign).toBe('positive');
    expect(Number(percent)).toBeCloseTo(8 + (52 * Math.sin(1)) / 10 / 2, 1);

    inspector.selection.select({ kind: 'connection', layer: 0, from: n - 1, to: 0 });
    const detail = screen.getByRole('region', { name: 'Connection w₄₀,₁⁽²⁾' });
    await expect
      .element(detail)
      .toHaveTextContent('not among the first 32 rows and 3 columns of the 40 × 3 W⁽²⁾');
    const a = detail.element().querySelectorAll('dd')[1] as HTMLElement;
    expect(Number(a.dataset.value)).toBe(inspector.current?.a[0][n - 1]);
  });
});
