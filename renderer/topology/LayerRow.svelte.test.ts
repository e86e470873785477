// A hidden layer's Units field reads what is typed with the one decimal parser, and its arrow
// keys step the number, as a native number field's would.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { FakeApi } from '../test/fake-api';

async function withLayer() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  await screen.getByRole('button', { name: 'Add layer' }).click();
  const units = screen.getByRole('spinbutton', { name: 'Units' });
  const start = screen.getByRole('button', { name: 'Start training' });
  return { api, screen, units, start };
}

describe('the Units field of a hidden layer', () => {
  it('refuses "0x10" (Number() reads 16), naming the layer, and keeps what was typed', async () => {
    const { units, start } = await withLayer();
    await units.fill('0x10');
    await userEvent.keyboard('{Tab}');
    await expect
      .element(
        page
          .getByText(
            'Hidden layer 1: units must be a decimal number (digits, a point, an exponent as in 1e-3), not "0x10".',
          )
          .first(),
      )
      .toBeVisible();
    await expect.element(units).toHaveAttribute('aria-invalid', 'true');
    await expect.element(units).toHaveValue('0x10');
    await expect.element(start).toBeDisabled();
  });

  it('takes a decimal number with spaces or an exponent, and steps with the arrow keys', async () => {
    const { api, units, start } = await withLayer();
    await units.fill(' 1.2e1 ');
    await userEvent.keyboard('{Tab}');
    await expect.element(page.getByText('Ready to train a 4–12–3 network')).toBeVisible();
    await expect.element(units).toHaveAttribute('aria-valuenow', '12');
    await userEvent.click(units);
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowDown}{ArrowUp}');
    await expect.element(page.getByText('Ready to train a 4–14–3 network')).toBeVisible();
    await expect.element(units).toHaveValue('14');
    await start.click();
    await expect
      .poll(() => api.configured?.hiddenLayers)
      .toEqual([{ units: 14, activation: 'tanh' }]);
  });

  it('says a fraction or an empty field is no whole number of units', async () => {
    const { units, start } = await withLayer();
    for (const typed of ['2.5', '']) {
      await units.fill(typed);
      await userEvent.keyboard('{Tab}');
      await expect
        .element(
          page.getByText('Hidden layer 1: units must be a whole number from 1 to 4096.').first(),
        )
        .toBeVisible();
      await expect.element(start).toBeDisabled();
    }
  });
});

describe('the buttons of hidden layers, by keyboard', () => {
  it('keep the focus where a layer moved to, and hand it on when a layer is removed', async () => {
    const { screen } = await withLayer();
    const add = screen.getByRole('button', { name: 'Add layer' });
    await add.click();
    await add.click();
    const layer = (n: number) => screen.getByRole('group', { name: `Hidden layer ${n}` });
    const button = (n: number, name: string) => layer(n).getByRole('button', { name });
    await screen.getByRole('spinbutton', { name: 'Units' }).first().fill('5');
    await userEvent.keyboard('{Tab}');

    // The row moves in the list (which takes the focus off a button in it); the focus follows it.
    (button(1, 'Move down').element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(layer(2).getByRole('spinbutton', { name: 'Units' })).toHaveValue('5');
    await expect.element(button(2, 'Move down')).toHaveFocus();
    // Last now: Move down is disabled, so the focus goes to Move up.
    await userEvent.keyboard('{Enter}');
    await expect.element(layer(3).getByRole('spinbutton', { name: 'Units' })).toHaveValue('5');
    await expect.element(button(3, 'Move down')).toBeDisabled();
    await expect.element(button(3, 'Move up')).toHaveFocus();

    // Removed: the layer now in its place, else the one above, else Add layer.
    (button(2, 'Remove layer').element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(layer(3)).not.toBeInTheDocument();
    await expect.element(button(2, 'Remove layer')).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(button(1, 'Remove layer')).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.element(layer(1)).not.toBeInTheDocument();
    await expect.element(add).toHaveFocus();
  });
});
