// The held-out percentages read what is typed with the same decimal parser as every number field.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { FakeApi } from '../test/fake-api';

async function loaded() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  return { api, screen };
}

describe('the Validation % and Test % fields', () => {
  it('refuse "0x10" (Number() reads 16), naming the field, and keep what was typed', async () => {
    const { screen } = await loaded();
    const validation = screen.getByRole('spinbutton', { name: 'Validation %' });
    await validation.fill('0x10');
    await userEvent.keyboard('{Tab}');
    await expect.element(validation).toHaveAttribute('aria-invalid', 'true');
    await expect
      .element(validation)
      .toHaveAccessibleDescription(
        'Validation % must be a decimal number (digits, a point, an exponent as in 1e-3), not "0x10".',
      );
    await expect.element(validation).toHaveValue('0x10');
    await expect.element(screen.getByRole('button', { name: 'Start training' })).toBeDisabled();
  });

  it('take a decimal number with spaces, and step with the arrow keys', async () => {
    const { api, screen } = await loaded();
    const test = screen.getByRole('spinbutton', { name: 'Test %' });
    await test.fill(' 12.5 ');
    await userEvent.keyboard('{Tab}');
    await expect.element(test).toHaveAttribute('aria-valuenow', '12.5');
    await userEvent.click(test);
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    await expect.element(test).toHaveValue('14.5');
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.configured?.testFraction).toBe(0.145);
    expect(api.configured?.validationFraction).toBe(0.2);
  });
});

describe('the file line', () => {
  it('counts rows and columns with their nouns: 1 row, 1 column', async () => {
    const api = new FakeApi();
    const [first] = api.dataset && !(api.dataset instanceof Error) ? api.dataset.columns : [];
    api.dataset = {
      name: 'one.csv',
      rows: 1,
      columns: [first],
      preview: [['5.1']],
      suggestedRoles: ['input'],
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('1 row · 1 column')).toBeVisible();
    await screen.getByRole('tab', { name: 'Data preview' }).click();
    await expect.element(screen.getByText('First 1 of 1 row of one.csv')).toBeVisible();
  });
});

describe('the data preview', () => {
  it('wraps a long column name over its column instead of widening it past the view', async () => {
    // A 200-character header made its column 1,900 px wide: every other column was off to the
    // right of the Data preview
    const api = new FakeApi();
    const long = 'a'.repeat(200);
    const [first, second] =
      api.dataset && !(api.dataset instanceof Error) ? api.dataset.columns : [];
    api.dataset = {
      name: 'long.csv',
      rows: 2,
      columns: [
        { ...first, name: long },
        { ...second, name: `${'B very long name '.repeat(6)}` },
      ],
      preview: [
        ['5.1', '3.5'],
        ['4.9', '3'],
      ],
      suggestedRoles: ['input', 'target'],
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('tab', { name: 'Data preview' }).click();
    const header = screen.getByRole('columnheader', { name: long });
    await expect.element(header).toBeVisible();
    expect(header.element().getBoundingClientRect().width).toBeLessThanOrEqual(250);
    const panel = header.element().closest('[role="tabpanel"]')!;
    expect(panel.scrollWidth).toBeLessThanOrEqual(panel.clientWidth);
  });
});
