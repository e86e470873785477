// The session's dataset: the table read from a file or a built-in example, what a checkpoint and a
// project file name it by (its ref; a file's name, size and fingerprint, to notice that it
// changed), and the parameters a network on it starts from (an example's fixed ones, else seeded).
import type { Table } from '../../core/csv';
import { summarize } from '../../core/dataset';
import { createNetwork, networkFromArrays } from '../../core/network';
import { Random } from '../../core/random';
import type { DatasetSummary, Network } from '../../core/types';
import type { DatasetProgress, ExampleId, SessionConfig } from '../shared/api';
import type { DatasetRef } from '../shared/ipc';
import { EXAMPLES } from './examples';
import type { Prepared } from './prepare';
import type { ProjectDataset } from './project';
import { readTable, textSource, type TextSource } from './text-source';

export interface Dataset {
  ref: DatasetRef;
  name: string;
  size: number;
  fingerprint: string;
  table: Table;
  summary: DatasetSummary;
  /** Fixed initial parameters of a built-in example, used while its topology is kept. */
  initial: { weights: number[][][]; biases: number[][] } | null;
}

/** How reading a dataset reports its progress: at most every `everyMs` of `now`, and once read. */
export interface ProgressReport {
  now(): number;
  everyMs: number;
  report(progress: DatasetProgress): void;
}

/** Reads `source` whole; the reader's errors (DataError: file, row and column) propagate. */
export async function readDataset(
  ref: DatasetRef,
  source: TextSource,
  initial: Dataset['initial'],
  { now, everyMs, report }: ProgressReport,
): Promise<Dataset> {
  const { name, size } = source;
  let lastProgress = -Infinity;
  const { table, fingerprint } = await readTable(source, (bytesRead, rows) => {
    const t = now();
    if (t - lastProgress < everyMs) return;
    lastProgress = t;
    report({ name, bytesRead, totalBytes: size, rows });
  });
  report({ name, bytesRead: size, totalBytes: size, rows: table.rows });
  return { ref, name, size, fingerprint, table, summary: summarize(table), initial };
}

/** A built-in example's text and fixed initial parameters, to read as a dataset. */
export function exampleSource(id: ExampleId): {
  ref: DatasetRef;
  source: TextSource;
  initial: Dataset['initial'];
} {
  const example = EXAMPLES[id];
  return {
    ref: { kind: 'example', id },
    source: textSource(example.name, example.csv()),
    initial: example.initial,
  };
}

/** A dataset as the project file names it: an example by its id, a file by path and content. */
export function projectDataset({ ref, name, size, fingerprint }: Dataset): ProjectDataset {
  if (ref.kind === 'example') return { kind: 'example', id: ref.id };
  return { kind: 'path', path: ref.path, name, size, fingerprint };
}

/** Seeded initial parameters, or the example's fixed ones when the topology is theirs. */
export function initialNetwork(
  prepared: Prepared,
  config: SessionConfig,
  dataset: Dataset,
): Network {
  const hp = config.hyperparameters;
  const initial = dataset.initial;
  if (initial) {
    const shape = [
      initial.weights.length ? initial.weights[0].length : 0,
      ...initial.biases.map((b) => b.length),
    ];
    if (JSON.stringify(shape) === JSON.stringify(prepared.spec.topology)) {
      return networkFromArrays(prepared.spec, initial.weights, initial.biases, hp.dtype);
    }
  }
  return createNetwork(prepared.spec, {
    dtype: hp.dtype,
    initScheme: hp.initScheme,
    random: new Random(hp.seed),
  });
}
