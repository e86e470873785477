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
