// Every message that crosses a process border in Backprop Studio, in one place:
//   renderer ⇄ main     invoke channels (request → result) and events (main → renderer);
//   main ⇄ training     requests (main → utility process, or page → Web Worker) and what comes back.
// Each message has a runtime schema (zod) and is validated where it arrives; an invalid one is
// refused with an error naming the field, and never reaches the engine. No Electron import here:
// the preload, the main process, the utility process and the web build's worker all use this file.
import { z } from 'zod';
import type { DataSchema } from '../../core/dataset';
import { inputEncodingSchema, targetEncodingSchema } from '../../core/encoding-schema';
import { MAX_UNITS } from '../../core/network';
import type { Normalization } from '../../core/normalization';
import type { OptimizerState } from '../../core/optimizer';
import { wordsFor } from '../../core/row-set';
import type { BestSoFar, EpochPosition, PartialEpoch } from '../../core/train';
import {
  ACTIVATION_NAMES,
  COLUMN_ROLES,
  DTYPES,
  INIT_SCHEMES,
  LOSS_NAMES,
  NORMALIZATION_NAMES,
  OPTIMIZER_NAMES,
  STOP_REASONS,
  type ColumnSummary,
  type DatasetSummary,
  type EpochProgress,
  type FloatArray,
  type Hyperparameters,
  type Metrics,
  type RowSet,
  type SplitEvaluation,
} from '../../core/types';
import {
  EXAMPLE_IDS,
  type AppError,
  type BackpropApi,
  type DatasetProgress,
  type EpochInside,
  type EpochUnderway,
  type GradientCheckProgress,
  type GradientCheckResult,
  type InspectRequest,
  type Inspection,
  type MenuCommand,
  type MenuState,
  type NetworkSnapshot,
  type OpenedProject,
  type ProgressBatch,
  type SessionConfig,
  type SessionState,
  type Settled,
  type SurfaceRequest,
  type SurfaceResult,
  type TrainingFinished,
} from './api';
import { SURFACE_MAX_POINTS } from './sample-rows';
import { INSPECT_MAX_SHOWN_LIMIT, shownShape } from './shown-block';

// ---------------------------------------------------------------------------------------------
// Vocabulary (core/types.ts and app/shared/api.ts as schemas)

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
/**
 * A loss may be NaN or ±Infinity when training diverged; anything else numeric is fine. (zod 4's
 * z.number() refuses NaN and ±Infinity: the inspector could not show a diverged network.)
 */
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const count = z.number().int().nonnegative();
const vector = z.array(anyNumber);
const matrix = z.array(vector);

export const activationSchema = z.enum(ACTIVATION_NAMES);
export const lossSchema = z.enum(LOSS_NAMES);
export const normalizationSchema = z.enum(NORMALIZATION_NAMES);
export const columnRoleSchema = z.enum(COLUMN_ROLES);
export const stopReasonSchema = z.enum(STOP_REASONS);
export const exampleIdSchema = z.enum(EXAMPLE_IDS);

export const hyperparametersSchema = z.object({
  learningRate: finite,
  optimizer: z.enum(OPTIMIZER_NAMES),
  momentum: finite,
  l2: finite,
  batchSize: count,
  shuffle: z.boolean(),
  maxEpochs: count,
  threshold: finite,
  targetLoss: finite.nullable(),
  patience: count.nullable(),
  seed: z.number().int(),
  dtype: z.enum(DTYPES),
  initScheme: z.enum(INIT_SCHEMES),
}) satisfies z.ZodType<Hyperparameters>;

const fraction = finite.refine((f) => f >= 0 && f < 1, 'expected a fraction in [0, 1)');

export const sessionConfigSchema = z
  .object({
    roles: z.array(columnRoleSchema),
    targetClasses: z.boolean().optional(),
    normalization: normalizationSchema,
    validationFraction: fraction,
    testFraction: fraction,
    hiddenLayers: z.array(
      z.object({
        units: z.number().int().min(1).max(MAX_UNITS),
        activation: activationSchema.refine(
          (g): boolean => g !== 'softmax',
          'softmax is for the output layer only',
        ),
      }),
    ),
    outputActivation: activationSchema,
    loss: lossSchema,
    hyperparameters: hyperparametersSchema,
    badRows: z.enum(['refuse', 'leave-out']).optional(),
  })
  .refine((c) => c.validationFraction + c.testFraction < 1, {
    message: 'validation and test fractions leave no training rows',
    path: ['testFraction'],
  }) satisfies z.ZodType<SessionConfig>;

/** Rows of a table: listed, or one bit a row in 32-bit words (core/row-set.ts). */
const rowSetSchema = z.union([
  z.object({ rows: z.array(count) }),
  z.object({ bits: z.array(z.number().int().min(0).max(0xffffffff)) }),
]) satisfies z.ZodType<RowSet>;

/** Cells of a problem: at least one, the first in a data row (the header is row 1), their rows. */
const cellProblemsSchema = z.object({
  count: count.min(1),
  row: z.number().int().min(2),
  rows: rowSetSchema,
});

export const columnSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'text']),
  missing: count,
  min: anyNumber.nullable(),
  max: anyNumber.nullable(),
  mean: anyNumber.nullable(),
  distinct: count,
  empty: cellProblemsSchema.optional(),
  invalid: cellProblemsSchema.extend({ problem: z.string() }).optional(),
  categories: z.array(z.string()).optional(),
  classSizes: z.array(count).optional(),
}) satisfies z.ZodType<ColumnSummary>;

export const datasetSummarySchema = z
  .object({
    name: z.string(),
    rows: count,
    columns: z.array(columnSummarySchema),
    preview: z.array(z.array(z.string())),
    suggestedRoles: z.array(columnRoleSchema),
    warnings: z.array(z.string()).optional(),
  })
  .superRefine((summary, ctx) => {
    // The rows of a column's empty or invalid cells are rows of the table.
    for (const [j, column] of summary.columns.entries()) {
      for (const kind of ['empty', 'invalid'] as const) {
        const set = column[kind]?.rows;
        if (!set) continue;
        const fits =
          'rows' in set
            ? set.rows.every((r) => r < summary.rows)
            : set.bits.length === wordsFor(summary.rows);
        if (fits) continue;
        ctx.addIssue({
          code: 'custom',
          message: `expected rows of a table of ${summary.rows} rows`,
          path: ['columns', j, kind, 'rows'],
        });
      }
    }
  }) satisfies z.ZodType<DatasetSummary>;

export const epochProgressSchema = z.object({
  epoch: count,
  trainLoss: anyNumber,
  validationLoss: anyNumber.nullable(),
  maxChange: anyNumber,
  elapsedMs: anyNumber,
}) satisfies z.ZodType<EpochProgress>;

/** Values per epoch in a packed history: epoch, train loss, validation loss, max change, ms. */
export const HISTORY_FIELDS = 5;

/** EpochProgress[] packed by packHistory: one Float64Array, HISTORY_FIELDS values an epoch. */
const packedHistorySchema = z
  .instanceof(Float64Array)
  .refine((h) => h.length % HISTORY_FIELDS === 0, {
    message: `expected a multiple of ${HISTORY_FIELDS} values`,
  });

/**
 * How far into a long epoch a run is: fewer batches than the epoch has, at least one, or some rows
 * of the batch under way (one trained in chunks).
 */
const epochUnderwaySchema = z
  .object({
    epoch: z.number().int().positive(),
    batches: z.number().int().nonnegative(),
    of: z.number().int().positive(),
    rows: z
      .object({ done: z.number().int().positive(), of: z.number().int().positive() })
      .refine((r) => r.done < r.of, { message: 'expected fewer rows than the batch has' })
      .optional(),
  })
  .refine((u) => u.batches < u.of, {
    message: 'expected fewer batches than an epoch has',
    path: ['batches'],
  })
  .refine((u) => u.batches > 0 || u.rows !== undefined, {
    message: 'expected a batch done, or rows of the one under way',
    path: ['batches'],
  }) satisfies z.ZodType<EpochUnderway>;

/** Paused inside an epoch: where, and the parameters' losses and largest change as they are. */
const epochInsideSchema = z
  .object({
    epochs: count,
    batches: z.number().int().positive(),
    of: z.number().int().positive(),
    trainLoss: anyNumber.nullable(),
    validationLoss: anyNumber.nullable(),
    maxChange: anyNumber,
  })
  .refine((u) => u.batches < u.of, {
    message: 'expected fewer batches than an epoch has',
    path: ['batches'],
  }) satisfies z.ZodType<EpochInside>;

/**
 * A ProgressBatch as it crosses a process border. A small network trains tens of thousands of
 * epochs a second: as objects, cloning and checking them stalled the window; packed, a batch is
 * one typed array. The preload and the web adapter unpack it (unpackProgress).
 */
export const progressBatchSchema = z
  .object({
    points: packedHistorySchema,
    samplesPerSecond: anyNumber,
    state: z.enum(['idle', 'running', 'paused', 'finished']),
    underway: epochUnderwaySchema.optional(),
    inside: epochInsideSchema.optional(),
  })
  .refine((b) => !b.underway || (b.points.length === 0 && b.state === 'running'), {
    message: 'expected a report from inside an epoch to be running, without epochs',
    path: ['underway'],
  })
  .refine((b) => !b.inside || b.state === 'paused', {
    message: 'expected a report of where inside an epoch training paused to be paused',
    path: ['inside'],
  });
export type ProgressWire = z.infer<typeof progressBatchSchema>;

const metricsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('classification'),
    accuracy: anyNumber,
    labels: z.array(z.string()),
    confusion: z.array(z.array(count)),
  }),
  z.object({
    kind: z.literal('regression'),
    rmse: anyNumber,
    mae: anyNumber,
    r2: anyNumber,
    targets: z
      .array(z.object({ column: z.string(), rmse: anyNumber, mae: anyNumber, r2: anyNumber }))
      .min(1),
  }),
]) satisfies z.ZodType<Metrics>;

const splitEvaluationSchema = z.object({
  loss: anyNumber,
  metrics: metricsSchema,
}) satisfies z.ZodType<SplitEvaluation>;

/** The batches of an unfinished epoch that stopped parameters include (core/train.ts). */
export const partialEpochSchema = z
  .object({ batches: z.number().int().positive(), of: z.number().int().positive() })
  .refine((p) => p.batches < p.of, {
    message: 'expected fewer batches than an epoch has',
    path: ['batches'],
  }) satisfies z.ZodType<PartialEpoch>;

export const trainingFinishedSchema = z.object({
  reason: stopReasonSchema,
  detail: z.string(),
  epochs: count,
  partial: partialEpochSchema.nullable(),
  restoredEpoch: count.nullable().optional(),
  train: splitEvaluationSchema,
  validation: splitEvaluationSchema.nullable(),
  test: splitEvaluationSchema.nullable(),
  predictions: z
    .array(
      z
        .object({
          split: z.enum(['train', 'validation', 'test']),
          column: z.string(),
          totalRows: count,
          actual: vector,
          predicted: vector,
        })
        .refine((p) => p.actual.length <= p.totalRows, {
          message: 'more rows than the split has (totalRows)',
          path: ['totalRows'],
        })
        .refine((p) => p.predicted.length === p.actual.length, {
          message: 'expected as many predicted values as actual ones',
          path: ['predicted'],
        }),
    )
    .min(1)
    .refine(
      (list) => list.every((p) => p.split === list[0].split && p.totalRows === list[0].totalRows),
      {
        message: "expected every target column's predictions of the same split and rows",
      },
    )
    .nullable()
    .optional(),
  leftOut: count.optional(),
}) satisfies z.ZodType<TrainingFinished>;

export const appErrorSchema = z.object({
  message: z.string(),
  scope: z.enum(['dataset', 'config', 'training', 'export', 'project', 'process']),
}) satisfies z.ZodType<AppError>;

export const networkSnapshotSchema = z.object({
  topology: z.array(count),
  activations: z.array(activationSchema),
  weights: z.array(matrix),
  biases: matrix,
  units: z.array(z.array(count)).optional(),
  names: z.object({ inputs: z.array(z.string()), outputs: z.array(z.string()) }).optional(),
}) satisfies z.ZodType<NetworkSnapshot>;

export const inspectRequestSchema = z.object({
  row: z.union([count, z.literal('worst')]),
  batchMean: z.boolean(),
  maxShown: z.number().int().min(1).max(INSPECT_MAX_SHOWN_LIMIT).optional(),
}) satisfies z.ZodType<InspectRequest>;

/** Largest |value| of each whole matrix: finite, 0 or more. */
const maxAbsList = z.array(z.number().nonnegative());
const weightMaxAbsSchema = z.object({ dW: maxAbsList, update: maxAbsList });

/**
 * Each weight-shaped matrix of an inspection must be the block its shape and maxShown make: the
 * first min(topology[l], maxShown) rows and min(topology[l + 1], maxShown) columns, one matrix
 * (and one max |value|) per weight layer.
 */
function checkBlocks(ins: z.output<typeof inspectionFields>, ctx: z.core.$RefinementCtx): void {
  const top = ins.network.topology;
  const layers = Math.max(top.length - 1, 0);
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const blocks = (path: (string | number)[], matrices: number[][][]) => {
    if (matrices.length !== layers) {
      issue(
        path,
        `expected ${layers} matrices (topology ${top.join('-')}), got ${matrices.length}`,
      );
      return;
    }
    matrices.forEach((m, l) => {
      const want = shownShape(top[l], top[l + 1], ins.maxShown);
      const bad = m.length !== want.rows ? -1 : m.findIndex((row) => row.length !== want.cols);
      if (m.length === want.rows && bad < 0) return;
      issue(
        bad < 0 ? [...path, l] : [...path, l, bad],
        `expected the first ${want.rows} × ${want.cols} of the ${top[l]} × ${top[l + 1]} ` +
          `matrix (maxShown ${ins.maxShown}), got ` +
          (bad < 0 ? `${m.length} rows` : `${m[bad].length} columns in row ${bad}`),
      );
    });
  };
  const counted = (path: (string | number)[], list: number[]) => {
    if (list.length !== layers) issue(path, `expected ${layers} values, got ${list.length}`);
  };
  blocks(['network', 'weights'], ins.network.weights);
  blocks(['dW'], ins.dW);
  for (const key of ['W', 'dW', 'update'] as const) counted(['maxAbs', key], ins.maxAbs[key]);
  if (ins.batchMean) {
    blocks(['batchMean', 'dW'], ins.batchMean.dW);
    for (const key of ['dW', 'update'] as const) {
      counted(['batchMean', 'maxAbs', key], ins.batchMean.maxAbs[key]);
    }
  }
}

const inspectionFields = z.object({
  row: count,
  trainingRows: count,
  loss: lossSchema,
  x: vector,
  y: vector,
  z: matrix,
  a: matrix,
  gPrime: matrix,
  delta: matrix,
  dW: z.array(matrix),
  dTheta: matrix,
  cost: anyNumber,
  batchMean: z
    .object({ rows: count, dW: z.array(matrix), dTheta: matrix, maxAbs: weightMaxAbsSchema })
    .nullable(),
  network: networkSnapshotSchema,
  learningRate: anyNumber,
  maxShown: z.number().int().min(1),
  maxAbs: weightMaxAbsSchema.extend({ W: maxAbsList }),
});

export const inspectionSchema = inspectionFields.superRefine(
  checkBlocks,
) satisfies z.ZodType<Inspection>;

export const gradientCheckResultSchema = z.object({
  epsilon: anyNumber,
  rowsUsed: count,
  layers: z.array(
    z.object({
      layer: count,
      maxRelativeError: anyNumber,
      verdict: z.enum(['pass', 'fd-accuracy', 'fail']).optional(),
      withinFdAccuracy: count.optional(),
      failed: count.optional(),
      maxFdError: anyNumber.optional(),
    }),
  ),
}) satisfies z.ZodType<GradientCheckResult>;

/** How far a gradient check is: at most every parameter of at least one. */
export const gradientCheckProgressSchema = z
  .object({ checked: count, total: z.number().int().positive() })
  .refine((p) => p.checked <= p.total, {
    message: 'expected no more parameters checked than there are',
    path: ['checked'],
  }) satisfies z.ZodType<GradientCheckProgress>;

export const surfaceRequestSchema = z.object({
  xFeature: count,
  yFeature: count,
  resolution: z.number().int().min(2).max(200),
  hidden: z.boolean(),
  output: count,
}) satisfies z.ZodType<SurfaceRequest>;

export const surfaceResultSchema = z
  .object({
    xRange: z.tuple([anyNumber, anyNumber]),
    yRange: z.tuple([anyNumber, anyNumber]),
    resolution: count,
    outputs: matrix,
    hidden: z.array(matrix),
    points: z
      .array(z.object({ x: anyNumber, y: anyNumber, target: anyNumber }))
      .max(SURFACE_MAX_POINTS),
    totalPoints: count,
    labels: z.array(z.string()),
    output: count,
  })
  .refine((s) => s.points.length <= s.totalPoints, {
    message: 'more points than training rows (totalPoints)',
    path: ['totalPoints'],
  }) satisfies z.ZodType<SurfaceResult>;

const openedSchema = z.object({ summary: datasetSummarySchema, config: sessionConfigSchema });
const openedProjectSchema = openedSchema.extend({
  history: z.array(epochProgressSchema),
  stopReason: stopReasonSchema.nullable(),
  result: trainingFinishedSchema.nullable(),
  inside: epochInsideSchema.nullable().optional(),
  otherData: z.boolean().optional(),
}) satisfies z.ZodType<OpenedProject>;
const sessionStateSchema = z.object({
  summary: datasetSummarySchema,
  config: sessionConfigSchema.nullable(),
  history: z.array(epochProgressSchema),
  stopReason: stopReasonSchema.nullable(),
  result: trainingFinishedSchema.nullable(),
  inside: epochInsideSchema.nullable().optional(),
  otherData: z.boolean().optional(),
}) satisfies z.ZodType<SessionState>;
const locationSchema = z.object({ location: z.string() });

/** While a dataset streams in: bytes read so far of the file's size, rows parsed. */
export const datasetProgressSchema = z.object({
  name: z.string(),
  bytesRead: count,
  totalBytes: count,
  rows: count,
}) satisfies z.ZodType<DatasetProgress>;

const trainingStateSchema = z.enum(['idle', 'running', 'paused', 'finished']);

/** What the page can do now, for the desktop app's menu; every field, nothing more. */
export const menuStateSchema = z.strictObject({
  training: trainingStateSchema,
  start: z.boolean(),
  pause: z.boolean(),
  resume: z.boolean(),
  step: z.boolean(),
  stop: z.boolean(),
  reset: z.boolean(),
  saveProject: z.boolean(),
  exportWeights: z.boolean(),
  exportLosses: z.boolean(),
}) satisfies z.ZodType<MenuState>;

// ---------------------------------------------------------------------------------------------
// Validation with errors that name the field

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** "payload.config.hyperparameters.learningRate: expected number, received string" */
export function describeIssues(error: z.ZodError, root = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [root, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(message)'}: ${issue.message}`;
    })
    .join('; ');
}

export function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root = '',
): Checked<z.output<S>> {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: describeIssues(parsed.error, root) };
}

// ---------------------------------------------------------------------------------------------
// Renderer ⇄ main: invoke channels (ipcRenderer.invoke / ipcMain.handle)

function channel<A extends z.ZodType, R extends z.ZodType>(args: A, result: R) {
  return { args, result };
}
const none = z.tuple([]);
const nothing = z.null();

export const invokeChannels = {
  'dataset:open-dialog': channel(none, datasetSummarySchema.nullable()),
  'dataset:open-path': channel(z.tuple([z.string().min(1)]), datasetSummarySchema),
  'session:configure': channel(z.tuple([sessionConfigSchema]), nothing),
  'training:start': channel(none, nothing),
  'training:pause': channel(none, nothing),
  'training:resume': channel(none, nothing),
  'training:step': channel(z.tuple([z.enum(['batch', 'epoch'])]), nothing),
  'training:stop': channel(none, nothing),
  'training:reset': channel(none, nothing),
  'weights:export': channel(none, locationSchema.nullable()),
  'losses:export': channel(none, locationSchema.nullable()),
  'project:save': channel(none, locationSchema.nullable()),
  'project:open': channel(none, openedProjectSchema.nullable()),
  // Only a path in main's Open Recent list is opened (app/main/commands.ts): the page names it.
  'dataset:open-recent': channel(z.tuple([z.string().min(1)]), datasetSummarySchema),
  'project:open-recent': channel(z.tuple([z.string().min(1)]), openedProjectSchema.nullable()),
  // A project file dropped on the page, by its path (the preload's webUtils.getPathForFile).
  'project:open-path': channel(z.tuple([z.string().min(1)]), openedProjectSchema.nullable()),
  'network:snapshot': channel(none, networkSnapshotSchema.nullable()),
  'inspect:row': channel(z.tuple([inspectRequestSchema]), inspectionSchema),
  // null: the check was cancelled (gradient:cancel, or the network was replaced meanwhile).
  'gradient:check': channel(none, gradientCheckResultSchema.nullable()),
  'gradient:cancel': channel(none, nothing),
  'example:open': channel(z.tuple([exampleIdSchema]), openedSchema),
  'surface:compute': channel(z.tuple([surfaceRequestSchema]), surfaceResultSchema),
  'predict:dialog': channel(
    none,
    z
      .object({
        location: z.string(),
        rows: count,
        leftOut: count.optional(),
        rowColumn: z.string().min(1).optional(),
      })
      .nullable(),
  ),
  'session:current': channel(none, sessionStateSchema.nullable()),
  // The page's menu state (app/main/menu.ts enables the items by it).
  'menu:state': channel(z.tuple([menuStateSchema]), nothing),
};
export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeArgs<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['result']>;

/**
 * What an invoke settles to: main never throws across the border, and neither does the preload
 * (it hands this on to the page, see PreloadApi). A failure keeps its scope, so the page shows it
 * next to what caused it (as in the web build).
 */
export const invokeReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type InvokeReply<T> = Settled<T>;

/** Where a failure of each channel belongs when the error itself does not say. */
export const channelScopes: Record<InvokeChannel, AppError['scope']> = {
  'dataset:open-dialog': 'dataset',
  'dataset:open-path': 'dataset',
  'session:configure': 'config',
  'training:start': 'training',
  'training:pause': 'training',
  'training:resume': 'training',
  'training:step': 'training',
  'training:stop': 'training',
  'training:reset': 'training',
  'weights:export': 'export',
  'losses:export': 'export',
  'project:save': 'project',
  'project:open': 'project',
  'dataset:open-recent': 'dataset',
  'project:open-recent': 'project',
  'project:open-path': 'project',
  'network:snapshot': 'training',
  'inspect:row': 'training',
  'gradient:check': 'training',
  'gradient:cancel': 'training',
  'example:open': 'dataset',
  'surface:compute': 'training',
  'predict:dialog': 'export',
  'session:current': 'process',
  'menu:state': 'process',
};

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export const eventChannels = {
  'training:progress': progressBatchSchema,
  'training:finished': trainingFinishedSchema,
  'dataset:progress': datasetProgressSchema,
  'gradient:progress': gradientCheckProgressSchema,
  'app:error': appErrorSchema,
  'menu:command': z.union([
    z.enum([
      'open-dataset',
      'export-weights',
      'export-losses',
      'save-project',
      'open-project',
      'training-start',
      'training-pause',
      'training-resume',
      'training-step',
      'training-stop',
      'training-reset',
      'show-shortcuts',
    ]),
    z.object({
      command: z.literal('open-recent'),
      kind: z.enum(['dataset', 'project']),
      path: z.string().min(1),
    }),
  ]) satisfies z.ZodType<MenuCommand>,
};
export type EventChannel = keyof typeof eventChannels;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.hasOwn(eventChannels, name);
}

// Every channel's validated result is what the API promises (checked by the compiler).
type ApiResult<K extends keyof BackpropApi> =
  NonNullable<BackpropApi[K]> extends (...args: never[]) => Promise<infer R> ? R : never;
type Fits<A, B> = [A] extends [B] ? true : false;
const _agree: [
  Fits<InvokeResult<'dataset:open-dialog'>, ApiResult<'openDatasetDialog'>>,
  Fits<InvokeResult<'project:open'>, ApiResult<'openProject'>>,
  Fits<InvokeResult<'dataset:open-recent'>, ApiResult<'openRecentDataset'>>,
  Fits<InvokeResult<'project:open-recent'>, ApiResult<'openRecentProject'>>,
  Fits<InvokeResult<'project:open-path'>, ApiResult<'openProjectFile'>>,
  Fits<InvokeResult<'inspect:row'>, ApiResult<'inspect'>>,
  Fits<InvokeResult<'surface:compute'>, ApiResult<'decisionSurface'>>,
  Fits<InvokeResult<'predict:dialog'>, ApiResult<'predictDialog'>>,
  Fits<InvokeResult<'gradient:check'>, ApiResult<'gradientCheck'>>,
] = [true, true, true, true, true, true, true, true, true];
void _agree;

// ---------------------------------------------------------------------------------------------
// Main ⇄ training process (utility process in the desktop app, Web Worker in the browser)

/** How the session last stood, kept by the host so a crashed process can be replaced. */
const floatArray = z.union([z.instanceof(Float64Array), z.instanceof(Float32Array)]);
export const datasetRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  z.object({ kind: z.literal('example'), id: exampleIdSchema }),
]);
export type DatasetRef = z.infer<typeof datasetRefSchema>;

/** A typed array as core types it (the same check as floatArray; any kind of buffer). */
const coreFloatArray = z.custom<FloatArray>(
  (a) => a instanceof Float64Array || a instanceof Float32Array,
  'expected a Float64Array or Float32Array',
);
/** core/optimizer.ts's OptimizerState: its arrays travel as typed arrays, as the parameters do. */
export const optimizerStateSchema = z.object({
  optimizer: z.enum(OPTIMIZER_NAMES),
  steps: count,
  arrays: z.record(z.string(), z.array(coreFloatArray)),
}) satisfies z.ZodType<OptimizerState>;

/** core/train.ts's EpochPosition: where in its epoch a paused run goes on. */
export const epochPositionSchema = z.object({
  epoch: count.optional(),
  row: count,
  random: z.array(z.number().int().min(0).max(0xffffffff)).length(4),
  maxChange: z.number().nonnegative(),
}) satisfies z.ZodType<EpochPosition>;

/** core/train.ts's BestSoFar: early stopping's best epoch, its validation loss and parameters. */
export const bestSoFarSchema = z.object({
  epoch: count,
  loss: z.number(),
  W: z.array(coreFloatArray),
  theta: z.array(coreFloatArray),
}) satisfies z.ZodType<BestSoFar>;

/**
 * What a network's inputs and outputs mean (app/utility/prepare.ts's Encoding): the input columns
 * with their one-hot categories, the target's columns or class labels, in order, and the
 * normalization, so that saved weights are used with the encoding they were trained with.
 */
export const encodingSchema = z.object({
  schema: z.object({
    inputs: z.array(inputEncodingSchema),
    target: targetEncodingSchema,
  }),
  normalization: z.object({
    method: normalizationSchema,
    offset: z.array(finite),
    scale: z.array(finite),
  }),
}) satisfies z.ZodType<{ schema: DataSchema; normalization: Normalization }>;

export const checkpointSchema = z.object({
  dataset: datasetRefSchema.nullable(),
  config: sessionConfigSchema.nullable(),
  parameters: z.object({ W: z.array(floatArray), theta: z.array(floatArray) }).nullable(),
  /**
   * The state of the optimizer that trained `parameters` (momentum's v, Adam's m, v and t), so
   * that a restored run goes on with it; null when no run is under way to continue.
   */
  optimizer: optimizerStateSchema.nullable(),
  /** Where in its epoch that run is, so that it goes on with the same rows (null likewise). */
  position: epochPositionSchema.nullable(),
  /** Early stopping's memory of that run, so that its patience goes on (null likewise or without validation data). */
  best: bestSoFarSchema.nullable().optional(),
  /**
   * The encoding the parameters were trained with (null before a configuration; absent in older
   * checkpoints): a restore encodes the dataset with it, even if the file changed meanwhile.
   */
  encoding: encodingSchema.nullable().optional(),
  /** The loss history packed by packHistory (one typed array clones fast, however long). */
  history: packedHistorySchema,
  stopReason: stopReasonSchema.nullable(),
  /** A run stopped inside an epoch: the batches of it that `parameters` include (absent: none). */
  stopPartial: partialEpochSchema.nullable().optional(),
  /** Early stopping restored the parameters of this epoch (absent: it did not). */
  stopRestoredEpoch: count.nullable().optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** EpochProgress[] as one Float64Array (a missing validation loss is NaN). */
export function packHistory(points: readonly EpochProgress[]): Float64Array<ArrayBuffer> {
  const packed = new Float64Array(points.length * HISTORY_FIELDS);
  points.forEach((p, k) => {
    packed.set(
      [p.epoch, p.trainLoss, p.validationLoss ?? NaN, p.maxChange, p.elapsedMs],
      k * HISTORY_FIELDS,
    );
  });
  return packed;
}

export function unpackHistory(packed: Float64Array): EpochProgress[] {
  const points: EpochProgress[] = [];
  for (let o = 0; o + HISTORY_FIELDS <= packed.length; o += HISTORY_FIELDS) {
    const validationLoss = packed[o + 2];
    points.push({
      epoch: packed[o],
      trainLoss: packed[o + 1],
      validationLoss: Number.isNaN(validationLoss) ? null : validationLoss,
      maxChange: packed[o + 3],
      elapsedMs: packed[o + 4],
    });
  }
  return points;
}

export function packProgress(batch: ProgressBatch): ProgressWire {
  return { ...batch, points: packHistory(batch.points) };
}

export function unpackProgress(wire: ProgressWire): ProgressBatch {
  return { ...wire, points: unpackHistory(wire.points) };
}

/**
 * The model file (core/model-format.ts validates its content), its text in pieces of about a
 * megabyte to be written one after another (a large model is more than one string holds), and one
 * CSV text per matrix.
 */
export const exportedModelSchema = z.object({
  model: z.array(z.string()),
  files: z.array(z.object({ name: z.string().regex(/^[\w.-]+$/), text: z.string() })),
});
export type ExportedModel = z.infer<typeof exportedModelSchema>;

/** A saved project as a JSON value (its fields are validated by the session on open). */
export const projectSchema = z.record(z.string(), z.unknown());

function command<P extends z.ZodType, R extends z.ZodType>(payload: P, result: R) {
  return { payload, result };
}
const empty = z.object({});

export const trainingCommands = {
  'load-dataset': command(z.object({ path: z.string().min(1) }), datasetSummarySchema),
  'open-example': command(z.object({ id: exampleIdSchema }), openedSchema),
  configure: command(z.object({ config: sessionConfigSchema }), nothing),
  start: command(empty, nothing),
  pause: command(empty, nothing),
  resume: command(empty, nothing),
  step: command(z.object({ unit: z.enum(['batch', 'epoch']) }), nothing),
  stop: command(empty, nothing),
  reset: command(empty, nothing),
  'export-model': command(empty, exportedModelSchema),
  /** The loss history as CSV, every epoch (core/loss-log.ts: what `backprop train --log` writes). */
  'export-losses': command(empty, z.object({ csv: z.string() })),
  'save-project': command(empty, projectSchema),
  /** `datasetPath` overrides the project's own path (the user located a moved file). */
  'open-project': command(
    z.object({ project: z.unknown(), datasetPath: z.string().min(1).nullable() }),
    openedProjectSchema,
  ),
  /** `maxUnits`: a layer wider than that is sent as the units the drawing shows (snapshot.ts). */
  network: command(
    z.object({ maxUnits: z.number().int().min(2).optional() }),
    networkSnapshotSchema.nullable(),
  ),
  inspect: command(z.object({ request: inspectRequestSchema }), inspectionSchema),
  /** The current weights' check, in slices; null if cancelled before it was done. */
  'gradient-check': command(empty, gradientCheckResultSchema.nullable()),
  /** Stops the check under way (its reply is null); nothing to do when none runs. */
  'cancel-gradient-check': command(empty, nothing),
  surface: command(z.object({ request: surfaceRequestSchema }), surfaceResultSchema),
  predict: command(
    z.object({ path: z.string().min(1) }),
    z.object({
      csv: z.string(),
      rows: count,
      leftOut: count.optional(),
      rowColumn: z.string().min(1).optional(),
    }),
  ),
  restore: command(
    z.object({ checkpoint: checkpointSchema }),
    z.object({ summary: datasetSummarySchema, config: sessionConfigSchema.nullable() }).nullable(),
  ),
  ping: command(empty, z.literal('pong')),
  current: command(empty, sessionStateSchema.nullable()),
};
export type TrainingCommand = keyof typeof trainingCommands;
export type CommandPayload<C extends TrainingCommand> = z.output<
  (typeof trainingCommands)[C]['payload']
>;
export type CommandResult<C extends TrainingCommand> = z.output<
  (typeof trainingCommands)[C]['result']
>;

/** Main → training process. */
export type TrainingRequest = {
  [C in TrainingCommand]: { kind: 'request'; id: number; type: C; payload: CommandPayload<C> };
}[TrainingCommand];

/** Why a request failed; `code` lets the host react (e.g. ask the user to locate a dataset). */
export const commandErrorSchema = appErrorSchema.extend({
  code: z.enum(['dataset-missing', 'dataset-changed', 'invalid-message', 'failed']),
});
export type CommandError = z.infer<typeof commandErrorSchema>;

/** Training process → main. */
export const trainingMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('result'), id: count, value: z.unknown() }),
  z.object({ kind: z.literal('failure'), id: count, error: commandErrorSchema }),
  z.object({ kind: z.literal('progress'), batch: progressBatchSchema }),
  z.object({ kind: z.literal('finished'), result: trainingFinishedSchema }),
  z.object({ kind: z.literal('dataset-progress'), progress: datasetProgressSchema }),
  z.object({ kind: z.literal('gradient-check-progress'), progress: gradientCheckProgressSchema }),
  z.object({ kind: z.literal('error'), error: appErrorSchema }),
  z.object({ kind: z.literal('checkpoint'), checkpoint: checkpointSchema }),
]);
export type TrainingMessage = z.infer<typeof trainingMessageSchema>;

const requestEnvelope = z.object({
  kind: z.literal('request'),
  id: count,
  type: z.string(),
  payload: z.unknown(),
});

export function isTrainingCommand(name: string): name is TrainingCommand {
  return Object.hasOwn(trainingCommands, name);
}

/** Validates a request arriving at the training process. */
export function parseTrainingRequest(
  raw: unknown,
): { ok: true; value: TrainingRequest } | { ok: false; id: number | null; error: string } {
  const envelope = requestEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, id: null, error: describeIssues(envelope.error) };
  const { id, type, payload } = envelope.data;
  if (!isTrainingCommand(type)) return { ok: false, id, error: `type: unknown command "${type}"` };
  const checked = check(trainingCommands[type].payload, payload, 'payload');
  if (!checked.ok) return { ok: false, id, error: checked.error };
  return {
    ok: true,
    value: { kind: 'request', id, type, payload: checked.value } as TrainingRequest,
  };
}

/** Validates a result arriving back at the host for a request of type `type`. */
export function checkCommandResult<C extends TrainingCommand>(
  type: C,
  value: unknown,
): Checked<CommandResult<C>> {
  return check(trainingCommands[type].result, value, `result of ${type}`) as Checked<
    CommandResult<C>
  >;
}

/**
 * A piece of a message too large to cross as one (app/shared/message-pieces.ts), either way
 * between main and the training process: Chromium's IPC refuses a message past 128 MB, and
 * Electron's main process has crashed on one (electron/electron#12470, #18758), while a wide
 * network's checkpoint, export or project runs to hundreds of MB. The message is serialized and
 * its bytes sent in order, `count` pieces under one `id`; the receiver puts them together and
 * validates the message as if it had come whole.
 */
export const messagePieceSchema = z
  .object({
    kind: z.literal('piece'),
    id: count,
    index: count,
    count: z.number().int().min(2),
    totalBytes: z.number().int().min(1),
    bytes: z.instanceof(Uint8Array),
  })
  .refine((p) => p.index < p.count, { message: 'index must be below count', path: ['index'] });
export type MessagePiece = z.infer<typeof messagePieceSchema>;

/**
 * Test-only messages to the training process (honoured only when it was started with
 * BACKPROP_TEST_HOOKS=1): die at once, or stop answering. They prove crash and hang recovery.
 */
export const debugMessageSchema = z.object({
  kind: z.literal('debug'),
  action: z.enum(['crash', 'hang']),
});
