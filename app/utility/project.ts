// The project file, written and read here: everything needed to pick a session up again: where
// the dataset is (and a fingerprint of its content, to notice that it changed), the column roles
// and every setting, the loss history, why training stopped, the weights and what their inputs and
// outputs mean (the encoding and normalization), and for a paused run the optimizer's state and
// its place in the epoch. Plain JSON, validated on open (errors name the field).
import { z } from 'zod';
import { featureNames } from '../../core/dataset';
import { MODEL_FORMAT, modelEncoding, modelSchema, repeatedName } from '../../core/model-format';
import { normalizationProblem } from '../../core/normalization';
import { networkFromArrays, networkToArrays } from '../../core/network';
import type { OptimizerState } from '../../core/optimizer';
import type { BestSoFar } from '../../core/train';
import { OPTIMIZER_NAMES, type ColumnRole, type Network, type NetworkSpec } from '../../core/types';
import type { GradientCheckResult, SessionConfig } from '../shared/api';
import {
  datasetRefSchema,
  describeIssues,
  epochPositionSchema,
  epochProgressSchema,
  exampleIdSchema,
  gradientCheckResultSchema,
  partialEpochSchema,
  sessionConfigSchema,
  stopReasonSchema,
} from '../shared/ipc';
import type { Encoding, Prepared } from './prepare';
import type { Continuation, RunRecord } from './run';

export const PROJECT_FORMAT = 'backprop-studio.project';
export const PROJECT_VERSION = 1;

const datasetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('path'),
    path: z.string().min(1),
    name: z.string(),
    size: z.number().int().nonnegative(),
    fingerprint: z.string(),
  }),
  z.object({ kind: z.literal('example'), id: exampleIdSchema }),
]);

export const projectFileSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  dataset: datasetSchema,
  config: sessionConfigSchema,
  history: z.array(epochProgressSchema),
  stopReason: stopReasonSchema.nullable(),
  /** Why it stopped, in words (absent in files saved before it was kept). */
  stopDetail: z.string().optional(),
  /**
   * A run stopped inside an epoch: the batches of it that `parameters` include (null or absent:
   * none; absent in files saved before it was kept).
   */
  stopPartial: partialEpochSchema.nullable().optional(),
  /**
   * Early stopping restored the parameters of this epoch, those of `parameters` (null or absent:
   * it did not; absent in files saved before it was kept).
   */
  stopRestoredEpoch: z.number().int().nonnegative().nullable().optional(),
  parameters: z
    .object({
      weights: z.array(z.array(z.array(z.number()))),
      biases: z.array(z.array(z.number())),
    })
    .nullable(),
  /**
   * What the parameters' inputs and outputs mean, as the model file writes it: the input columns
   * (one-hot categories in order) with their normalization, and the target (class labels in
   * order). Opening the project encodes its dataset with these, not with what a changed file would
   * give. Absent in files saved before it was kept.
   */
  encoding: z
    .object({ inputs: modelSchema.shape.inputs, target: modelSchema.shape.target })
    .optional(),
  /** The last gradient check of these parameters (absent in files saved before there was one). */
  gradientCheck: gradientCheckResultSchema.nullable().optional(),
  /**
   * How a paused run goes on exactly: its optimizer's state (momentum's v, Adam's m, v and t, by
   * name, one array per parameter array) and its place in the epoch. Null once training stopped;
   * absent in files saved before there was one.
   */
  resume: z
    .object({
      optimizer: z
        .object({
          optimizer: z.enum(OPTIMIZER_NAMES),
          steps: z.number().int().nonnegative(),
          arrays: z.record(z.string(), z.array(z.array(z.number()))),
        })
        .nullable(),
      position: epochPositionSchema.nullable(),
      /**
       * Early stopping's memory of the run: the best epoch, its validation loss and its
       * parameters (W and θ per layer, row-major). Absent in files saved before it was kept, and
       * null without validation data.
       */
      best: z
        .object({
          epoch: z.number().int().nonnegative(),
          loss: z.number(),
          W: z.array(z.array(z.number())),
          theta: z.array(z.array(z.number())),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;
export type ProjectDataset = ProjectFile['dataset'];
type ProjectResume = NonNullable<ProjectFile['resume']>;

// ---------------------------------------------------------------------------------------------
// Opening: the file validated, its encoding and roles checked, its run and parameters read back

/**
 * Validates a parsed project file; the error names the field ("project.config.loss: …",
 * "project.history[12]: epoch 7 after epoch 9").
 */
export function parseProject(value: unknown): ProjectFile {
  refuseOtherKinds(value);
  const parsed = projectFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`Not a valid project file: ${describeIssues(parsed.error, 'project')}`);
  }
  const disorder = historyProblem(parsed.data.history);
  if (disorder) throw invalid(...disorder);
  return parsed.data;
}

/**
 * Refuses a file that is not a project at all, or a project of a newer version, by what it is:
 * the schema's list of every field it lacks would not say so.
 */
function refuseOtherKinds(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    throw new Error(
      `Not a project file: expected a JSON object with "format": "${PROJECT_FORMAT}", got ${got}`,
    );
  }
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format === MODEL_FORMAT) {
    throw new Error(
      `Not a project file: it is a model file ("format": "${MODEL_FORMAT}", what Export weights writes); a project is what Save project… writes`,
    );
  }
  if (format !== PROJECT_FORMAT) {
    const said =
      format === undefined ? 'there is no "format"' : `"format" is ${JSON.stringify(format)}`;
    throw new Error(`Not a project file: ${said}, not "${PROJECT_FORMAT}"`);
  }
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    throw new Error(
      `Not a project file this version reads: project.version is ${version}; this version of Backprop Studio reads version ${PROJECT_VERSION}`,
    );
  }
}

/**
 * Refuses a history whose epochs do not strictly increase: every session appends each epoch
 * once, in order, so a repeated or earlier epoch is not a run's.
 */
function historyProblem(history: ProjectFile['history']): [string, string] | null {
  for (let i = 1; i < history.length; i++) {
    const [before, epoch] = [history[i - 1].epoch, history[i].epoch];
    if (epoch <= before) return [`history[${i}]`, `epoch ${epoch} after epoch ${before}`];
  }
  return null;
}

/** The error of a project file's field ("Not a valid project file: project.history[3]: …"). */
function invalid(field: string, problem: string): Error {
  return new Error(`Not a valid project file: project.${field}: ${problem}`);
}

/**
 * A project's encoding for prepare (null in files saved before it was kept); the error names the
 * field of a normalization that does not fit the input columns.
 */
export function projectEncoding(project: ProjectFile): Encoding | null {
  const saved = project.encoding;
  if (!saved) return null;
  const schema = { inputs: saved.inputs.columns, target: saved.target };
  const features = featureNames(schema).length;
  const { normalization } = saved.inputs;
  const normalized = normalizationProblem(normalization, features);
  const problem =
    repeatedName(saved) ?? (normalized && [`inputs.normalization.${normalized[0]}`, normalized[1]]);
  if (problem) throw invalid(`encoding.${problem[0]}`, problem[1]);
  return { schema, normalization: { ...normalization } };
}

/**
 * Refuses a project whose column roles say otherwise than its encoding. The encoding is what its
 * weights were trained with and opening encodes the dataset with it; the roles (by the columns of
 * `table`, the file the project was saved with, as loaded: the same content, since a located or
 * changed file may have its columns in another order) are what the workspace shows and what a
 * change of settings trains next, so a file where they disagree has no one meaning. The same for a numeric target's
 * `config.targetClasses`. A column of the encoding that the dataset lacks is left to encode, whose
 * error names the dataset's file; files saved before the encoding was kept have nothing to check.
 */
export function checkRoles(project: ProjectFile, table: ProjectTable): void {
  const saved = project.encoding;
  if (!saved) return;
  const { roles, targetClasses } = project.config;
  const target = saved.target.kind === 'classes' ? [saved.target.column] : saved.target.columns;
  const encoded = new Map<string, ColumnRole>([
    ...saved.inputs.columns.map(({ column }) => [column, 'input'] as const),
    ...target.map((column) => [column, 'target'] as const),
  ]);
  const names = new Set(table.columns.map((c) => c.name));
  if ([...encoded.keys()].some((column) => !names.has(column))) return;
  if (roles.length !== table.columns.length) {
    throw invalid(
      'config.roles',
      `${roles.length} roles for the ${table.columns.length} columns of ${table.fileName}`,
    );
  }
  table.columns.forEach(({ name, kind }, j) => {
    const role = encoded.get(name) ?? 'ignored';
    if (roles[j] !== role) {
      throw invalid(
        'encoding',
        `column ${JSON.stringify(name)} ${ENCODED_AS[role]}, project.config.roles[${j}] says ${roles[j]}`,
      );
    }
    // A text target is a set of classes whatever targetClasses says; a numeric one as it says.
    const classes = saved.target.kind === 'classes';
    if (role === 'target' && kind === 'numeric' && classes !== (targetClasses === true)) {
      throw invalid(
        'encoding.target',
        `column ${JSON.stringify(name)} ${classes ? 'holds classes' : 'is a number'}, project.config.targetClasses says ${classes ? 'a number' : 'classes'}`,
      );
    }
  });
}

/** What checkRoles needs of a loaded dataset: its file's name and its columns in order. */
export interface ProjectTable {
  fileName: string;
  columns: readonly { name: string; kind: 'numeric' | 'text' }[];
}

const ENCODED_AS: Record<ColumnRole, string> = {
  input: 'is an input',
  target: 'is a target',
  ignored: 'is in neither the inputs nor the target',
};

/** The run a project file saved: its losses, why it stopped, what a paused run goes on with. */
export function projectRun(project: ProjectFile): RunRecord {
  const { stopReason: reason, resume } = project;
  return {
    history: project.history,
    stopped: reason && {
      reason,
      detail: project.stopDetail ?? '',
      partial: project.stopPartial ?? null,
      restoredEpoch: project.stopRestoredEpoch ?? null,
    },
    resume: {
      optimizer: resume?.optimizer ? optimizerFromJson(resume.optimizer) : null,
      position: resume?.position ?? null,
      best: resume?.best ? bestFromJson(resume.best) : null,
    },
  };
}

/**
 * The network of a project's parameters (null: it has none), of the shape `spec` gives; the error
 * names the field that does not fit ("parameters.weights[0]: must be 4×7 …").
 */
export function projectNetwork(project: ProjectFile, spec: NetworkSpec): Network | null {
  const saved = project.parameters;
  const dtype = project.config.hyperparameters.dtype;
  return saved && networkFromArrays(spec, saved.weights, saved.biases, dtype, 'parameters.');
}

// ---------------------------------------------------------------------------------------------
// Saving, and the JSON form of the typed arrays a run goes on with

/**
 * The project file of a session: its dataset as the file names it, settings, parameters and their
 * encoding, its run (`run.resume`: what it goes on with) and its last gradient check.
 */
export function projectFile(session: {
  dataset: ProjectDataset;
  config: SessionConfig;
  prepared: Prepared;
  network: Network;
  run: RunRecord;
  gradientCheck: GradientCheckResult | null;
}): ProjectFile {
  const { stopped, resume } = session.run;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    dataset: session.dataset,
    config: session.config,
    history: session.run.history,
    stopReason: stopped?.reason ?? null,
    stopDetail: stopped?.detail ?? '',
    stopPartial: stopped?.partial ?? null,
    stopRestoredEpoch: stopped?.restoredEpoch ?? null,
    parameters: networkToArrays(session.network),
    encoding: encodingOf(session.prepared),
    gradientCheck: session.gradientCheck,
    resume: resume && resumeOf(resume),
  };
}

/** The encoding of a prepared session as the project file keeps it (as the model file does). */
function encodingOf(prepared: Prepared): NonNullable<ProjectFile['encoding']> {
  return modelEncoding(prepared.schema, prepared.normalization);
}

/**
 * A paused run's optimizer state, epoch position and early stopping's best as the project file
 * keeps them (or null).
 */
function resumeOf({ optimizer, position, best }: Continuation): ProjectResume | null {
  if (!optimizer && !position) return null;
  return {
    optimizer: optimizer && {
      ...optimizer,
      arrays: mapArrays(optimizer.arrays, (a) => Array.from(a)),
    },
    position,
    best: best && {
      ...best,
      W: best.W.map((w) => Array.from(w)),
      theta: best.theta.map((t) => Array.from(t)),
    },
  };
}

/** Early stopping's best from a project file, for a Trainer (its arrays as typed arrays again). */
function bestFromJson(json: NonNullable<ProjectResume['best']>): BestSoFar {
  return {
    ...json,
    W: json.W.map((w) => Float64Array.from(w)),
    theta: json.theta.map((t) => Float64Array.from(t)),
  };
}

/** The optimizer state of a project file, for a Trainer (its arrays as typed arrays again). */
function optimizerFromJson(json: NonNullable<ProjectResume['optimizer']>): OptimizerState {
  return { ...json, arrays: mapArrays(json.arrays, (a) => Float64Array.from(a)) };
}

function mapArrays<A, B>(arrays: Record<string, A[]>, f: (a: A) => B): Record<string, B[]> {
  return Object.fromEntries(Object.entries(arrays).map(([name, list]) => [name, list.map(f)]));
}

export { datasetRefSchema };
