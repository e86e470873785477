// Start training or Reset after a run that finished (or was stopped): the run's weights, loss curve and
// results are replaced only once the user agrees, or has exported the weights first.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import App from '../App.svelte';
import type { OpenedProject } from '../../app/shared/api';
import { epochs, FakeApi, FINISHED, IRIS_CONFIG, IRIS_SUMMARY } from '../test/fake-api';
import { OTHER_DATA } from './status';

/** Iris loaded and trained for 5 epochs until it finished; its results on screen. */
async function finishedRun() {
  const api = new FakeApi();
  const screen = await render(App, { props: { api } });
  await screen.getByRole('button', { name: 'Open dataset…' }).click();
  await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
  await screen.getByRole('button', { name: 'Start training' }).click();
  api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });
  api.emitFinished(FINISHED);
  await screen.getByRole('tab', { name: 'Results' }).click();
  await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();
  const start = screen.getByRole('button', { name: 'Start training' });
  const dialog = screen.getByRole('dialog', { name: 'Start a new run?' });
  const starts = () => api.calls.filter((c) => c === 'start').length;
  return { api, screen, start, dialog, starts };
}

describe('Start training after a run', () => {
  it('asks first, and Cancel keeps the weights, the loss curve and the results', async () => {
    const { api, screen, start, dialog, starts } = await finishedRun();
    await start.click();
    await expect.element(dialog).toBeVisible();
    await expect.element(dialog).toHaveTextContent('replaces the run of 40 epochs');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
    expect(api.calls).not.toContain('reset');
    expect(starts()).toBe(1);
    await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    await expect.element(table.getByRole('row')).toHaveLength(6);
    await expect.element(screen.getByRole('button', { name: 'Export weights…' })).toBeEnabled();
  });

  it('Escape is Cancel, and the focus goes back to Start training', async () => {
    const { api, start, dialog, starts } = await finishedRun();
    start.element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(dialog).toBeVisible();
    // the safe answer has the focus first
    await expect.element(dialog.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.element(start).toHaveFocus();
    expect(api.calls).not.toContain('reset');
    expect(starts()).toBe(1);
  });

  it('Start new run replaces the run, and the keyboard carries on from Pause', async () => {
    const { api, screen, start, dialog, starts } = await finishedRun();
    start.element().focus();
    await userEvent.keyboard('{Enter}');
    await dialog.getByRole('button', { name: 'Start new run' }).click();
    await expect.poll(starts).toBe(2);
    expect(api.calls.slice(api.calls.indexOf('reset'))).toEqual(['reset', 'configure', 'start']);
    await expect.element(screen.getByRole('button', { name: 'Pause' })).toHaveFocus();
    await expect
      .element(screen.getByText('Results appear when training stops', { exact: false }))
      .toBeVisible();
  });

  it('Export weights and start… exports, then starts; a cancelled export starts nothing', async () => {
    const { api, screen, start, dialog, starts } = await finishedRun();
    const exported = api.exportWeights;
    api.exportWeights = async () => (api.calls.push('exportWeights'), null);
    await start.click();
    await dialog.getByRole('button', { name: 'Export weights and start…' }).click();
    await expect.poll(() => api.calls).toContain('exportWeights');
    await expect.element(dialog).not.toBeInTheDocument();
    expect(api.calls).not.toContain('reset');
    expect(starts()).toBe(1);
    await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();

    api.exportWeights = exported;
    await start.click();
    await dialog.getByRole('button', { name: 'Export weights and start…' }).click();
    await expect.poll(starts).toBe(2);
    const calls = api.calls.slice(api.calls.lastIndexOf('exportWeights'));
    expect(calls).toEqual(['exportWeights', 'reset', 'configure', 'start']);
    await expect
      .element(screen.getByText('Weights exported to /tmp/iris.model.json'))
      .toBeVisible();
  });

  it('asks nothing when there is nothing to lose: the first run, or after Reset', async () => {
    const { api, screen, start, dialog, starts } = await finishedRun();
    await screen.getByRole('button', { name: 'Reset', exact: true }).click();
    const reset = screen.getByRole('dialog', { name: 'Reset to fresh weights?' });
    await reset.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => api.calls).toContain('reset');
    await start.click();
    await expect.poll(starts).toBe(2);
    await expect.element(dialog).not.toBeInTheDocument();
  });
});

describe('the focus stays on the training controls', () => {
  it('Pause → Resume → Pause, and Stop → Start training, by keyboard', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    const start = screen.getByRole('button', { name: 'Start training' });
    const pause = screen.getByRole('button', { name: 'Pause' });
    const resume = screen.getByRole('button', { name: 'Resume' });
    start.element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(pause).toHaveFocus();
    api.emitProgress({ points: epochs(1, 5), samplesPerSecond: 100, state: 'running' });

    // Pause is replaced by Resume: the focus moves to it, not to the page's body
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => api.calls).toContain('pause');
    await expect.element(resume).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => api.calls).toContain('resume');
    await expect.element(pause).toHaveFocus();

    // Stop is disabled once the run has finished: the next thing to press is Start training
    await userEvent.tab(); // Step is disabled while the run goes on
    const stop = screen.getByRole('button', { name: 'Stop' });
    await expect.element(stop).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => api.calls).toContain('stop');
    api.emitFinished({ ...FINISHED, reason: 'cancelled' });
    await expect.element(stop).toBeDisabled();
    await expect.element(start).toHaveFocus();
  });
});

describe('Reset after a run', () => {
  it('asks first: Cancel keeps the run, Reset goes back to fresh weights', async () => {
    const { api, screen } = await finishedRun();
    const reset = screen.getByRole('button', { name: 'Reset', exact: true });
    const dialog = screen.getByRole('dialog', { name: 'Reset to fresh weights?' });
    await reset.click();
    await expect.element(dialog).toHaveTextContent('discards the run of 40 epochs');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
    expect(api.calls).not.toContain('reset');
    await expect.element(screen.getByRole('cell', { name: '93.3 %' })).toBeVisible();
    await reset.click();
    await dialog.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => api.calls).toContain('reset');
    await expect.element(reset).toBeDisabled();
  });
});

describe('Step', () => {
  /** Iris loaded; the host's step replies when `done` is called (as once its epoch is trained). */
  async function stepping() {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    let done!: () => void;
    api.step = (unit) => {
      api.calls.push(`step:${unit}`);
      return new Promise<void>((resolve) => (done = resolve));
    };
    const button = (name: string) => screen.getByRole('button', { name, exact: true });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    return { api, button, status, done: () => done() };
  }

  it('shows the step as training while its epoch runs: Step disabled, Pause and Stop enabled', async () => {
    const { api, button, status, done } = await stepping();
    await button('Step').click();
    await expect.poll(() => api.calls).toContain('step:epoch');
    await expect.element(button('Step')).toBeDisabled();
    await expect.element(button('Stop')).toBeEnabled();
    await expect.element(button('Pause')).toBeEnabled();
    await expect.element(button('Start training')).toBeDisabled();
    await expect.element(status).toHaveTextContent(/^Training/);
    // The host reports the epoch, paused, then replies.
    api.emitProgress({ points: epochs(1, 1), samplesPerSecond: 100, state: 'paused' });
    done();
    await expect.element(button('Step')).toBeEnabled();
    await expect.element(button('Resume')).toBeEnabled();
    await expect.element(status).toHaveTextContent(/^Pausedepoch 1train loss/);
  });

  it('Stop reaches the host while the step trains; its finished run ends the step', async () => {
    const { api, button, done } = await stepping();
    await button('Step').click();
    await button('Stop').click();
    await expect.poll(() => api.calls).toContain('stop');
    api.emitFinished({
      ...FINISHED,
      reason: 'cancelled',
      epochs: 0,
      partial: { batches: 3, of: 6 },
    });
    done();
    await expect.element(button('Stop')).toBeDisabled();
    await expect.element(button('Step')).toBeDisabled();
    await expect.element(button('Start training')).toBeEnabled();
  });

  it('by keyboard: the focus waits on Pause while the step trains, then is back on Step', async () => {
    const { api, button, done } = await stepping();
    button('Step').element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(button('Pause')).toHaveFocus();
    api.emitProgress({ points: epochs(1, 1), samplesPerSecond: 100, state: 'paused' });
    done();
    await expect.element(button('Step')).toHaveFocus();
    // The next Enter steps again.
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => api.calls.filter((c) => c === 'step:epoch')).toHaveLength(2);
    await expect.element(button('Pause')).toHaveFocus();
  });
});

describe('the status line after early stopping', () => {
  it('reports the restored best epoch with the losses the Results show, not the last epoch', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    // 44 epochs; the last one's losses (1/44 = 0.02273) are not those of the restored epoch 40.
    api.emitProgress({ points: epochs(1, 44), samplesPerSecond: 100, state: 'running' });
    api.emitFinished({
      ...FINISHED,
      reason: 'early-stopping',
      detail: 'The validation loss did not improve for 4 epochs; the parameters of epoch 40 …',
      epochs: 44,
      restoredEpoch: 40,
    });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect
      .element(status)
      .toHaveTextContent(
        'Finishedepoch 40 (best of 44, restored)train loss 0.05validation loss 0.08stopped: validation loss stopped improving (early stopping)',
      );
    await screen.getByRole('tab', { name: 'Results' }).click();
    await expect.element(screen.getByRole('cell', { name: '0.05', exact: true })).toBeVisible();
  });
});

describe('the status line during a long epoch', () => {
  it('shows how far into the epoch the run is and its speed, then the epoch once it is done', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 100, state: 'running' });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(/^Trainingepoch 2train loss 0\.5/);
    api.emitProgress({
      points: [],
      samplesPerSecond: 12_345,
      state: 'running',
      underway: { epoch: 3, batches: 4500, of: 10_000 },
    });
    // The last whole epoch's losses stay; the epoch under way and the speed follow.
    await expect
      .element(status)
      .toHaveTextContent(
        'Trainingepoch 2train loss 0.5validation loss 0.6largest change 0.005epoch 3: 45 % (4,500 of 10,000 batches)12,345 samples/s',
      );
    const spans = [...status.element().querySelectorAll('span')].map((s) => s.textContent);
    expect(spans.at(-2)).toBe('epoch 3: 45 % (4,500 of 10,000 batches)');
    // The loss curve has the whole epochs only.
    await screen.getByRole('button', { name: 'Show table' }).click();
    const table = screen.getByRole('table', { name: 'Loss curve points' });
    await expect.element(table.getByRole('row')).toHaveLength(4);
    // The epoch done: its losses, and no place in an epoch.
    api.emitProgress({ points: epochs(3, 1), samplesPerSecond: 11_000, state: 'running' });
    await expect.element(status).toHaveTextContent(/^Trainingepoch 3train loss 0\.3333/);
    await expect.element(status).not.toHaveTextContent('%');
    await expect.element(table.getByRole('row')).toHaveLength(5);
  });
});

describe('the status line after a Step of a batch', () => {
  it('reports the batches of the epoch and the losses and largest change they left', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    // Two Steps of a batch from the inspector: the host reports paused, inside epoch 1.
    const inside = { epochs: 0, of: 7, validationLoss: 1.001 };
    api.emitProgress({
      points: epochs(0, 1),
      samplesPerSecond: 0,
      state: 'paused',
      inside: { ...inside, batches: 1, trainLoss: 1.05, maxChange: 0.3 },
    });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(/^Pausedepoch 0 \+ 1 of 7 batches/);
    api.emitProgress({
      points: [],
      samplesPerSecond: 0,
      state: 'paused',
      inside: { ...inside, batches: 2, trainLoss: 0.9876, maxChange: 0.444 },
    });
    await expect
      .element(status)
      .toHaveTextContent(
        'Pausedepoch 0 + 2 of 7 batchestrain loss 0.9876validation loss 1.001largest change 0.444',
      );
  });
});

describe('the status line paused inside a long epoch', () => {
  it('says Paused and where at once, the losses as being computed, then the losses', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await expect.element(screen.getByText('150 rows · 5 columns')).toBeVisible();
    api.emitProgress({ points: epochs(0, 3), samplesPerSecond: 5000, state: 'running' });
    // Pause: the host reports the state at once, its losses still being computed.
    const where = { epochs: 2, batches: 278, of: 547, maxChange: 0.0123 };
    api.emitProgress({
      points: [],
      samplesPerSecond: 0,
      state: 'paused',
      inside: { ...where, trainLoss: null, validationLoss: null },
    });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect
      .element(status)
      .toHaveTextContent(
        'Pausedepoch 2 + 278 of 547 batchescomputing losses…largest change 0.0123',
      );
    await expect.element(screen.getByRole('button', { name: 'Resume' })).toBeVisible();
    // The losses come: they replace the notice.
    api.emitProgress({
      points: [],
      samplesPerSecond: 0,
      state: 'paused',
      inside: { ...where, trainLoss: 0.25, validationLoss: 0.3 },
    });
    await expect
      .element(status)
      .toHaveTextContent(
        'Pausedepoch 2 + 278 of 547 batchestrain loss 0.25validation loss 0.3largest change 0.0123',
      );
  });
});

describe('the status line of a reopened project', () => {
  /** Saved paused after a Step of an epoch and two of a batch (as the session reports it). */
  const paused: OpenedProject = {
    summary: IRIS_SUMMARY,
    config: IRIS_CONFIG,
    history: epochs(0, 2),
    stopReason: null,
    result: null,
    inside: {
      epochs: 1,
      batches: 2,
      of: 7,
      trainLoss: 0.9876,
      validationLoss: 1.001,
      maxChange: 0.444,
    },
  };
  const live =
    'Pausedepoch 1 + 2 of 7 batchestrain loss 0.9876validation loss 1.001largest change 0.444';

  it('paused inside an epoch, says where and its losses, as the live run did', async () => {
    const api = new FakeApi();
    api.project = paused;
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open project…' }).click();
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(live);
  });

  it('and so after the page reloaded while paused there', async () => {
    const api = new FakeApi();
    api.session = paused;
    const screen = await render(App, { props: { api } });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent(live);
  });

  it('opened on other data, gives the losses the Results give, and says the data differs', async () => {
    const api = new FakeApi();
    // The saved last epoch's losses (1/30, 0.04) are of the data trained on; the results (0.05,
    // 0.08) of the weights on the data now loaded.
    api.project = {
      summary: IRIS_SUMMARY,
      config: IRIS_CONFIG,
      history: epochs(0, 31),
      stopReason: 'max-epochs',
      result: { ...FINISHED, reason: 'max-epochs', epochs: 30, detail: '' },
      otherData: true,
    };
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open project…' }).click();
    await expect
      .element(screen.getByText(/Project opened: iris.csv/))
      .toHaveTextContent('not the dataset the project was trained on');
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect
      .element(status)
      .toHaveTextContent(
        `Finishedepoch 30train loss 0.05validation loss 0.08${OTHER_DATA}stopped: reached the maximum number of epochs`,
      );
    await screen.getByRole('tab', { name: 'Results' }).click();
    const metrics = screen.getByRole('table', { name: 'Metrics' });
    await expect
      .element(metrics.getByRole('row', { name: /Validation/ }))
      .toHaveTextContent('0.08');
    await expect
      .element(screen.getByText(/Of the project's weights on this dataset/))
      .toHaveTextContent('not the one it was trained on');
    // Trained on, its numbers are of this data: nothing more to say.
    api.emitProgress({ points: epochs(31, 1), samplesPerSecond: 10, state: 'running' });
    await expect.element(status).not.toHaveTextContent(OTHER_DATA);
  });
});

describe('the status line when it wraps', () => {
  it('breaks between its parts, never inside a number ("8.033e-" / "4")', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    await screen.getByRole('button', { name: 'Start training' }).click();
    const point = { epoch: 1234, trainLoss: 0.0123456, validationLoss: 0.0234567 };
    api.emitProgress({
      points: [{ ...point, maxChange: 8.0331e-4, elapsedMs: 10 }],
      samplesPerSecond: 123_456,
      state: 'running',
    });
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveTextContent('largest change 8.033e-4');
    const line = status.element() as HTMLElement;
    const parts = [...line.querySelectorAll('span')];
    // Every width from the narrowest the bar allows to one line: each part stays on one line.
    let wrapped = 0;
    for (let width = 320; width <= 900; width += 4) {
      line.style.width = `${width}px`;
      line.style.flex = 'none';
      for (const part of parts) {
        // The part's own text (its separator before it may end the line above).
        const text = document.createRange();
        text.selectNodeContents(part);
        const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));
        expect(lines.size, `"${part.textContent}" at ${width}px`).toBe(1);
      }
      if (new Set(parts.map((p) => Math.round(p.getBoundingClientRect().top))).size > 1) wrapped++;
    }
    // The line did wrap at most of those widths (between parts).
    expect(wrapped).toBeGreaterThan(10);
  });
});

describe('the status line for screen readers', () => {
  it('is not announced while the run trains (it changes 5 times a second), and is when it pauses or ends', async () => {
    const api = new FakeApi();
    const screen = await render(App, { props: { api } });
    await screen.getByRole('button', { name: 'Open dataset…' }).click();
    const status = screen.getByRole('region', { name: 'Training' }).getByRole('status');
    await expect.element(status).toHaveAttribute('aria-live', 'polite');
    await screen.getByRole('button', { name: 'Start training' }).click();
    api.emitProgress({ points: epochs(1, 3), samplesPerSecond: 100, state: 'running' });
    await expect.element(status).toHaveTextContent('Training');
    await expect.element(status).toHaveAttribute('aria-live', 'off');
    api.emitProgress({ points: epochs(4, 1), samplesPerSecond: 100, state: 'paused' });
    await expect.element(status).toHaveTextContent('Paused');
    await expect.element(status).toHaveAttribute('aria-live', 'polite');
    api.emitProgress({ points: epochs(5, 1), samplesPerSecond: 100, state: 'running' });
    await expect.element(status).toHaveAttribute('aria-live', 'off');
    api.emitFinished(FINISHED);
    await expect.element(status).toHaveTextContent('Finished');
    await expect.element(status).toHaveAttribute('aria-live', 'polite');
  });
});
