// A project opened on a dataset of other content than it was saved with, the user having chosen
// to use it as it is: what the session reports of it is of its weights on the data now loaded, and
// it says that the data differs (`otherData`), so that the status line and the Results agree.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { harness, iris, irisConfig } from './session-harness';

/** Iris with every sepal length 0.5 cm longer: the same columns, other content. */
async function irisFiles() {
  const csv = await readFile(iris, 'utf8');
  const [header, ...rows] = csv.trimEnd().split('\n');
  const longer = rows.map((row) => {
    const [first, ...rest] = row.split(',');
    return [(Number(first) + 0.5).toFixed(1), ...rest].join(',');
  });
  return { same: csv, other: [header, ...longer].join('\n') + '\n' };
}

async function savedProject(csv: string, train: (h: ReturnType<typeof harness>) => Promise<void>) {
  const h = harness({ files: { '/a/iris.csv': csv } });
  await h.call('load-dataset', { path: '/a/iris.csv' });
  await h.call('configure', { config: irisConfig({ maxEpochs: 30, batchSize: 16 }) });
  await train(h);
  return JSON.parse(JSON.stringify(await h.call('save-project', {}))) as unknown;
}

describe('a project used on other data', () => {
  it('reports its results on the data loaded and says the data differs', async () => {
    const { same, other } = await irisFiles();
    const project = await savedProject(same, async (h) => {
      await h.call('start', {});
      await h.until(() => h.of('finished').length > 0);
    });
    const k = harness({ files: { '/a/iris.csv': other } });
    const refused = await k.send('open-project', { project, datasetPath: null });
    expect(refused).toMatchObject({ kind: 'failure', error: { code: 'dataset-changed' } });
    // "Use it as it is": both hosts send the saved path back as the located one.
    const opened = await k.call('open-project', { project, datasetPath: '/a/iris.csv' });
    expect(opened.otherData).toBe(true);
    const last = opened.history.at(-1)!;
    // The results are of the weights on this data, not the losses the run saved.
    expect(opened.result!.validation!.loss).not.toBeCloseTo(last.validationLoss!, 6);
    expect((await k.call('current', {}))!.otherData).toBe(true);

    // The same content, found or located: nothing differs.
    const s = harness({ files: { '/b/iris.csv': same } });
    const located = await s.call('open-project', { project, datasetPath: '/b/iris.csv' });
    expect(located.otherData).toBeUndefined();
    expect(located.result!.validation!.loss).toBeCloseTo(last.validationLoss!, 12);
  });

  it('paused inside an epoch, reports its losses on the data loaded; training on ends the notice', async () => {
    const { same, other } = await irisFiles();
    const project = await savedProject(same, async (h) => {
      await h.call('step', { unit: 'batch' });
    });
    const s = harness({ files: { '/a/iris.csv': same } });
    const asSaved = (await s.call('open-project', { project, datasetPath: null })).inside!;
    const k = harness({ files: { '/a/iris.csv': other } });
    const opened = await k.call('open-project', { project, datasetPath: '/a/iris.csv' });
    expect(opened.otherData).toBe(true);
    expect(opened.inside).toMatchObject({ epochs: 0, batches: 1, of: asSaved.of });
    expect(opened.inside!.trainLoss).not.toBeCloseTo(asSaved.trainLoss!, 6);
    // Trained on, the run's numbers are of this data: nothing else to say.
    await k.call('step', { unit: 'batch' });
    expect((await k.call('current', {}))!.otherData).toBeUndefined();
  });
});
