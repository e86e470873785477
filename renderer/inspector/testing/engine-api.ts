// A host for component tests that is the real engine, in the page: a Trainer over a golden
// case's network and data, inspected with the session's inspectRow, checked with the engine's
// gradientCheck, surfaced with decisionSurface. What the panels show can then be compared with
// the engine's own numbers.
import type {
  BackpropApi,
  GradientCheckResult,
  InspectRequest,
  Inspection,
  ProgressBatch,
  SurfaceRequest,
  SurfaceResult,
} from '../../../app/shared/api';
import { inspectRow } from '../../../app/utility/inspect';
import { decisionSurface } from '../../../app/utility/surface';
import { gradientCheck } from '../../../core/gradient-check';
import { DEFAULT_HYPERPARAMETERS } from '../../../core/hyperparameters';
import { matrixFromRows } from '../../../core/matrix';
import { networkFromArrays } from '../../../core/network';
import { Trainer } from '../../../core/train';
import type { ActivationName, Hyperparameters, LossName, Matrix } from '../../../core/types';

export interface EngineCase {
  topology: number[];
  activations: ActivationName[];
  loss: LossName;
  init: { weights: number[][][]; biases: number[][] };
  data: { x: number[][]; y: number[][] };
  learningRate: number;
  batchSize: number;
  labels?: string[] | null;
}

export type EngineApi = Pick<
  BackpropApi,
  'inspect' | 'step' | 'onProgress' | 'gradientCheck' | 'cancelGradientCheck' | 'decisionSurface'
>;

export class EngineHost implements EngineApi {
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly hp: Hyperparameters;
  trainer: Trainer;
  readonly calls: string[] = [];
  #listeners = new Set<(batch: ProgressBatch) => void>();

  constructor(readonly c: EngineCase) {
    this.X = matrixFromRows(c.data.x);
    this.Y = matrixFromRows(c.data.y);
    this.hp = {
      ...DEFAULT_HYPERPARAMETERS,
      learningRate: c.learningRate,
      optimizer: 'sgd',
      batchSize: c.batchSize,
      shuffle: false,
      threshold: 0,
      maxEpochs: 1_000_000,
    };
    const net = networkFromArrays(c, c.init.weights, c.init.biases);
    this.trainer = new Trainer(net, { X: this.X, Y: this.Y }, this.hp);
  }

  get net() {
    return this.trainer.network;
  }

  async inspect(request: InspectRequest): Promise<Inspection> {
    this.calls.push('inspect');
    return inspectRow(
      {
        net: this.net,
        X: this.X,
        Y: this.Y,
        learningRate: this.hp.learningRate,
        batchSize: this.hp.batchSize,
        l2: 0,
      },
      request,
    );
  }

  async step(unit: 'batch' | 'epoch'): Promise<void> {
    this.calls.push(`step:${unit}`);
    if (unit === 'batch') this.trainer.step();
    else this.trainer.runEpoch();
  }

  async gradientCheck(): Promise<GradientCheckResult> {
    const r = gradientCheck(this.net, this.X, this.Y);
    return { ...r, rowsUsed: this.X.rows };
  }

  /** The check above is done before its promise is: there is never one to cancel. */
  async cancelGradientCheck(): Promise<void> {}

  async decisionSurface(request: SurfaceRequest): Promise<SurfaceResult> {
    return decisionSurface(
      {
        net: this.net,
        rawX: this.X,
        Y: this.Y,
        labels: this.c.labels ?? null,
        normalize: (X) => X,
      },
      request,
    );
  }

  /** Simulates the host's throttled progress reports. */
  progress(): void {
    for (const f of this.#listeners) f({ points: [], samplesPerSecond: 0, state: 'running' });
  }

  onProgress(listener: (batch: ProgressBatch) => void) {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
