// End to end in the web build (the engine in a Web Worker, Debian's Chromium): open the worked
// 3-3-2 example, read δ⁽ᴸ⁾ from the page, step once and see the weights move by −α·∂C/∂W; run the
// gradient check and read a green result; train XOR and find both classes on the decision
// surface. Screenshots go to test-results/e2e/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectRow } from '../app/utility/inspect';
import { matrixFromRows } from '../core/matrix';
import { networkFromArrays } from '../core/network';
import type { ActivationName } from '../core/types';
import { collectErrors, SCREENSHOTS, startWebApp, type WebApp } from './e2e/harness';

const golden = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../core/fixtures/golden/seed-3-3-2-single-sample.json'),
    'utf8',
  ),
) as {
  topology: number[];
  activations: ActivationName[];
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
  expected: { initialLoss: number; gradients: { weights: number[][][] } };
};

let app: WebApp;
let page: Page;
let errors: string[];

beforeAll(async () => {
  app = await startWebApp();
  page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  errors = collectErrors(page);
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'Backprop Studio' }).waitFor();
});

afterAll(async () => {
  expect(errors).toEqual([]);
  await app?.close();
});

async function openExample(title: string, discarding = false) {
  await page.getByText('Examples', { exact: true }).click();
  await page.getByRole('menuitem', { name: title }).click();
  if (discarding) await page.getByRole('button', { name: 'Discard weights' }).click();
}

/** One quantity's numbers as the page shows them (full precision from data-value). */
async function shown(id: string, layer: number, attr = 'value'): Promise<number[]> {
  return page
    .locator(`[data-quantity="${id}"][data-layer="${layer}"] td`)
    .evaluateAll((tds, a) => tds.map((td) => Number((td as HTMLElement).dataset[a])), attr);
}

describe('backprop made visible, in the web build', () => {
  it('opens the 3-3-2 example on the first step and steps W by −α·∂C/∂W', async () => {
    await openExample('Worked example: 3-3-2 sigmoid network');
    const inspector = page.getByRole('region', { name: 'Backprop inspector' });
    await inspector.getByText('Row 0 of 1', { exact: false }).waitFor();
    expect(
      await page.getByRole('tab', { name: 'Backprop inspector' }).getAttribute('aria-selected'),
    ).toBe('true');

    // δ⁽³⁾ as displayed, against the engine and against PyTorch's gradient of the same network
    const net = networkFromArrays(
      { topology: golden.topology, activations: golden.activations, loss: 'mse' },
      golden.init.weights,
      golden.init.biases,
    );
    const engine = inspectRow(
      {
        net,
        X: matrixFromRows(golden.data.x),
        Y: matrixFromRows(golden.data.y),
        learningRate: 0.5,
        batchSize: 0,
        l2: 0,
      },
      { row: 0, batchMean: false },
    );
    const delta = await shown('delta', 3);
    expect(delta).toHaveLength(2);
    delta.forEach((d, k) => expect(d).toBeCloseTo(engine.delta[2][k], 14));
    const a2 = engine.a[1];
    // ∂C/∂w_{i,k} = a_i δ_k, PyTorch's numbers
    golden.expected.gradients.weights[1].forEach((row, i) =>
      row.forEach((g, k) => expect(a2[i] * delta[k]).toBeCloseTo(g, 12)),
    );
    const cost = Number(await page.locator('[data-quantity="cost"]').getAttribute('data-value'));
    expect(cost).toBeCloseTo(golden.expected.initialLoss, 12);

    const W3 = await shown('W', 3);
    const dW3 = await shown('dW', 3);
    expect(W3).toEqual(golden.init.weights[1].flat());
    await page.getByRole('combobox', { name: 'Layer' }).selectOption('2');
    const W2 = await shown('W', 2);
    const dW2 = await shown('dW', 2);
    expect(W2).toEqual(golden.init.weights[0].flat());

    await page.getByRole('button', { name: 'Step epoch', exact: true }).click();
    await inspector.getByText('(was 0.123816)').waitFor();
    const W2after = await shown('W', 2);
    W2after.forEach((w, i) => expect(w).toBeCloseTo(W2[i] - 0.5 * dW2[i], 14));
    await page.getByRole('combobox', { name: 'Layer' }).selectOption('3');
    const W3after = await shown('W', 3);
    W3after.forEach((w, i) => expect(w).toBeCloseTo(W3[i] - 0.5 * dW3[i], 14));
    // the change is displayed too (data-change = now − before)
    (await shown('W', 3, 'change')).forEach((d, i) => expect(d).toBeCloseTo(-0.5 * dW3[i], 14));

    // Clicking a connection in the network drawing writes it out in the inspector
    await page.getByRole('tab', { name: 'Network' }).click();
    await page.getByRole('button', { name: 'Connection w₁,₁⁽³⁾ =' }).click();
    await page.getByText('Selected: w₁,₁⁽³⁾').waitFor();
    await page.getByRole('button', { name: 'Show in inspector' }).click();
    const detail = page.getByRole('region', { name: 'Connection w₁,₁⁽³⁾' });
    await detail.waitFor();
    const lines = await detail
      .locator('dd')
      .evaluateAll((dds) => dds.map((d) => Number((d as HTMLElement).dataset.value)));
    expect(lines[0]).toBe(W3after[0]);
    expect(lines[1]).toBe((await shown('dW', 3))[0]);
    expect(lines[2]).toBeCloseTo(-0.5 * dW3[0], 14);
    expect(await detail.textContent()).toContain('∂C/∂w₁,₁⁽³⁾ = a₁⁽²⁾ · δ₁⁽³⁾ = ');
  });

  it('runs the gradient check and reads a green result', async () => {
    await page.getByRole('button', { name: 'Run gradient check' }).click();
    const table = page.getByRole('table', { name: 'Gradient check result' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const row of await rows.all()) {
      expect(await row.getAttribute('class')).toContain('ok');
      expect(
        await row
          .locator('td')
          .first()
          .evaluate((td) => getComputedStyle(td).backgroundColor),
      ).toBe('rgb(26, 127, 55)');
    }
    await page.getByText('Backprop agrees with finite differences', { exact: false }).waitFor();
    await page.setViewportSize({ width: 1400, height: 2100 });
    // The picture for the README (docs/backprop-inspector.png): the whole panel from its title,
    // its scrolling view at the top (Step and the check scrolled it under the tabs) and tall
    // enough for all of it.
    const region = page.getByRole('region', { name: 'Backprop inspector' });
    await region.evaluate((el) => {
      for (let e: Element | null = el; e; e = e.parentElement) e.scrollTop = 0;
    });
    await region.screenshot({
      path: join(SCREENSHOTS, 'inspector.png'),
    });
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('draws the decision surface of XOR with pixels of both classes', async () => {
    await openExample('XOR', true);
    await page
      .getByRole('region', { name: 'Backprop inspector' })
      .getByText('Row 0 of 4', { exact: false })
      .waitFor();
    await page.getByRole('button', { name: 'Start training', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Finished' })
      .first()
      .waitFor({ timeout: 60_000 });
    // Shown for the first time after the run, following training: the trained plane, without
    // pressing Draw surface (it showed the initial weights' plane, fetched as the example opened).
    await page.getByRole('tab', { name: 'Decision surface' }).click();
    const canvas = page.getByLabel('Decision surface over x1 and x2', { exact: false });
    await canvas.waitFor();
    const pixels = () =>
      canvas.evaluate((c) => {
        const el = c as HTMLCanvasElement;
        const { data } = el.getContext('2d')!.getImageData(0, 0, el.width, el.height);
        let o = 0;
        let b = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] - data[i + 2] > 30) o++;
          else if (data[i + 2] - data[i] > 30) b++;
        }
        return [o, b, el.width * el.height];
      });
    // the plane beside each corner (8 px inwards) in its XOR class: orange at (0,0) and (1,1)
    const xor = () =>
      canvas.evaluate((c) => {
        const el = c as HTMLCanvasElement;
        const at = (x: number, y: number) => {
          const [cx, cy] = [((x + 0.05) / 1.1) * el.width, ((1.05 - y) / 1.1) * el.height];
          const [dx, dy] = [x < 0.5 ? 8 : -8, y < 0.5 ? -8 : 8];
          const px = el.getContext('2d')!.getImageData(cx + dx, cy + dy, 1, 1).data;
          return px[0] - px[2] > 30 ? 0 : px[2] - px[0] > 30 ? 1 : -1;
        };
        return [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
      });
    await expect.poll(xor).toEqual([0, 1, 1, 0]);
    const [orange, blue, total] = await pixels();
    expect(orange / total).toBeGreaterThan(0.1);
    expect(blue / total).toBeGreaterThan(0.1);
    await page.screenshot({ path: join(SCREENSHOTS, 'decision-surface-xor-page.png') });
    await page
      .getByRole('region', { name: 'Decision surface' })
      .screenshot({ path: join(SCREENSHOTS, 'decision-surface-xor.png') });
  });
});
