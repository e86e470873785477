// Early stopping through the session's message protocol: when patience runs out and the best
// epoch's parameters are restored, the finished result says which epoch they are (restoredEpoch),
// its losses are that epoch's, as are the exported weights' final losses; a checkpoint, a project
// and the session a reloaded page asks about (`current`) keep it.
import { describe, expect, it } from 'vitest';
import { unpackHistory } from '../shared/ipc';
import { harness, iris, irisConfig } from './session-harness';

const config = irisConfig({ learningRate: 2, batchSize: 16, maxEpochs: 2000, patience: 4 });

describe('a run stopped early', () => {
  it('says which epoch it restored, with that epoch’s losses, kept in checkpoints and projects', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    await h.call('start', {});
    await new Promise<void>((resolve) => {
      const wait = () => (h.of('finished').length > 0 ? resolve() : setTimeout(wait, 5));
      wait();
    });
    const finished = h.of('finished')[0].result;
    expect(finished.reason).toBe('early-stopping');
    const best = Number(/the parameters of epoch (\d+)/.exec(finished.detail)![1]);
    expect(finished.restoredEpoch).toBe(best);
    // Patience ran out after 4 epochs without a lower validation loss than the restored one's.
    expect(finished.epochs).toBe(best + 4);
    const history = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    const restored = history.find((p) => p.epoch === best)!;
    const validationLosses = history.map((p) => p.validationLoss!);
    expect(restored.validationLoss).toBe(Math.min(...validationLosses));
    // Its losses are the restored epoch's, not the last epoch's.
    expect(finished.validation!.loss).toBeCloseTo(restored.validationLoss!, 12);
    expect(finished.train.loss).toBeCloseTo(restored.trainLoss, 12);
    expect(finished.train.loss).not.toBeCloseTo(history.at(-1)!.trainLoss, 6);
    const model = JSON.parse((await h.call('export-model', {})).model.join(''));
    expect(model.training.finalLoss.validation).toBe(finished.validation!.loss);

    // A checkpoint, a project and the session a reloaded page asks about keep the epoch.
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    expect(checkpoint.stopRestoredEpoch).toBe(best);
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.stopRestoredEpoch).toBe(best);
    expect((await h.call('current', {}))!.result).toEqual(finished);
    const opened = harness();
    const reopened = await opened.call('open-project', { project, datasetPath: null });
    expect(reopened.result).toEqual(finished);
    const recovered = harness();
    await recovered.call('restore', { checkpoint });
    expect((await recovered.call('current', {}))!.result).toMatchObject({
      restoredEpoch: best,
      validation: { loss: finished.validation!.loss },
    });
  });

  it('restores nothing when another criterion or Stop ends the run', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', {
      config: { ...config, hyperparameters: { ...config.hyperparameters, maxEpochs: 2 } },
    });
    await h.call('step', { unit: 'epoch' });
    await h.call('step', { unit: 'epoch' });
    expect(h.of('finished')[0].result).toMatchObject({ reason: 'max-epochs', restoredEpoch: null });
    expect(h.of('checkpoint').at(-1)!.checkpoint.stopRestoredEpoch).toBeNull();
  });
});
