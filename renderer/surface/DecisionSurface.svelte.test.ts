// The decision surface drawn from the engine: XOR trained by the real Trainer in the page, then
// the canvas must hold pixels of both classes where the network predicts them.
import { describe, expect, it, vi } from 'vitest';
import type { SurfaceResult } from '../../app/shared/api';
import { SURFACE_MAX_POINTS } from '../../app/shared/sample-rows';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { EngineHost } from '../inspector/testing/engine-api';
import DecisionSurface from './DecisionSurface.svelte';
import { classColour, css } from './palette';
import { SurfaceState } from './surface.svelte';

/** The four corners of the unit square: the inputs of both networks below. */
const corners = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** XOR from fixed weights, trained for `epochs` full-batch epochs (800 learn it). */
function xor(epochs = 800): EngineHost {
  const host = new EngineHost({
    topology: [2, 2, 1],
    activations: ['tanh', 'sigmoid'],
    loss: 'mse',
    init: {
      weights: [
        [
          [0.5, -0.4],
          [-0.3, 0.6],
        ],
        [[0.7], [-0.5]],
      ],
      biases: [[0.1, -0.2], [0.05]],
    },
    data: {
      x: corners,
      y: [[0], [1], [1], [0]],
    },
    learningRate: 1,
    batchSize: 0,
  });
  for (let e = 0; e < epochs; e++) host.trainer.runEpoch();
  return host;
}

/** Pixels whose colour leans to class 0's orange, and to class 1's blue. */
function classPixels(canvas: HTMLCanvasElement): [number, number] {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let orange = 0;
  let blue = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, b] = [data[i], data[i + 2]];
    if (r - b > 30) orange++;
    else if (b - r > 30) blue++;
  }
  return [orange, blue];
}

/** Whether the plane predicts XOR at the four corners (the output of the cell holding each). */
function learnedXor(s: SurfaceResult): boolean {
  const at = (x: number, y: number) => {
    const c = Math.floor(((x - s.xRange[0]) / (s.xRange[1] - s.xRange[0])) * s.resolution);
    const r = Math.floor(((s.yRange[1] - y) / (s.yRange[1] - s.yRange[0])) * s.resolution);
    return s.outputs[0][r * s.resolution + c];
  };
  return corners.every(([x, y]) => at(x, y) >= 0.5 === (x !== y));
}

describe('DecisionSurface', () => {
  it('draws XOR with both classes on the plane and the four points on top', async () => {
    const host = xor();
    const surface = new SurfaceState(host);
    const screen = await render(DecisionSurface, {
      props: { surface, inputNames: ['x1', 'x2'] },
    });
    await surface.refresh();
    const canvas = screen.getByLabelText('Decision surface over x1 and x2, 4 training points');
    await expect.element(canvas).toBeVisible();
    const el = canvas.element() as HTMLCanvasElement;
    const [orange, blue] = classPixels(el);
    const total = el.width * el.height;
    expect(orange / total).toBeGreaterThan(0.1);
    expect(blue / total).toBeGreaterThan(0.1);
    // (0, 1) is class 1: the plane around it is blue; (0, 0) is class 0: orange
    const at = (x: number, y: number) => {
      const [cx, cy] = [
        ((x - surface.result!.xRange[0]) /
          (surface.result!.xRange[1] - surface.result!.xRange[0])) *
          el.width,
        ((surface.result!.yRange[1] - y) /
          (surface.result!.yRange[1] - surface.result!.yRange[0])) *
          el.height,
      ];
      // 8 pixels inwards from the point, on the plane rather than on the marker
      const px = el
        .getContext('2d')!
        .getImageData(Math.round(cx + (x < 0.5 ? 8 : -8)), Math.round(cy), 1, 1).data;
      return px[0] - px[2];
    };
    expect(at(0, 0)).toBeGreaterThan(30);
    expect(at(0, 1)).toBeLessThan(-30);
    await expect.element(screen.getByRole('list', { name: 'Classes' })).toHaveTextContent('01');
    await page.screenshot({ path: '../../test-results/decision-surface-xor.png' });
  });

  it('lets the user pick which of several numeric outputs colours the plane', async () => {
    const host = new EngineHost({
      topology: [2, 3, 2],
      activations: ['tanh', 'identity'],
      loss: 'mse',
      init: {
        weights: [
          [
            [0.5, -0.4, 0.2],
            [-0.3, 0.6, 0.1],
          ],
          [
            [1, -1],
            [0.5, 2],
            [-0.7, 0.3],
          ],
        ],
        biases: [
          [0, 0.1, -0.1],
          [0, 0],
        ],
      },
      data: {
        x: corners,
        y: [
          [1, 10],
          [2, 20],
          [3, 30],
          [4, 40],
        ],
      },
      learningRate: 0.1,
      batchSize: 0,
      labels: null,
    });
    const surface = new SurfaceState(host);
    const screen = await render(DecisionSurface, {
      props: { surface, inputNames: ['x1', 'x2'], outputNames: ['height', 'weight'] },
    });
    await surface.refresh();
    const legend = () =>
      screen.container
        .querySelector('figcaption .legend')!
        .textContent!.replace(/\s+/g, ' ')
        .trim();
    // lowest, middle, highest on the sign palette's key
    expect(legend()).toMatch(/^height: \S+ \S+ 4$/);
    await screen.getByRole('combobox', { name: 'Output' }).selectOptions('weight');
    await expect.poll(() => surface.result?.output).toBe(1);
    expect(surface.result!.points.map((p) => p.target)).toEqual([10, 20, 30, 40]);
    expect(legend()).toMatch(/^weight: \S+ \S+ 40$/);
  });

  it('offers no output picker for a classifier, and forgets an output picked on other data', async () => {
    const surface = new SurfaceState(xor());
    surface.output = 1;
    const screen = await render(DecisionSurface, { props: { surface, inputNames: ['x1', 'x2'] } });
    await surface.refresh();
    await expect
      .element(screen.getByLabelText('Decision surface over x1 and x2, 4 training points'))
      .toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Output' }).elements()).toHaveLength(0);
    expect(surface.output).toBe(0);
    expect(surface.error).toBeNull();
  });

  it('shows one small plane per hidden neuron on request', async () => {
    const host = xor();
    const surface = new SurfaceState(host);
    const screen = await render(DecisionSurface, {
      props: { surface, inputNames: ['x1', 'x2'] },
    });
    await surface.refresh();
    await screen.getByRole('checkbox', { name: 'Hidden neurons' }).click();
    await expect.element(screen.getByLabelText('Activation of neuron 2 of layer 2')).toBeVisible();
    await expect.element(screen.getByLabelText('Activation of neuron 1 of layer 2')).toBeVisible();
  });

  it('draws the trained network when first shown after a run it did not follow', async () => {
    // The example opened: the plane of the initial weights was fetched, the tab not yet shown.
    const host = xor(0);
    const surface = new SurfaceState(host);
    await surface.refresh();
    const untrained = surface.result!;
    expect(learnedXor(untrained)).toBe(false);
    for (let e = 0; e < 800; e++) host.trainer.runEpoch(); // trained, no one following
    const screen = await render(DecisionSurface, {
      props: { surface, inputNames: ['x1', 'x2'] },
    });
    await expect.poll(() => surface.result).not.toBe(untrained);
    const canvas = screen.getByLabelText('Decision surface over x1 and x2, 4 training points');
    await expect.element(canvas).toBeVisible();
    expect(learnedXor(surface.result!)).toBe(true);
    // once: a new result does not start following (and drawing) again
    const shown = surface.result;
    await new Promise((r) => setTimeout(r, 300));
    expect(surface.result).toBe(shown);
  });

  it('draws a bounded sample of a large set’s points, and says how many of how many', async () => {
    // 200,000 rows of three classes, all sent (a host that did not sample): 2,000 are drawn
    const rows = 200_000;
    const plane: SurfaceResult = {
      xRange: [0, rows],
      yRange: [0, 1],
      resolution: 2,
      outputs: [
        [0.9, 0.1, 0.1, 0],
        [0.1, 0.8, 0.1, 0],
        [0, 0.1, 0.8, 1],
      ],
      hidden: [],
      points: Array.from({ length: rows }, (_, r) => ({ x: r, y: (r % 97) / 97, target: r % 3 })),
      totalPoints: rows,
      labels: ['a', 'b', 'c'],
      output: 0,
    };
    const host = {
      decisionSurface: async () => plane,
      onProgress: () => () => {},
    };
    const surface = new SurfaceState(host);
    const arcs = vi.spyOn(Path2D.prototype, 'arc');
    const screen = await render(DecisionSurface, { props: { surface, inputNames: ['x', 'y'] } });
    await surface.refresh();
    await expect
      .element(
        screen.getByLabelText('Decision surface over x and y, 2,000 of 200,000 training points'),
      )
      .toBeVisible();
    await expect
      .element(
        screen.getByText('2,000 of 200,000 training points drawn, evenly spaced in each class'),
      )
      .toBeVisible();
    // a marker and two outlines a point, of the 2,000 drawn
    expect(arcs.mock.calls.length).toBe(3 * SURFACE_MAX_POINTS);
    arcs.mockRestore();
  });

  it('gives each of 20 classes its own colour, the same in the legend as on the plane', async () => {
    const K = 20;
    // one row a class, at x = k; the plane predicts class k where x is nearest k
    const plane: SurfaceResult = {
      xRange: [-0.5, K - 0.5],
      yRange: [0, 1],
      resolution: K,
      outputs: Array.from({ length: K }, (_, k) =>
        Array.from({ length: K * K }, (_, cell) => (cell % K === k ? 1 : 0)),
      ),
      hidden: [],
      points: Array.from({ length: K }, (_, k) => ({ x: k, y: 0.5, target: k })),
      totalPoints: K,
      labels: Array.from({ length: K }, (_, k) => `class ${k}`),
      output: 0,
    };
    const surface = new SurfaceState({
      decisionSurface: async () => plane,
      onProgress: () => () => {},
    });
    const screen = await render(DecisionSurface, {
      props: { surface, inputNames: ['x', 'y'], size: 400 },
    });
    await surface.refresh();
    const legend = screen.getByRole('list', { name: 'Classes' });
    await expect.element(legend).toBeVisible();
    const swatches = [...legend.element().querySelectorAll<HTMLElement>('.swatch')].map(
      (e) => getComputedStyle(e).backgroundColor,
    );
    expect(swatches).toHaveLength(K);
    expect(new Set(swatches).size).toBe(K);
    // each point's centre is its legend colour
    const canvas = screen.getByLabelText('Decision surface over x and y, 20 training points');
    const ctx = (canvas.element() as HTMLCanvasElement).getContext('2d')!;
    for (let k = 0; k < K; k++) {
      const [r, g, b] = ctx.getImageData(Math.round((k + 0.5) * 20), 200, 1, 1).data;
      expect(`rgb(${r}, ${g}, ${b})`).toBe(swatches[k]);
      expect(swatches[k]).toBe(css(classColour(k)));
    }
  });
});

describe('DecisionSurface with long names', () => {
  it('keeps the pickers, the axis names and the legend inside its width', async () => {
    // A 200-character column name made each axis picker 1,970 px wide (its arrow off the panel)
    // and ran the vertical axis name and the legend of long class labels off the view.
    const long = (s: string) => `${s} ${'very long column name '.repeat(9)}`;
    const plane: SurfaceResult = {
      xRange: [0, 1],
      yRange: [0, 1],
      resolution: 2,
      outputs: [
        [1, 0, 0, 1],
        [0, 1, 1, 0],
      ],
      hidden: [],
      points: [{ x: 0.5, y: 0.5, target: 0 }],
      totalPoints: 1,
      labels: [long('first class'), long('second class')],
      output: 0,
    };
    const surface = new SurfaceState({
      decisionSurface: async () => plane,
      onProgress: () => () => {},
    });
    const host = document.createElement('div');
    host.style.width = '600px';
    document.body.append(host);
    const screen = await render(DecisionSurface, {
      target: host,
      props: { surface, inputNames: [long('x'), long('y')] },
    });
    await surface.refresh();
    await expect.element(screen.getByRole('list', { name: 'Classes' })).toBeVisible();
    const right = host.getBoundingClientRect().right;
    const section = host.querySelector('section')!;
    expect(section.scrollWidth).toBeLessThanOrEqual(600);
    for (const el of host.querySelectorAll('select, li, figcaption, .y-axis')) {
      expect(el.getBoundingClientRect().right, el.textContent!.slice(0, 20)).toBeLessThanOrEqual(
        right + 0.5,
      );
    }
    // the vertical axis name no taller than the plane, whole in its tooltip
    const axis = host.querySelector<HTMLElement>('.y-axis')!;
    expect(axis.getBoundingClientRect().height).toBeLessThanOrEqual(321);
    expect(axis.title).toContain(long('y'));
    host.remove();
  });
});
