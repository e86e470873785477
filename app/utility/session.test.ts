// The training session driven in-process through its real message protocol, with a fake host
// (Node's setImmediate as the scheduler, files from examples/). No Electron, no child process.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { modelNetwork, parseModel } from '../../core/model-format';
import { predict } from '../../core/forward';
import type { SessionConfig } from '../shared/api';
import { packHistory, unpackHistory } from '../shared/ipc';
import type { SessionOptions } from './session';
import { createWasmKernels } from '../../core/wasm/wasm-kernels';
import { harness as sessionHarness, iris, irisConfig } from './session-harness';

/** A session on the files given (and examples/iris.csv), in slices of 4 ms, on these kernels. */
function harness(
  files: Record<string, string> = {},
  kernels: Pick<SessionOptions, 'kernels' | 'evaluationKernels'> = {},
) {
  return sessionHarness({ files, options: { sliceMs: 4, ...kernels } });
}

describe('TrainingSession', () => {
  it('loads a CSV with progress and a summary, trains to the end and reports metrics', async () => {
    const h = harness();
    const summary = await h.call('load-dataset', { path: iris });
    expect(summary.rows).toBe(150);
    expect(summary.columns.map((c) => c.kind)).toEqual([
      'numeric',
      'numeric',
      'numeric',
      'numeric',
      'text',
    ]);
    expect(summary.suggestedRoles).toEqual(['input', 'input', 'input', 'input', 'target']);
    const progress = h.of('dataset-progress');
    expect(progress.at(-1)!.progress).toMatchObject({ name: 'iris.csv', rows: 150 });
    expect(progress.at(-1)!.progress.bytesRead).toBe(progress.at(-1)!.progress.totalBytes);

    await h.call('configure', { config: irisConfig() });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    expect(finished.reason).toBe('max-epochs');
    expect(finished.epochs).toBe(300);
    expect(finished.test?.metrics.kind).toBe('classification');
    if (finished.test?.metrics.kind === 'classification') {
      expect(finished.test.metrics.accuracy).toBeGreaterThan(0.85);
    }
    // Every epoch arrives exactly once (0 = the initial parameters), in order.
    const points = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    expect(points.map((p) => p.epoch)).toEqual(Array.from({ length: 301 }, (_, i) => i));
    expect(h.of('progress').at(-1)!.batch.state).toBe('finished');
  });

  it('takes a numeric target for classes when asked (targetClasses), else for a number', async () => {
    // iris with its species as 0, 1, 2
    const text = (await readFile(iris, 'utf8'))
      .replace(/setosa/g, '0')
      .replace(/versicolor/g, '1')
      .replace(/virginica/g, '2');
    const h = harness({ '/data/iris-coded.csv': text });
    const summary = await h.call('load-dataset', { path: '/data/iris-coded.csv' });
    expect(summary.columns[4]).toMatchObject({ kind: 'numeric', distinct: 3 });
    const metricsOf = async (config: SessionConfig) => {
      await h.call('configure', { config });
      await h.call('start', {});
      await h.until(() => h.of('finished').length > 0);
      const finished = h.of('finished')[0].result;
      h.messages.length = 0;
      return finished.test!.metrics;
    };
    const classes = await metricsOf({ ...irisConfig(), targetClasses: true });
    expect(classes.kind).toBe('classification');
    if (classes.kind === 'classification') {
      expect(classes.labels).toEqual(['0', '1', '2']);
      expect(classes.accuracy).toBeGreaterThan(0.85);
    }
    // A project keeps the choice.
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const k = harness({ '/data/iris-coded.csv': text });
    const opened = await k.call('open-project', { project, datasetPath: null });
    expect(opened.config.targetClasses).toBe(true);
    const number = await metricsOf({
      ...irisConfig(),
      outputActivation: 'identity',
      loss: 'mse',
      hyperparameters: { ...irisConfig().hyperparameters, learningRate: 0.05 },
    });
    expect(number.kind).toBe('regression');
    const bad = await h.send('configure', { config: { ...irisConfig(), targetClasses: 'yes' } });
    expect(bad.kind).toBe('failure');
    if (bad.kind === 'failure') expect(bad.error.message).toContain('targetClasses');
  });

  it('pauses, steps, resumes and stops between slices', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 1_000_000 }) });
    await h.call('start', {});
    await h.until(() =>
      h
        .of('progress')
        .some((m) => unpackHistory(m.batch.points).length > 0 && m.batch.state === 'running'),
    );
    await h.call('pause', {});
    expect(h.session.state).toBe('paused');
    const epochsAtPause = h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length;
    await new Promise((r) => setTimeout(r, 60));
    expect(h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length).toBe(
      epochsAtPause,
    );

    await h.call('step', { unit: 'epoch' });
    const afterStep = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    expect(afterStep.length).toBe(epochsAtPause + 1);
    expect(afterStep.at(-1)!.epoch).toBe(afterStep.at(-2)!.epoch + 1);

    await h.call('resume', {});
    expect(h.session.state).toBe('running');
    await new Promise((r) => setTimeout(r, 50));
    await h.call('stop', {});
    expect(h.session.state).toBe('finished');
    const finished = h.of('finished').at(-1)!.result;
    expect(finished.reason).toBe('cancelled');
    expect(finished.train.metrics.kind).toBe('classification');
  });

  it('sends at most ~30 progress messages a second, every epoch included', async () => {
    const h = harness();
    await h.call('open-example', { id: 'xor' });
    const start = performance.now();
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const seconds = (performance.now() - start) / 1000;
    const batches = h.of('progress').filter((m) => m.batch.state === 'running');
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(seconds * 30) + 2);
    const epochs = h
      .of('progress')
      .flatMap((m) => unpackHistory(m.batch.points).map((p) => p.epoch));
    const last = h.of('finished')[0].result.epochs;
    expect(epochs).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
  });

  it('refuses invalid messages with an error naming the field, before any work', async () => {
    const h = harness();
    const bad = await h.send('configure', {
      config: { ...irisConfig(), validationFraction: 'lots' },
    });
    expect(bad).toMatchObject({ kind: 'failure', error: { code: 'invalid-message' } });
    expect((bad as { error: { message: string } }).error.message).toContain(
      'payload.config.validationFraction',
    );
    const unknown = await h.send('format-disk', {});
    expect((unknown as { error: { message: string } }).error.message).toContain(
      'unknown command "format-disk"',
    );
    h.session.receive('not even an object');
    expect(h.of('error').at(-1)!.error.message).toMatch(/invalid message/);
    const hp = await h.send('configure', {
      config: irisConfig({ learningRate: 'fast' as unknown as number }),
    });
    expect((hp as { error: { message: string } }).error.message).toContain(
      'payload.config.hyperparameters.learningRate',
    );
  });

  it('reports data and configuration problems with their scope', async () => {
    const h = harness({ '/data/bad.csv': 'a,b\n1,2\n3\n' });
    const ragged = await h.send('load-dataset', { path: '/data/bad.csv' });
    expect(ragged).toMatchObject({ kind: 'failure', error: { scope: 'dataset' } });
    expect((ragged as { error: { message: string } }).error.message).toContain('bad.csv: row 3');
    const missing = await h.send('load-dataset', { path: '/nowhere.csv' });
    expect(missing).toMatchObject({ kind: 'failure', error: { code: 'dataset-missing' } });
    await h.call('load-dataset', { path: iris });
    const noTarget = await h.send('configure', {
      config: { ...irisConfig(), roles: ['input', 'input', 'input', 'input', 'input'] },
    });
    expect(noTarget).toMatchObject({ kind: 'failure', error: { scope: 'dataset' } });
    expect((noTarget as { error: { message: string } }).error.message).toContain(
      'no target column',
    );
    const badLr = await h.send('configure', { config: irisConfig({ learningRate: -1 }) });
    expect(badLr).toMatchObject({ kind: 'failure', error: { scope: 'config' } });
    expect((badLr as { error: { message: string } }).error.message).toContain('learningRate');
  });

  it('exports a model file that validates and predicts like the session', async () => {
    const h = harness();
    await h.call('open-example', { id: 'iris' });
    await h.call('step', { unit: 'epoch' });
    const exported = await h.call('export-model', {});
    const model = parseModel(exported.model.join(''), 'model.json');
    expect(model.topology).toEqual([4, 8, 3]);
    expect(model.training).toMatchObject({ epochs: 1, stopReason: null, stopDetail: '' });
    await h.call('stop', {});
    const stopped = parseModel((await h.call('export-model', {})).model.join(''), 'model.json');
    expect(stopped.training).toMatchObject({
      stopReason: 'cancelled',
      stopDetail: 'Cancelled after 1 epoch.',
    });
    expect(exported.files.map((f) => f.name)).toEqual([
      'W2.csv',
      'theta2.csv',
      'W3.csv',
      'theta3.csv',
    ]);
    expect(exported.files[0].text.split('\n')[0]).toContain('from');
    const snap = await h.call('network', {});
    expect(model.weights).toEqual(snap!.weights);
    const net = modelNetwork(model);
    const out = predict(net, { rows: 1, cols: 4, data: new Float64Array([0, 0, 0, 0]) });
    expect(Array.from(out.data).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('reproduces the seed 3-3-2 example with its fixed initial weights', async () => {
    const h = harness();
    const golden = JSON.parse(
      await readFile(
        new URL('../../core/fixtures/golden/seed-3-3-2-single-sample.json', import.meta.url),
        'utf8',
      ),
    );
    const { config } = await h.call('open-example', { id: 'seed-3-3-2' });
    expect(config.hyperparameters.maxEpochs).toBe(golden.epochs);
    const snap = await h.call('network', {});
    expect(snap!.weights).toEqual(golden.init.weights);
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const points = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    expect(points[0].trainLoss).toBeCloseTo(golden.expected.initialLoss, 12);
    points
      .slice(1)
      .forEach((p, k) => expect(p.trainLoss).toBeCloseTo(golden.expected.lossPerEpoch[k], 12));
  });

  it('inspects a row, checks gradients and draws a decision surface', async () => {
    const h = harness();
    await h.call('open-example', { id: 'spirals' });
    const inspection = await h.call('inspect', { request: { row: 'worst', batchMean: true } });
    expect(inspection.z).toHaveLength(4);
    expect(inspection.batchMean?.rows).toBe(16);
    const check = (await h.call('gradient-check', {}))!;
    expect(check.layers).toHaveLength(3);
    for (const layer of check.layers) expect(layer.maxRelativeError).toBeLessThan(1e-5);
    const surface = await h.call('surface', {
      request: { xFeature: 0, yFeature: 1, resolution: 10, hidden: true, output: 0 },
    });
    expect(surface.outputs).toHaveLength(2);
    expect(surface.outputs[0]).toHaveLength(100);
    expect(surface.hidden.map((l) => l.length)).toEqual([16, 16]);
    expect(surface.labels).toEqual(['A', 'B']);
    const outOfRange = await h.send('inspect', { request: { row: 10_000, batchMean: false } });
    expect(outOfRange.kind).toBe('failure');
  });

  it('saves a project and opens it again, noticing a moved or changed dataset', async () => {
    const csv = await readFile(iris, 'utf8');
    const files: Record<string, string> = { '/a/iris.csv': csv };
    const h = harness(files);
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const before = await h.call('network', {});
    const trained = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    expect(trained).toHaveLength(21);
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));

    const k = harness({ '/b/iris.csv': csv, '/a/iris.csv': csv.replace('5.1,3.5', '5.2,3.5') });
    const changed = await k.send('open-project', { project, datasetPath: null });
    expect(changed).toMatchObject({ kind: 'failure', error: { code: 'dataset-changed' } });
    const moved = await harness({}).send('open-project', { project, datasetPath: null });
    expect(moved).toMatchObject({ kind: 'failure', error: { code: 'dataset-missing' } });
    const opened = await k.call('open-project', { project, datasetPath: '/b/iris.csv' });
    expect(opened.config.hyperparameters.maxEpochs).toBe(20);
    // The loss curve and why it stopped come back with the data and settings.
    expect(opened.history).toEqual(trained);
    expect(opened.stopReason).toBe('max-epochs');
    expect(await k.call('network', {})).toEqual(before);
    expect(k.of('progress').at(-1)!.batch.state).toBe('finished');

    const broken = await k.send('open-project', {
      project: { ...project, version: 7 },
      datasetPath: null,
    });
    expect((broken as { error: { message: string } }).error.message).toContain('project.version');
  });

  it('opens a project on a changed copy of its dataset with the labels and scales its weights know', async () => {
    // The same rows in reverse: the classes appear in another order (virginica first) and the
    // seeded split takes other rows, so labels and z-scores derived again would differ.
    const csv = await readFile(iris, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    const reversed = [header, ...rows.reverse()].join('\n') + '\n';
    const h = harness({ '/a/iris.csv': csv });
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 50 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const before = await h.call('predict', { path: '/a/iris.csv' });
    const model = parseModel((await h.call('export-model', {})).model.join(''), 'model.json');
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.encoding).toEqual({ inputs: model.inputs, target: model.target });

    const k = harness({ '/a/iris.csv': csv, '/b/iris.csv': reversed });
    const opened = await k.call('open-project', { project, datasetPath: '/b/iris.csv' });
    expect(opened.result!.train.metrics).toMatchObject({
      labels: ['setosa', 'versicolor', 'virginica'],
    });
    expect(await k.call('predict', { path: '/a/iris.csv' })).toEqual(before);
    const again = parseModel((await k.call('export-model', {})).model.join(''), 'model.json');
    expect(again.inputs).toEqual(model.inputs);
    expect(again.target).toEqual(model.target);

    // A class the weights do not know cannot be encoded with them: the error names it.
    const renamed = harness({ '/c/iris.csv': reversed.replaceAll(',virginica', ',virginia') });
    const refused = await renamed.send('open-project', { project, datasetPath: '/c/iris.csv' });
    expect(refused).toMatchObject({ kind: 'failure' });
    expect((refused as { error: { message: string } }).error.message).toContain('"virginia"');
    // Older project files, without the encoding, open as before.
    const { encoding: _, ...older } = project;
    const old = harness({ '/a/iris.csv': csv });
    await old.call('open-project', { project: older, datasetPath: null });
    expect(await old.call('predict', { path: '/a/iris.csv' })).toEqual(before);
  });

  it('opens a project on a located copy whose columns are in another order, by the names its encoding gives', async () => {
    // The species first: config.roles, by place, would call it an input; the encoding, by name,
    // reads the columns the weights know.
    const csv = await readFile(iris, 'utf8');
    const moved = csv
      .trim()
      .split(/\r?\n/)
      .map((line) => {
        const cells = line.split(',');
        return [cells.at(-1), ...cells.slice(0, -1)].join(',');
      })
      .join('\n');
    const h = harness({ '/a/iris.csv': csv });
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const before = await h.call('predict', { path: '/a/iris.csv' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));

    const k = harness({ '/a/iris.csv': csv, '/b/moved.csv': moved + '\n' });
    await k.call('open-project', { project, datasetPath: '/b/moved.csv' });
    expect(await k.call('predict', { path: '/a/iris.csv' })).toEqual(before);
    // Roles that disagree with the encoding are refused on the file the project was saved with,
    // at its place or located elsewhere.
    const roles = project.config.roles.toReversed();
    const reversed = { ...project, config: { ...project.config, roles } };
    for (const datasetPath of [null, '/b/copy.csv']) {
      const refused = await harness({ '/a/iris.csv': csv, '/b/copy.csv': csv }).send(
        'open-project',
        { project: reversed, datasetPath },
      );
      expect(refused).toMatchObject({
        kind: 'failure',
        error: { message: expect.stringContaining('project.config.roles[0] says target') },
      });
    }
  });

  it('packs the loss history of a checkpoint into one typed array, and back', () => {
    const points = [
      { epoch: 0, trainLoss: 1.5, validationLoss: null, maxChange: 0, elapsedMs: 0 },
      { epoch: 1, trainLoss: 0.7, validationLoss: 0.9, maxChange: 0.25, elapsedMs: 3.5 },
    ];
    const packed = packHistory(points);
    expect(packed).toBeInstanceOf(Float64Array);
    expect(packed).toHaveLength(10);
    expect(unpackHistory(packed)).toEqual(points);
  });

  it('restores a checkpoint in a fresh session and resumes from its parameters', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig() });
    await h.call('step', { unit: 'epoch' });
    await h.call('step', { unit: 'epoch' });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    expect(unpackHistory(checkpoint.history).map((p) => p.epoch)).toEqual([0, 1, 2]);
    const fresh = harness();
    const restored = await fresh.call('restore', { checkpoint });
    expect(restored?.summary.rows).toBe(150);
    expect(await fresh.call('network', {})).toEqual(await h.call('network', {}));
    await fresh.call('step', { unit: 'epoch' });
    await h.call('step', { unit: 'epoch' });
    expect(
      fresh
        .of('progress')
        .flatMap((m) => unpackHistory(m.batch.points))
        .at(-1)!.epoch,
    ).toBe(3);
    expect(await fresh.call('network', {})).toEqual(await h.call('network', {}));
    // Stopping a restored, paused run ends it with an evaluation.
    const other = harness();
    await other.call('restore', { checkpoint });
    await other.call('stop', {});
    expect(other.of('finished')[0].result).toMatchObject({ reason: 'cancelled', epochs: 2 });
    expect(other.session.state).toBe('finished');
  });

  it('spaces checkpoints by what they cost: at most 5 % of the training time', async () => {
    // Every checkpoint "takes" 80 ms of the session's clock (a wide network's copy and post), so
    // timed ones come at least 1.6 s apart, not every checkpointMs = 100.
    let extra = 0;
    const clock = () => performance.now() + extra;
    const at: number[] = [];
    const h = sessionHarness({
      now: clock,
      options: { sliceMs: 4, checkpointMs: 100 },
      onPost: (m) => {
        if (m.kind !== 'checkpoint') return;
        at.push(clock());
        extra += 80;
      },
    });
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 10_000_000 }) });
    await h.call('start', {});
    const started = at.length;
    await h.until(() => clock() - at[started - 1] > 4000, 20_000);
    await h.call('pause', {});
    const timed = at.slice(started - 1, -1); // from start's checkpoint to before pause's
    expect(timed.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < timed.length; k++)
      expect(timed[k] - timed[k - 1]).toBeGreaterThanOrEqual(1600);
  });

  it('restores a checkpoint with the encoding of its weights, though the file changed', async () => {
    const csv = await readFile(iris, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    const files = { '/a/iris.csv': csv, '/a/new.csv': csv };
    const h = harness(files);
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig() });
    for (let e = 0; e < 20; e++) await h.call('step', { unit: 'epoch' });
    const before = await h.call('predict', { path: '/a/new.csv' });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    // Meanwhile the file was sorted the other way round: virginica comes first.
    files['/a/iris.csv'] = [header, ...rows.reverse()].join('\n') + '\n';
    const fresh = harness(files);
    await fresh.call('restore', { checkpoint });
    expect(await fresh.call('predict', { path: '/a/new.csv' })).toEqual(before);
    // The network comes with what its units stand for in that encoding: setosa is still first.
    const names = {
      inputs: ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'],
      outputs: ['setosa', 'versicolor', 'virginica'],
    };
    expect((await h.call('network', {}))!.names).toEqual(names);
    expect((await fresh.call('network', {}))!.names).toEqual(names);
  });

  it.each(['momentum', 'adam'] as const)(
    'restores the %s state of a checkpoint: the resumed run is the uninterrupted one',
    async (optimizer) => {
      const config = irisConfig({ optimizer, learningRate: 0.05, batchSize: 16 });
      const h = harness();
      await h.call('load-dataset', { path: iris });
      await h.call('configure', { config });
      for (let e = 0; e < 3; e++) await h.call('step', { unit: 'epoch' });
      const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
      // 90 training rows in batches of 16: 6 steps an epoch.
      expect(checkpoint.optimizer).toMatchObject({ optimizer, steps: 18 });
      expect(Object.keys(checkpoint.optimizer!.arrays)).toEqual(
        optimizer === 'adam' ? ['m', 'v'] : ['v'],
      );
      expect(checkpoint.optimizer!.arrays.v[0]).toBeInstanceOf(Float64Array);

      const fresh = harness();
      await fresh.call('restore', { checkpoint });
      // Crashing again before a step would lose nothing: its own checkpoint carries the state on.
      expect(fresh.of('checkpoint').at(-1)!.checkpoint.optimizer).toEqual(checkpoint.optimizer);
      for (let e = 0; e < 4; e++) {
        await fresh.call('step', { unit: 'epoch' });
        await h.call('step', { unit: 'epoch' });
      }
      expect(await fresh.call('network', {})).toEqual(await h.call('network', {}));
      expect(fresh.of('checkpoint').at(-1)!.checkpoint.optimizer).toEqual(
        h.of('checkpoint').at(-1)!.checkpoint.optimizer,
      );

      // A finished run has no optimizer to go on with; a reset or a new configuration neither.
      await h.call('stop', {});
      expect(h.of('checkpoint').at(-1)!.checkpoint.optimizer).toBeNull();
      await fresh.call('reset', {});
      expect(fresh.of('checkpoint').at(-1)!.checkpoint.optimizer).toBeNull();
    },
  );

  it('goes on mid-epoch from a project or a checkpoint as the uninterrupted run does', async () => {
    // Momentum, shuffled batches of 16 of the 90 training rows: 6 steps an epoch.
    const config = irisConfig({
      optimizer: 'momentum',
      learningRate: 0.05,
      batchSize: 16,
      shuffle: true,
    });
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    await h.call('step', { unit: 'epoch' });
    for (let b = 0; b < 3; b++) await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.resume.position).toMatchObject({ row: 48 });
    expect(project.resume.optimizer).toMatchObject({ optimizer: 'momentum', steps: 9 });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    expect(checkpoint.position).toEqual(project.resume.position);

    const opened = harness();
    await opened.call('open-project', { project, datasetPath: null });
    const restored = harness();
    await restored.call('restore', { checkpoint });
    for (let e = 0; e < 2; e++) {
      for (const session of [h, opened, restored]) await session.call('step', { unit: 'epoch' });
    }
    const expected = await h.call('network', {});
    expect(await opened.call('network', {})).toEqual(expected);
    expect(await restored.call('network', {})).toEqual(expected);
    // The epoch that was cut in two reports the largest change of all its batches.
    const last = (x: typeof h) => unpackHistory(x.of('checkpoint').at(-1)!.checkpoint.history);
    expect(last(opened).at(-1)).toMatchObject({ epoch: 3, maxChange: last(h).at(-1)!.maxChange });
    // A finished run has nothing to go on with.
    await h.call('stop', {});
    expect((await h.call('save-project', {})).resume).toBeNull();
  });

  it('stops inside an epoch: results, exported weights and final losses of the same parameters, which include the batches', async () => {
    // Batches of 16 of the 90 training rows: 6 steps an epoch.
    const config = irisConfig({ batchSize: 16, learningRate: 0.1 });
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    await h.call('step', { unit: 'epoch' });
    for (let b = 0; b < 2; b++) await h.call('step', { unit: 'batch' });
    const trained = await h.call('network', {});
    const lastEpoch = unpackHistory(h.of('checkpoint').at(-1)!.checkpoint.history).at(-1)!;
    expect(lastEpoch.epoch).toBe(1);
    await h.call('stop', {});

    const finished = h.of('finished')[0].result;
    const detail =
      'Cancelled after 1 epoch and 2 of the 6 batches of epoch 2 (the parameters include those batches).';
    expect(finished).toMatchObject({
      reason: 'cancelled',
      epochs: 1,
      partial: { batches: 2, of: 6 },
      detail,
    });
    // The two batches moved the parameters on from the last whole epoch: other losses.
    expect(finished.train.loss).not.toBe(lastEpoch.trainLoss);
    expect(finished.validation!.loss).not.toBe(lastEpoch.validationLoss);
    // Stop keeps them: the exported weights are those evaluated, and so are their final losses.
    expect(await h.call('network', {})).toEqual(trained);
    const model = parseModel((await h.call('export-model', {})).model.join(''), 'model.json');
    expect(model.weights).toEqual(trained!.weights);
    expect(model.training).toMatchObject({
      epochs: 1,
      stopReason: 'cancelled',
      stopDetail: detail,
      finalLoss: {
        train: finished.train.loss,
        validation: finished.validation!.loss,
        test: finished.test!.loss,
      },
    });

    // A reopened project and a restored checkpoint say the same.
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.stopPartial).toEqual({ batches: 2, of: 6 });
    const opened = harness();
    const reopened = await opened.call('open-project', { project, datasetPath: null });
    expect(reopened.result).toEqual(finished);
    const restored = harness();
    await restored.call('restore', { checkpoint: h.of('checkpoint').at(-1)!.checkpoint });
    expect((await restored.call('current', {}))!.result).toMatchObject({
      partial: { batches: 2, of: 6 },
      train: finished.train,
    });

    // At an epoch's boundary there is nothing partial; going on again clears it.
    await h.call('step', { unit: 'epoch' });
    expect((await h.call('current', {}))!.result).toBeNull();
    await h.call('stop', {});
    expect(h.of('finished')[1].result).toMatchObject({
      reason: 'cancelled',
      epochs: 2,
      partial: null,
      detail: 'Cancelled after 2 epochs.',
    });
  });

  it('writes the counts of the stop details with thousands separators, as the app does everywhere', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 1200 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    expect(h.of('finished')[0].result.detail).toBe('Reached the maximum of 1,200 epochs.');
    const model = parseModel((await h.call('export-model', {})).model.join(''), 'model.json');
    expect(model.training?.stopDetail).toBe('Reached the maximum of 1,200 epochs.');

    await h.call('configure', { config: irisConfig({ maxEpochs: 1_000_000 }) });
    h.messages.length = 0;
    await h.call('start', {});
    const epochs = () => h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length;
    await h.until(() => epochs() > 1001);
    await h.call('stop', {});
    const stopped = h.of('finished')[0].result;
    expect(stopped.epochs).toBeGreaterThanOrEqual(1000);
    expect(stopped.detail).toBe(
      `Cancelled after ${stopped.epochs.toLocaleString('en-US')} epochs.`,
    );
    expect(stopped.detail).toMatch(/^Cancelled after \d{1,3}(,\d{3})+ epochs\.$/);
  });

  it('stops a reopened run paused inside an epoch with the batches its parameters include', async () => {
    const config = irisConfig({ batchSize: 16, learningRate: 0.1 });
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    await h.call('step', { unit: 'epoch' });
    for (let b = 0; b < 4; b++) await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = harness();
    await opened.call('open-project', { project, datasetPath: null });
    await opened.call('stop', {});
    expect(opened.of('finished')[0].result).toMatchObject({
      epochs: 1,
      partial: { batches: 4, of: 6 },
      detail:
        'Cancelled after 1 epoch and 4 of the 6 batches of epoch 2 (the parameters include those batches).',
    });
    await h.call('stop', {});
    expect(opened.of('finished')[0].result.train).toEqual(h.of('finished')[0].result.train);
  });

  it("opens a finished project with its run's results, a paused one without", async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20 }) });
    await h.call('step', { unit: 'epoch' });
    const paused = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(
      (await harness().call('open-project', { project: paused, datasetPath: null })).result,
    ).toBeNull();
    await h.call('resume', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = await harness().call('open-project', { project, datasetPath: null });
    expect(opened.result).toEqual(finished);
    expect(opened.result?.detail).toBe('Reached the maximum of 20 epochs.');
  });

  it('reopens a float32 run with its own numbers: results and exported losses to the last digit', async () => {
    // WebAssembly kernels train; the same kernels over an ordinary memory evaluate.
    const wasm = {
      kernels: () => createWasmKernels(),
      evaluationKernels: () => createWasmKernels({ shared: false }),
    };
    const h = harness({}, wasm);
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20, dtype: 'float32' }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const finished = h.of('finished')[0].result;
    // The results are the Trainer's own losses, computed the same way…
    const last = h
      .of('progress')
      .flatMap((m) => unpackHistory(m.batch.points))
      .at(-1)!;
    expect(finished.train.loss).toBe(last.trainLoss);
    expect(finished.validation!.loss).toBe(last.validationLoss);
    const exported = await h.call('export-model', {});
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    // …and so are those of the reopened run.
    const opened = harness({}, wasm);
    expect((await opened.call('open-project', { project, datasetPath: null })).result).toEqual(
      finished,
    );
    expect(await opened.call('export-model', {})).toEqual(exported);
  });

  it('stops a reopened or restored run at the epoch limit of the uninterrupted run', async () => {
    const config = irisConfig({ maxEpochs: 6, batchSize: 16, shuffle: true });
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    for (let e = 0; e < 3; e++) await h.call('step', { unit: 'epoch' });
    await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.resume.position).toMatchObject({ epoch: 3, row: 16 });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    const opened = harness();
    await opened.call('open-project', { project, datasetPath: null });
    const restored = harness();
    await restored.call('restore', { checkpoint });
    for (const session of [h, opened, restored]) {
      await session.call('resume', {});
      await session.until(() => session.of('finished').length > 0);
    }
    const expected = await h.call('network', {});
    for (const session of [opened, restored]) {
      // They trained 6 epochs in all, as the uninterrupted run did (not 6 more).
      expect(session.of('finished')[0].result).toMatchObject({ reason: 'max-epochs', epochs: 6 });
      expect(await session.call('network', {})).toEqual(expected);
    }
    expect(h.of('finished')[0].result).toMatchObject({ reason: 'max-epochs', epochs: 6 });
  });

  it("keeps early stopping's best through a reopened or restored run", async () => {
    const config = irisConfig({ patience: 4, maxEpochs: 2000, batchSize: 16, learningRate: 2 });
    const whole = harness();
    await whole.call('load-dataset', { path: iris });
    await whole.call('configure', { config });
    await whole.call('start', {});
    await whole.until(() => whole.of('finished').length > 0);
    const expected = whole.of('finished')[0].result;
    expect(expected.reason).toBe('early-stopping');
    const best = Number(/the parameters of epoch (\d+)/.exec(expected.detail)![1]);
    // Paused an epoch and a batch past the best one, before patience runs out.
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config });
    for (let e = 0; e <= best; e++) await h.call('step', { unit: 'epoch' });
    await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    expect(project.resume.best).toMatchObject({ epoch: best });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    const opened = harness();
    await opened.call('open-project', { project, datasetPath: null });
    const restored = harness();
    await restored.call('restore', { checkpoint });
    for (const session of [opened, restored]) {
      await session.call('resume', {});
      await session.until(() => session.of('finished').length > 0);
      // Stopped where the uninterrupted run stopped, with the same best parameters restored.
      expect(session.of('finished')[0].result).toMatchObject({
        reason: 'early-stopping',
        epochs: expected.epochs,
        detail: expected.detail,
      });
      expect(await session.call('network', {})).toEqual(await whole.call('network', {}));
    }
  });

  it('tells a reloaded page what it holds (current): nothing, a dataset, a finished run', async () => {
    const h = harness();
    expect(await h.call('current', {})).toBeNull();
    const summary = await h.call('load-dataset', { path: iris });
    expect(await h.call('current', {})).toEqual({
      summary,
      config: null,
      history: [],
      stopReason: null,
      result: null,
    });
    const config = irisConfig({ maxEpochs: 5 });
    await h.call('configure', { config });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const current = await h.call('current', {});
    expect(current).toMatchObject({ summary, config, stopReason: 'max-epochs' });
    expect(current!.history.map((p) => p.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(current!.result).toEqual(h.of('finished')[0].result);
  });

  it('refuses a checkpoint whose optimizer state does not fit, naming the array', async () => {
    const h = harness();
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig({ optimizer: 'adam' }) });
    await h.call('step', { unit: 'epoch' });
    const checkpoint = h.of('checkpoint').at(-1)!.checkpoint;
    const { m, v } = checkpoint.optimizer!.arrays;
    const fresh = harness();
    const invalid = await fresh.send('restore', {
      checkpoint: {
        ...checkpoint,
        optimizer: { ...checkpoint.optimizer, arrays: { m: [[1]], v } },
      },
    });
    expect(invalid).toMatchObject({
      kind: 'failure',
      error: { code: 'invalid-message', message: expect.stringContaining('optimizer.arrays.m.0') },
    });
    await fresh.call('restore', {
      checkpoint: {
        ...checkpoint,
        optimizer: { ...checkpoint.optimizer!, arrays: { m: m.slice(1), v } },
      },
    });
    const step = await fresh.send('step', { unit: 'epoch' });
    expect(step).toMatchObject({
      kind: 'failure',
      error: {
        message: 'optimizer state (adam): m has 3 arrays, expected 4 (one per parameter array)',
      },
    });
  });

  it('predicts a file with the current model', async () => {
    const csv = await readFile(iris, 'utf8');
    const h = harness({ '/new.csv': csv.split('\n').slice(0, 4).join('\n') + '\n' });
    await h.call('open-example', { id: 'iris' });
    const { csv: out, rows } = await h.call('predict', { path: '/new.csv' });
    expect(rows).toBe(3);
    const lines = out.trim().split('\n');
    expect(lines[0]).toContain('predicted species');
    expect(lines[0]).toContain('p(setosa)');
    expect(lines).toHaveLength(4);
  });

  it('names sigmoid outputs output:label in predictions: only a softmax gives probabilities', async () => {
    const h = harness({ '/a/iris.csv': await readFile(iris, 'utf8') });
    await h.call('load-dataset', { path: '/a/iris.csv' });
    const config = { ...irisConfig(), outputActivation: 'sigmoid' as const, loss: 'mse' as const };
    await h.call('configure', { config });
    await h.call('step', { unit: 'epoch' });
    const [header, first] = (await h.call('predict', { path: '/a/iris.csv' })).csv.split('\n');
    expect(header.split(',').slice(5)).toEqual([
      'predicted species',
      'output:setosa',
      'output:versicolor',
      'output:virginica',
    ]);
    const outputs = first.split(',').slice(6).map(Number);
    expect(outputs.reduce((s, a) => s + a, 0)).not.toBeCloseTo(1, 2);
  });
});

describe('export-losses', () => {
  it('refuses before any epoch, then returns every epoch, also of a reopened, resumed run', async () => {
    const h = harness();
    const none = await h.send('export-losses', {});
    expect(none).toMatchObject({
      kind: 'failure',
      error: { scope: 'export', message: 'Train at least one epoch to export the loss history' },
    });
    await h.call('load-dataset', { path: iris });
    await h.call('configure', { config: irisConfig() });
    for (let e = 0; e < 3; e++) await h.call('step', { unit: 'epoch' });
    const { csv } = await h.call('export-losses', {});
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe('epoch,train_loss,validation_loss,max_change');
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual([0, 1, 2, 3]);
    const sent = h.of('progress').flatMap((m) => unpackHistory(m.batch.points));
    expect(Number(rows[3].split(',')[1])).toBe(sent.at(-1)!.trainLoss);
    expect(Number(rows[3].split(',')[2])).toBe(sent.at(-1)!.validationLoss);

    // Reopened and trained one more epoch: the numbering goes on from the saved run.
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const opened = harness();
    await opened.call('open-project', { project, datasetPath: null });
    expect((await opened.call('export-losses', {})).csv).toBe(csv);
    await opened.call('step', { unit: 'epoch' });
    const resumed = (await opened.call('export-losses', {})).csv;
    expect(resumed.startsWith(csv)).toBe(true);
    expect(resumed.trimEnd().split('\n').at(-1)!.split(',')[0]).toBe('4');

    // A reset run has no history again.
    await opened.call('reset', {});
    expect(await opened.send('export-losses', {})).toMatchObject({ kind: 'failure' });
  });
});

describe('a command that fails on bad input keeps what the session holds', () => {
  /** A run trained to its end on /a/iris.csv, its project, and what the session holds. */
  async function trainedRun(files: Record<string, string>) {
    const h = harness(files);
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20 }) });
    await h.call('start', {});
    await h.until(() => h.of('finished').length > 0);
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    const held = async () => ({
      current: await h.call('current', {}),
      network: await h.call('network', {}),
    });
    return { h, project, before: await held(), held };
  }

  it('keeps the dataset, settings and trained network when open-project fails after reading its dataset', async () => {
    const csv = await readFile(iris, 'utf8');
    const files = {
      '/a/iris.csv': csv,
      '/b/changed.csv': csv.replace('5.1,3.5', '5.2,3.5'),
      '/b/copy.csv': csv,
      '/b/other.csv': 'x,y\n1,a\n2,b\n3,a\n',
    };
    const { h, project, before, held } = await trainedRun(files);
    const changed = { ...project, dataset: { ...project.dataset, path: '/b/changed.csv' } };
    const copy = { ...project, dataset: { ...project.dataset, path: '/b/copy.csv' } };
    const failures: [unknown, string | null, string][] = [
      [changed, null, 'changed since the project was saved'],
      [project, '/b/other.csv', 'other.csv: no column named "sepal_length_cm"'],
      [
        { ...copy, parameters: { ...copy.parameters, weights: copy.parameters.weights.slice(1) } },
        null,
        'parameters.weights: expected 2 matrices',
      ],
      [
        { ...copy, config: { ...copy.config, hiddenLayers: [{ units: 7, activation: 'tanh' }] } },
        null,
        'parameters.weights[0]: must be 4×7 (W⁽²⁾, layer 1→2), got 4×',
      ],
    ];
    for (const [bad, datasetPath, message] of failures) {
      const reply = await h.send('open-project', { project: bad, datasetPath });
      expect(reply).toMatchObject({
        kind: 'failure',
        error: { message: expect.stringContaining(message) },
      });
      expect(await held()).toEqual(before);
    }
    // The kept run is whole: it saves as the same project.
    expect(JSON.parse(JSON.stringify(await h.call('save-project', {})))).toEqual(project);
    expect(h.of('checkpoint').at(-1)!.checkpoint.dataset).toEqual({
      kind: 'path',
      path: '/a/iris.csv',
    });
  });

  it('refuses a file that "|" separates and keeps the trained run, as the file was one column', async () => {
    const csv = await readFile(iris, 'utf8');
    const { h, project, before, held } = await trainedRun({
      '/a/iris.csv': csv,
      '/b/bad_pipe.csv': csv.replaceAll(',', '|'),
    });
    const reply = await h.send('load-dataset', { path: '/b/bad_pipe.csv' });
    expect(reply).toMatchObject({
      kind: 'failure',
      error: {
        message:
          'bad_pipe.csv: row 1: no comma, tab or semicolon separates the header\'s fields, but "|" seems to (5 fields); save the file with commas, tabs or semicolons between the fields',
      },
    });
    expect(await held()).toEqual(before);
    expect(JSON.parse(JSON.stringify(await h.call('save-project', {})))).toEqual(project);
  });

  it('refuses a file that spaces separate and keeps the trained run, as the file was one column', async () => {
    const csv = await readFile(iris, 'utf8');
    const { h, project, before, held } = await trainedRun({
      '/a/iris.csv': csv,
      // numpy.savetxt's layout: one space between the fields (iris's species last).
      '/b/iris_spaces.txt': csv.replaceAll(',', ' '),
    });
    const reply = await h.send('load-dataset', { path: '/b/iris_spaces.txt' });
    expect(reply).toMatchObject({
      kind: 'failure',
      error: {
        message:
          'iris_spaces.txt: row 1: no comma, tab or semicolon separates the header\'s fields, but spaces seem to, as in the rows below it (5 fields); save the file with commas, tabs or semicolons between the fields (numpy.savetxt: delimiter=",")',
      },
    });
    expect(await held()).toEqual(before);
    expect(JSON.parse(JSON.stringify(await h.call('save-project', {})))).toEqual(project);
  });

  it('refuses a project whose roles disagree with its encoding or whose epochs go back, keeping the run', async () => {
    const { h, project, before, held } = await trainedRun({
      '/a/iris.csv': await readFile(iris, 'utf8'),
    });
    const roles = [...project.config.roles];
    roles[0] = 'ignored';
    const history = project.history.map((p: { epoch: number }, i: number) =>
      i === 12 ? { ...p, epoch: 7 } : p,
    );
    const failures: [unknown, string][] = [
      [
        { ...project, config: { ...project.config, roles } },
        'Not a valid project file: project.encoding: column "sepal_length_cm" is an input, project.config.roles[0] says ignored',
      ],
      [
        { ...project, history },
        'Not a valid project file: project.history[12]: epoch 7 after epoch 11',
      ],
    ];
    for (const [bad, message] of failures) {
      const reply = await h.send('open-project', { project: bad, datasetPath: null });
      expect(reply).toMatchObject({ kind: 'failure', error: { scope: 'project', message } });
      expect(await held()).toEqual(before);
    }
    expect(JSON.parse(JSON.stringify(await h.call('save-project', {})))).toEqual(project);
  });

  it('pauses a live run that a failed open-project interrupted, to go on with its epochs', async () => {
    const csv = await readFile(iris, 'utf8');
    const h = harness({ '/a/iris.csv': csv, '/b/changed.csv': csv.replace('5.1,3.5', '5.2,3.5') });
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 20 }) });
    await h.call('step', { unit: 'batch' });
    const project = JSON.parse(JSON.stringify(await h.call('save-project', {})));
    await h.call('configure', { config: irisConfig({ maxEpochs: 1_000_000 }) });
    await h.call('start', {});
    await h.until(() => h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length > 5);
    const changed = { ...project, dataset: { ...project.dataset, path: '/b/changed.csv' } };
    const reply = await h.send('open-project', { project: changed, datasetPath: null });
    expect(reply).toMatchObject({ kind: 'failure', error: { code: 'dataset-changed' } });
    expect(h.of('progress').at(-1)!.batch.state).toBe('paused');
    const held = (await h.call('current', {}))!;
    expect(held.config?.hyperparameters.maxEpochs).toBe(1_000_000);
    const epochs = held.history.length;
    await h.call('resume', {});
    await h.until(
      () => h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length > epochs + 3,
    );
    await h.call('stop', {});
    // One run from epoch 0 on, as if it had never been interrupted.
    const { history } = (await h.call('current', {}))!;
    expect(history.length).toBeGreaterThan(epochs + 3);
    expect(history.map((p) => p.epoch)).toEqual(history.map((_, i) => i));
  });

  it('goes on training when a dataset that cannot be read is loaded during a run', async () => {
    const h = harness({ '/a/iris.csv': await readFile(iris, 'utf8'), '/bad.csv': 'a,b\n1,2\n3\n' });
    await h.call('load-dataset', { path: '/a/iris.csv' });
    await h.call('configure', { config: irisConfig({ maxEpochs: 1_000_000 }) });
    await h.call('start', {});
    const bad = await h.send('load-dataset', { path: '/bad.csv' });
    expect(bad).toMatchObject({
      kind: 'failure',
      error: { message: expect.stringContaining('bad.csv: row 3') },
    });
    const missing = await h.send('load-dataset', { path: '/nowhere.csv' });
    expect(missing).toMatchObject({ kind: 'failure', error: { code: 'dataset-missing' } });
    expect(h.of('finished')).toEqual([]);
    const epochs = h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length;
    await h.until(
      () => h.of('progress').flatMap((m) => unpackHistory(m.batch.points)).length > epochs + 3,
    );
    expect(h.of('progress').at(-1)!.batch.state).toBe('running');
    await h.call('stop', {});
  });
});
