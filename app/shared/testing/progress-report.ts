// A training process's progress report for tests of what follows them (the close guard, the web
// build's leave-page prompt): `epochs` epochs trained, in `state`.
import type { TrainingState } from '../api';
import { packHistory } from '../ipc';

export const progressReport = (state: TrainingState, epochs: number) => ({
  kind: 'progress' as const,
  batch: {
    points: packHistory(
      Array.from({ length: epochs }, (_, i) => ({
        epoch: i + 1,
        trainLoss: 0.5,
        validationLoss: null,
        maxChange: 0.1,
        elapsedMs: 1,
      })),
    ),
    samplesPerSecond: 0,
    state,
  },
});
