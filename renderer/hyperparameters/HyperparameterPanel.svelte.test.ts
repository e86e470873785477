// Every number field of the hyperparameters reads what is typed with the one decimal parser:
// "0x10" is no 16, and the field says so, by name, until it is fixed.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { FakeApi, IRIS_SUMMARY } from '../test/fake-api';
import { FIELDS, labelOf } from './table';

const NOT_DECIMAL = 'must be a decimal number (digits, a point, an exponent as in 1e-3), not';

async function loaded() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  // Momentum μ is editable with the momentum optimizer only
  await screen.getByRole('combobox', { name: 'Optimizer' }).selectOptions('momentum');
  return { api, screen };
}

describe('the hyperparameter fields', () => {
  const numeric = FIELDS.filter((f) => f.type === 'number' || f.type === 'integer');

  it.each(numeric.map((f) => [labelOf(f), f] as const))(
    '%s refuses hexadecimal and other non-decimal text, naming the field',
    async (label) => {
      const { screen } = await loaded();
      const field = screen.getByRole('textbox', { name: label, exact: true });
      const start = screen.getByRole('button', { name: 'Start training' });
      const before = (field.element() as HTMLInputElement).value;
      for (const typed of ['0x10', 'Infinity', '1,5']) {
        await field.fill(typed);
        await expect.element(field).toHaveAttribute('aria-invalid', 'true');
        await expect
          .element(screen.getByText(`${label} ${NOT_DECIMAL} "${typed}"`, { exact: true }))
          .toBeVisible();
        await expect.element(field).toHaveValue(typed);
        await expect.element(start).toBeDisabled();
      }
      await field.fill(before);
      await expect.element(field).not.toHaveAttribute('aria-invalid');
      await expect.element(start).toBeEnabled();
    },
  );

  it('takes an ordinary decimal number with spaces, a sign or an exponent', async () => {
    const { api, screen } = await loaded();
    await screen.getByRole('textbox', { name: 'Learning rate' }).fill(' 1e-3 ');
    await screen.getByRole('textbox', { name: 'Momentum μ' }).fill('.75');
    await screen.getByRole('textbox', { name: 'Epochs', exact: true }).fill('+2.5E2');
    await screen.getByRole('button', { name: 'Start training' }).click();
    await expect.poll(() => api.calls).toContain('start');
    expect(api.configured?.hyperparameters.learningRate).toBe(0.001);
    expect(api.configured?.hyperparameters.momentum).toBe(0.75);
    expect(api.configured?.hyperparameters.maxEpochs).toBe(250);
  });
});

describe('the Batch size field', () => {
  it('says beside it that 0 is the full batch, and how many rows that is', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    const batch = screen.getByRole('textbox', { name: 'Batch size' });
    // no dataset yet: no rows to count
    await expect.element(batch).toHaveValue('0');
    await expect.element(batch).toHaveAccessibleDescription('full batch');
    await expect.element(screen.getByText('full batch', { exact: true })).toBeVisible();

    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    // iris: 150 rows less 20 % validation and 10 % test; species are split one by one, and this
    // summary does not count them (as a host that does not send class sizes): about 105
    await expect.element(batch).toHaveAccessibleDescription('full batch · ≈105 rows');
    await expect.element(screen.getByText('full batch · ≈105 rows')).toBeVisible();
    await screen.getByRole('spinbutton', { name: 'Validation %' }).fill('0');
    await userEvent.keyboard('{Tab}');
    await expect.element(batch).toHaveAccessibleDescription('full batch · ≈135 rows');

    // another batch size means what it says: no hint
    await batch.fill('32');
    await expect.element(screen.getByText(/^full batch/)).not.toBeInTheDocument();
    await expect.element(batch).not.toHaveAttribute('aria-describedby');
    await batch.fill('0');
    await expect.element(batch).toHaveAccessibleDescription('full batch · ≈135 rows');
  });

  it('counts the training rows exactly for classes the summary counts', async () => {
    const api = new FakeApi();
    // species of 2, 2 and 146 rows: 2 → 2 train (0.2 and 0.4 round to 0); 146 → 15 test,
    // 29 validation, 102 train: 106, where 150 rows as one group would give 105
    const [species] = IRIS_SUMMARY.columns.slice(-1);
    api.dataset = {
      ...IRIS_SUMMARY,
      columns: [...IRIS_SUMMARY.columns.slice(0, -1), { ...species, classSizes: [2, 2, 146] }],
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    const batch = screen.getByRole('textbox', { name: 'Batch size' });
    await expect.element(batch).toHaveAccessibleDescription('full batch · 106 rows');
    await expect.element(screen.getByText('full batch · 106 rows')).toBeVisible();
    // 30 % validation: 2 → 1 validation, 1 train; 146 → 15 test, 44 validation, 87 train
    await screen.getByRole('spinbutton', { name: 'Validation %' }).fill('30');
    await userEvent.keyboard('{Tab}');
    await expect.element(batch).toHaveAccessibleDescription('full batch · 89 rows');
  });

  it('counts the training rows exactly for a regression', async () => {
    const api = new FakeApi();
    // iris with its last numeric column the target: 150 − 30 − 15 rows train
    api.dataset = {
      ...IRIS_SUMMARY,
      suggestedRoles: ['input', 'input', 'input', 'target', 'ignored'],
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect
      .element(screen.getByRole('textbox', { name: 'Batch size' }))
      .toHaveAccessibleDescription('full batch · 105 rows');
  });
});
