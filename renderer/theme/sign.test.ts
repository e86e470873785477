// One sign palette in every view: a positive weight has the same colour in the network drawing,
// in the inspector's grids and on the decision surface (app.css --positive, --negative), each with
// a key, and the highlight of a picked connection (--selection) is neither sign's colour.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { Inspection, NetworkSnapshot, SurfaceResult } from '../../app/shared/api';
import App from '../App.svelte';
import DecisionSurface from '../surface/DecisionSurface.svelte';
import { SurfaceState } from '../surface/surface.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';
import { wideInspection } from '../inspector/testing/wide-inspection';
import { parseColour, signColours, type Rgb } from './sign';
import '../app.css';

/** A computed colour (rgb(), rgba() or color(srgb …)) as RGB 0–255. */
function rgbOf(css: string): Rgb {
  const n = css.match(/-?[\d.]+/g)!.map(Number);
  return (
    css.startsWith('color(') ? n.slice(0, 3).map((v) => Math.round(v * 255)) : n.slice(0, 3)
  ) as Rgb;
}
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const property = (name: string) =>
  parseColour(getComputedStyle(document.documentElement).getPropertyValue(name))!;

/** Iris as 4–3 after a run: w from input 1 positive, from input 2 negative. */
const SNAPSHOT: NetworkSnapshot = {
  topology: [4, 3],
  activations: ['softmax'],
  weights: [
    [
      [0.8, 0.8, 0.8],
      [-0.8, -0.8, -0.8],
      [0.4, 0.4, 0.4],
      [-0.4, -0.4, -0.4],
    ],
  ],
  biases: [[0, 0, 0]],
};

describe('the sign palette', () => {
  it('is blue and orange, and the selection a neutral of neither hue', () => {
    const sign = signColours(document.body);
    expect(sign.positive).toEqual(property('--positive'));
    expect(sign.negative).toEqual(property('--negative'));
    expect(sign.positive[2] - sign.positive[0]).toBeGreaterThan(100); // blue
    expect(sign.negative[0] - sign.negative[2]).toBeGreaterThan(100); // orange
    const selection = property('--selection');
    const [r, g, b] = selection;
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(20); // grey: no hue
    expect(distance(selection, sign.positive)).toBeGreaterThan(150);
    expect(distance(selection, sign.negative)).toBeGreaterThan(150);
  });

  it('colours a weight the same in the drawing and the inspector, the pick in neither', async () => {
    const inspection: Inspection = wideInspection();
    const api = Object.assign(new FakeApi(), { inspect: async () => inspection });
    api.snapshot = SNAPSHOT;
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 1, state: 'running' });
    api.emitFinished(FINISHED);
    const drawing = screen.getByRole('group', { name: /coloured by trained weights/ });
    await expect.element(drawing).toBeVisible();
    const stroke = (selector: string) =>
      rgbOf(getComputedStyle(drawing.element().querySelector(selector)!).stroke);
    const positive = stroke('line.positive');
    const negative = stroke('line.negative');
    expect(positive).toEqual(property('--positive'));
    expect(negative).toEqual(property('--negative'));
    await expect.element(screen.getByText('positive weight')).toBeVisible();

    // The picked connection: drawn in the selection's neutral, far from both signs.
    await screen.getByRole('button', { name: 'Connection w₁,₁⁽²⁾ =' }).click();
    const picked = stroke('line.selected');
    expect(picked).toEqual(property('--selection'));
    expect(distance(picked, positive)).toBeGreaterThan(150);
    expect(distance(picked, negative)).toBeGreaterThan(150);

    // The inspector's W⁽²⁾: 0.1 … 0.4, all positive, in the drawing's positive colour; the
    // output δ (−0.1) in its negative.
    await screen.getByRole('tab', { name: 'Backprop inspector' }).click();
    const cells = (id: string, layer: number) => [
      ...screen.container.querySelectorAll<HTMLElement>(
        `[data-quantity="${id}"][data-layer="${layer}"] td`,
      ),
    ];
    await expect.poll(() => cells('W', 2).length).toBe(4);
    const background = (td: HTMLElement) => rgbOf(getComputedStyle(td).backgroundColor);
    for (const td of cells('W', 2)) expect(background(td)).toEqual(positive);
    for (const td of cells('delta', 2)) expect(background(td)).toEqual(positive);
    await screen.getByRole('combobox', { name: 'Layer' }).selectOptions('3 (output)');
    await expect.poll(() => cells('delta', 3).length).toBe(1);
    expect(background(cells('delta', 3)[0])).toEqual(negative);
    // …with the key beside them.
    const key = screen.container.querySelector('.sign-legend')!;
    expect(key.textContent).toContain('below zero');
    expect(key.textContent).toContain('above zero');
  });

  it("colours a hidden neuron's plane on the decision surface by the same sign", async () => {
    const plane: SurfaceResult = {
      xRange: [0, 1],
      yRange: [0, 1],
      resolution: 2,
      outputs: [[0.9, 0.2, 0.7, 0.1]],
      // one neuron: +1 in the top row, −1 in the bottom one
      hidden: [[[1, 1, -1, -1]]],
      points: [],
      totalPoints: 0,
      labels: ['no', 'yes'],
      output: 0,
    };
    const surface = new SurfaceState({
      decisionSurface: async () => plane,
      onProgress: () => () => {},
    });
    surface.hidden = true;
    const screen = await render(DecisionSurface, { props: { surface, inputNames: ['x', 'y'] } });
    await surface.refresh();
    const canvas = screen.getByLabelText('Activation of neuron 1 of layer 2');
    await expect.element(canvas).toBeVisible();
    const el = canvas.element() as HTMLCanvasElement;
    const at = (y: number) =>
      [
        ...el
          .getContext('2d')!
          .getImageData(el.width / 2, y, 1, 1)
          .data.slice(0, 3),
      ] as Rgb;
    const sign = signColours(document.body);
    expect(distance(at(2), sign.positive)).toBeLessThan(12);
    expect(distance(at(el.height - 3), sign.negative)).toBeLessThan(12);
    expect(screen.container.querySelector('.sign-legend')?.textContent).toContain('below zero');
  });
});
