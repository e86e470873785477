// The checkpoint: what the session holds, posted to main every few seconds while training runs and
// after every change, so that a fresh process can take over after a crash (the restore command).
// Structured-cloned, not JSON: the parameters are typed arrays and the history one packed array.
import { cloneNetwork } from '../../core/network';
import type { DType, Network } from '../../core/types';
import type { SessionConfig } from '../shared/api';
import { packHistory, unpackHistory, type Checkpoint, type DatasetRef } from '../shared/ipc';
import type { Prepared } from './prepare';
import type { RunRecord } from './run';

/** What a session holds, as a checkpoint; `run.resume`: what its run goes on with. */
export function checkpointOf(session: {
  dataset: DatasetRef | null;
  config: SessionConfig | null;
  prepared: Prepared | null;
  network: Network | null;
  run: RunRecord;
}): Checkpoint {
  const { network: net, prepared, run } = session;
  const resume = run.resume;
  return {
    dataset: session.dataset,
    config: session.config,
    parameters: net
      ? { W: net.W.map((w) => w.slice()), theta: net.theta.map((t) => t.slice()) }
      : null,
    optimizer: resume?.optimizer ?? null,
    position: resume?.position ?? null,
    best: resume?.best ?? null,
    encoding: prepared && { schema: prepared.schema, normalization: prepared.normalization },
    history: packHistory(run.history),
    stopReason: run.stopped?.reason ?? null,
    stopPartial: run.stopped?.partial ?? null,
    stopRestoredEpoch: run.stopped?.restoredEpoch ?? null,
  };
}

/** The run a checkpoint holds (its stop detail is not kept: ''). */
export function checkpointRun(checkpoint: Checkpoint): RunRecord {
  const reason = checkpoint.stopReason;
  return {
    history: unpackHistory(checkpoint.history),
    stopped: reason && {
      reason,
      detail: '',
      partial: checkpoint.stopPartial ?? null,
      restoredEpoch: checkpoint.stopRestoredEpoch ?? null,
    },
    resume: {
      optimizer: checkpoint.optimizer,
      position: checkpoint.position,
      best: checkpoint.best ?? null,
    },
  };
}

/**
 * `net` (the configured network) with a checkpoint's parameters, in `dtype`; the error names the
 * array that does not fit.
 */
export function checkpointNetwork(
  net: Network,
  parameters: NonNullable<Checkpoint['parameters']>,
  dtype: DType,
): Network {
  const restored = cloneNetwork(net, dtype);
  for (const key of ['W', 'theta'] as const) {
    parameters[key].forEach((saved, l) => {
      const into = restored[key][l];
      if (saved.length !== into?.length)
        throw new Error(
          `parameters: ${key}[${l}] has ${saved.length} values, the network ${into?.length}`,
        );
      into.set(saved);
    });
  }
  return restored;
}
