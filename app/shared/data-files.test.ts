// Which names open as a dataset, and which as a project.
import { describe, expect, it } from 'vitest';
import { isProjectFile, notADataFile, notAProjectFile } from './data-files';

describe('a data file', () => {
  it('ends in .csv, .tsv or .txt, in any case, as a name or a path', () => {
    for (const name of ['iris.csv', 'IRIS.CSV', 'wine.tsv', 'notes.txt', '/data/iris.csv'])
      expect(notADataFile(name)).toBeNull();
    expect(notADataFile('C:\\data\\wine.Tsv')).toBeNull();
  });

  it('is refused otherwise, naming the file and what is expected', () => {
    expect(notADataFile('/work/iris.backprop.json')).toBe(
      'iris.backprop.json: not a data file (expected .csv, .tsv, .txt)',
    );
    expect(notADataFile('photo.png')).toBe(
      'photo.png: not a data file (expected .csv, .tsv, .txt)',
    );
    expect(notADataFile('csv')).toBe('csv: not a data file (expected .csv, .tsv, .txt)');
    expect(notADataFile('.csv')).toBe('.csv: not a data file (expected .csv, .tsv, .txt)');
  });
});

describe('a project file', () => {
  it('ends in .backprop.json', () => {
    expect(isProjectFile('iris.backprop.json')).toBe(true);
    expect(isProjectFile('/runs/Iris.Backprop.JSON')).toBe(true);
    expect(isProjectFile('iris.model.json')).toBe(false);
    expect(isProjectFile('backprop.json.csv')).toBe(false);
  });

  it('is refused otherwise where a project is expected, naming the file', () => {
    expect(notAProjectFile('C:\\runs\\Run.BACKPROP.json')).toBeNull();
    expect(notAProjectFile('/data/iris.csv')).toBe(
      'iris.csv: not a project file (expected .backprop.json)',
    );
    expect(notAProjectFile('iris.model.json')).toBe(
      'iris.model.json: not a project file (expected .backprop.json)',
    );
  });
});
