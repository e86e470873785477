// The inspector and the decision surface describe the host's network: a change of the network
// (a layer, a role) blanks them, a hyperparameter does not, as the trained weights are kept
// through it. Without trained weights, a new seed draws other initial weights: blanked too.
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import type { SurfaceResult } from '../../app/shared/api';
import App from '../App.svelte';
import { epochs, FakeApi, FINISHED } from '../test/fake-api';

const PLANE: SurfaceResult = {
  xRange: [4, 8],
  yRange: [2, 4.5],
  resolution: 2,
  outputs: [
    [0.8, 0.1, 0.1, 0.2],
    [0.1, 0.8, 0.1, 0.2],
    [0.1, 0.1, 0.8, 0.6],
  ],
  hidden: [],
  points: [
    { x: 5.1, y: 3.5, target: 0 },
    { x: 7, y: 3.2, target: 1 },
  ],
  totalPoints: 2,
  labels: ['setosa', 'versicolor', 'virginica'],
  output: 0,
};
const DRAWN = 'Decision surface over sepal_length_cm and sepal_width_cm, 2 training points';
const BLANK = 'Train or open an example, then press “Draw surface”.';

async function drawn({ trained }: { trained: boolean }) {
  const api = new FakeApi();
  api.decisionSurface = async () => PLANE;
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  if (trained) {
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    api.emitProgress({ points: epochs(1, 40), samplesPerSecond: 1000, state: 'running' });
    api.emitFinished(FINISHED);
    await expect.element(screen.getByRole('button', { name: 'Reset' })).toBeEnabled();
  }
  await screen.getByRole('tab', { name: 'Decision surface' }).click();
  await screen.getByRole('button', { name: 'Draw surface' }).click();
  await expect.element(screen.getByLabelText(DRAWN)).toBeVisible();
  const field = (name: string) => screen.getByRole('textbox', { name, exact: true });
  return { api, screen, field };
}

describe('the views under the loss curve', () => {
  it('keep a trained network’s surface through a change of hyperparameters', async () => {
    const { screen, field } = await drawn({ trained: true });
    await field('Learning rate').fill('0.05');
    await field('Batch size').fill('16');
    await field('Seed').fill('42');
    await screen.getByRole('combobox', { name: 'Optimizer' }).selectOptions('adam');
    await new Promise((r) => setTimeout(r, 100));
    await expect.element(screen.getByLabelText(DRAWN)).toBeVisible();
    expect(screen.getByText(BLANK).elements()).toHaveLength(0);
  });

  it('blank it when the network changes (a layer added, the weights discarded)', async () => {
    const { screen } = await drawn({ trained: true });
    await screen.getByRole('button', { name: 'Add layer' }).click();
    await screen.getByRole('button', { name: 'Discard weights' }).click();
    await expect.element(screen.getByText(BLANK)).toBeVisible();
  });

  it('keep the initial weights’ surface through a learning rate, not a new seed', async () => {
    const { screen, field } = await drawn({ trained: false });
    await field('Learning rate').fill('0.05');
    await new Promise((r) => setTimeout(r, 100));
    await expect.element(screen.getByLabelText(DRAWN)).toBeVisible();
    await field('Seed').fill('42');
    await expect.element(screen.getByText(BLANK)).toBeVisible();
  });
});
