import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import { FakeApi } from '../test/fake-api';

describe('the views', () => {
  it('are tabs that follow the arrow keys, Home and End', async () => {
    const screen = await render(App, { props: { api: new FakeApi() } });
    const network = screen.getByRole('tab', { name: 'Network' });
    await expect.element(network).toHaveAttribute('aria-selected', 'true');
    (network.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    const results = screen.getByRole('tab', { name: 'Results' });
    await expect.element(results).toHaveAttribute('aria-selected', 'true');
    expect(document.activeElement).toBe(results.element());
    await expect.element(screen.getByRole('tabpanel', { name: 'Results' })).toBeVisible();
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    const tabs = screen.getByRole('tab').elements();
    expect(document.activeElement).toBe(tabs.at(-1));
    await userEvent.keyboard('{Home}');
    await expect.element(network).toHaveAttribute('aria-selected', 'true');
    // only the selected tab is a tab stop
    expect(tabs.filter((t) => t.getAttribute('tabindex') === '0')).toHaveLength(1);
  });
});
