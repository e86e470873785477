// The decision surface drawn from the engine: XOR trained by the real Trainer in the page, then
// the canvas must hold pixels of both classes where the network predicts them.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { EngineHost } from '../inspector/testing/engine-api';
import DecisionSurface from './DecisionSurface.svelte';
import { SurfaceState } from './surface.svelte';

/** The four corners of the unit square: the inputs of both networks below. */
const corners = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

function xor(): EngineHost {
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
  for (let e = 0; e < 800; e++) host.trainer.runEpoch();
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
    const legend = () => screen.container.querySelector('figcaption .legend')!.textContent!;
    expect(legend()).toMatch(/^height: blue .* red 4$/);
    await screen.getByRole('combobox', { name: 'Output' }).selectOptions('weight');
    await expect.poll(() => surface.result?.output).toBe(1);
    expect(surface.result!.points.map((p) => p.target)).toEqual([10, 20, 30, 40]);
    expect(legend()).toMatch(/^weight: blue .* red 40$/);
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
});
