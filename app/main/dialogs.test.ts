import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as electron from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { resetElectronMock } from '../../test/electron-mock';
import { tempDir } from '../../test/temp-dir';
import { asProjectPath, nativeDialogs, replaceLayerFilesQuestion } from './dialogs';

const mock = electron as unknown as typeof import('../../test/electron-mock');

afterEach(() => {
  resetElectronMock();
  mock.dialog.showOpenDialog.mockClear();
  mock.dialog.showSaveDialog.mockClear();
  mock.dialog.showMessageBox.mockClear();
});

describe('native dialogs', () => {
  it('open datasets filtered to CSV/TSV and projects to JSON, attached to the window', async () => {
    const win = new mock.BrowserWindow();
    const dialogs = nativeDialogs(() => win as never);
    mock.dialog.answers = ['/data/iris.csv', undefined, '/work/run.json'];
    expect(await dialogs.openDataset()).toBe('/data/iris.csv');
    expect(await dialogs.openDataset()).toBeNull();
    expect(await dialogs.openProject()).toBe('/work/run.json');
    const [parent, options] = mock.dialog.showOpenDialog.mock.calls[0] as unknown as [
      unknown,
      Electron.OpenDialogOptions,
    ];
    expect(parent).toBe(win);
    expect(options.filters![0].extensions).toEqual(['csv', 'tsv', 'txt']);
    const project = mock.dialog.showOpenDialog.mock.calls[2] as unknown as [
      unknown,
      Electron.OpenDialogOptions,
    ];
    expect(project[1].filters).toEqual([{ name: 'Backprop Studio project', extensions: ['json'] }]);
  });

  it('title the open dialog with what it is for, and say it in the message macOS shows instead', async () => {
    const dialogs = nativeDialogs(() => null);
    mock.dialog.answers = [undefined, undefined];
    await dialogs.openDataset();
    await dialogs.openDataset('Predict a file');
    const options = mock.dialog.showOpenDialog.mock.calls.map(
      (call) => call.at(-1) as unknown as Electron.OpenDialogOptions,
    );
    expect(options.map((o) => o.title)).toEqual(['Open dataset', 'Predict a file']);
    expect(options.map((o) => o.message)).toEqual(['Open dataset', 'Predict a file']);
  });

  it('save with a suggested name and the right filter', async () => {
    const dialogs = nativeDialogs(() => null);
    mock.dialog.answers = ['/out/model.json', '/out/pred.csv', undefined, '/out/loss.csv'];
    expect(await dialogs.saveModel('model.json')).toBe('/out/model.json');
    expect(await dialogs.savePredictions('iris-predictions.csv')).toBe('/out/pred.csv');
    expect(await dialogs.saveProject('iris.backprop.json')).toBeNull();
    expect(await dialogs.saveLosses('iris-loss.csv')).toBe('/out/loss.csv');
    const calls = mock.dialog.showSaveDialog.mock.calls as unknown as [
      Electron.SaveDialogOptions,
    ][];
    expect(calls[0][0]).toMatchObject({
      defaultPath: 'model.json',
      filters: [{ extensions: ['json'] }],
    });
    expect(calls[1][0]).toMatchObject({
      defaultPath: 'iris-predictions.csv',
      filters: [{ extensions: ['csv'] }],
    });
    expect(calls[3][0]).toMatchObject({
      title: 'Export loss history',
      defaultPath: 'iris-loss.csv',
      filters: [{ extensions: ['csv'] }],
    });
  });

  it('name a project as one, whatever was typed, so that a drop on the window opens it', () => {
    expect(asProjectPath('/p/run')).toBe('/p/run.backprop.json');
    expect(asProjectPath('/p/run.json')).toBe('/p/run.backprop.json');
    expect(asProjectPath('/p/run.JSON')).toBe('/p/run.backprop.json');
    expect(asProjectPath('/p/run.v2')).toBe('/p/run.v2.backprop.json');
    expect(asProjectPath('/p/run.backprop.json')).toBe('/p/run.backprop.json');
    expect(asProjectPath('C:\\p\\Run.Backprop.JSON')).toBe('C:\\p\\Run.Backprop.JSON');
  });

  it('add the extension to a name typed without one, asking before replacing a file', async () => {
    const dir = tempDir('bps-dialogs-');
    await writeFile(join(dir, 'run.backprop.json'), '{}');
    const dialogs = nativeDialogs(() => null);
    // As Linux's dialog answers: the name as typed.
    mock.dialog.answers = [
      join(dir, 'weights'),
      join(dir, 'scores'),
      join(dir, 'curve'),
      join(dir, 'notes.txt'),
    ];
    expect(await dialogs.saveModel('model.json')).toBe(join(dir, 'weights.json'));
    expect(await dialogs.savePredictions('p.csv')).toBe(join(dir, 'scores.csv'));
    expect(await dialogs.saveLosses('iris-loss.csv')).toBe(join(dir, 'curve.csv'));
    // A project is always named as one: a drop on the window would take notes.txt for data.
    expect(await dialogs.saveProject('iris.backprop.json')).toBe(
      join(dir, 'notes.txt.backprop.json'),
    );
    expect(mock.dialog.showMessageBox).not.toHaveBeenCalled();
    // A project typed as "run" is run.backprop.json, a name a drop on the window opens as one.
    // It exists: Cancel keeps it, Replace takes it.
    mock.dialog.answers = [join(dir, 'run'), 1, join(dir, 'run'), 0];
    expect(await dialogs.saveProject('iris.backprop.json')).toBeNull();
    expect(await dialogs.saveProject('iris.backprop.json')).toBe(join(dir, 'run.backprop.json'));
    const [options] = mock.dialog.showMessageBox.mock.calls[0] as unknown as [
      Electron.MessageBoxOptions,
    ];
    expect(options).toMatchObject({
      message: '“run.backprop.json” already exists. Replace it?',
      buttons: ['Replace', 'Cancel'],
      cancelId: 1,
    });
  });

  it('ask before an export replaces or deletes layer files, naming them; Cancel is the default', async () => {
    const win = new mock.BrowserWindow();
    const dialogs = nativeDialogs(() => win as never);
    const model = join('/out', 'iris.model.json');
    const layers = ['W2', 'theta2', 'W3', 'theta3', 'W4'].map((n) =>
      join('/out', `iris.model-${n}.csv`),
    );
    mock.dialog.answers = [1, 0, 1];
    expect(await dialogs.confirmReplaceLayerFiles(model, layers.slice(0, 1), [])).toBe(false);
    expect(await dialogs.confirmReplaceLayerFiles(model, layers.slice(0, 4), [])).toBe(true);
    expect(await dialogs.confirmReplaceLayerFiles(model, [], layers.slice(3))).toBe(false);
    const calls = mock.dialog.showMessageBox.mock.calls as unknown as [
      unknown,
      Electron.MessageBoxOptions,
    ][];
    expect(calls.map(([parent]) => parent)).toEqual([win, win, win]);
    expect(calls.map(([, options]) => [options.message, options.detail])).toEqual([
      [
        'iris.model-W2.csv beside iris.model.json already exists.',
        "In /out, exporting replaces iris.model-W2.csv with this network's weights.",
      ],
      [
        'iris.model-W2.csv and 3 other files beside iris.model.json already exist.',
        "In /out, exporting replaces iris.model-W2.csv, iris.model-theta2.csv, iris.model-W3.csv and iris.model-theta3.csv with this network's weights.",
      ],
      [
        'iris.model-theta3.csv and 1 other file beside iris.model.json already exist.',
        'In /out, exporting deletes iris.model-theta3.csv and iris.model-W4.csv (this network has no such layer).',
      ],
    ]);
    expect(calls[0][1]).toMatchObject({
      title: 'Replace existing files?',
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
    });
  });

  it('list five or more files by their first three and a count', () => {
    const names = ['W2', 'theta2', 'W3', 'theta3', 'W4'].map((n) => `/out/m-${n}.csv`);
    expect(replaceLayerFilesQuestion('/out/m.json', names, []).detail).toBe(
      "In /out, exporting replaces m-W2.csv, m-theta2.csv, m-W3.csv and 2 more with this network's weights.",
    );
  });

  it('asks what to do about a missing or changed dataset', async () => {
    const dialogs = nativeDialogs(() => null);
    mock.dialog.answers = [0, 1, 1, 2];
    expect(await dialogs.askLocateDataset('gone', false)).toBe('locate');
    expect(await dialogs.askLocateDataset('gone', false)).toBe('cancel');
    expect(await dialogs.askLocateDataset('changed', true)).toBe('use-anyway');
    expect(await dialogs.askLocateDataset('changed', true)).toBe('cancel');
    // Buttons on Windows too, not command links.
    const asked = mock.dialog.showMessageBox.mock.calls.map(
      (call) => call.at(-1) as unknown as Electron.MessageBoxOptions,
    );
    expect(asked.at(-1)).toMatchObject({
      buttons: ['Locate…', 'Use It Anyway', 'Cancel'],
      noLink: true,
    });
  });
});
