// A valid session configuration for tests that need one but not any choice in it (a message
// crossing a boundary, a project opened by path): two columns, one hidden layer, the defaults.
import { DEFAULT_HYPERPARAMETERS } from '../../../core/hyperparameters';
import type { SessionConfig } from '../api';

export const SESSION_CONFIG: SessionConfig = {
  roles: ['input', 'target'],
  normalization: 'zscore',
  validationFraction: 0.2,
  testFraction: 0.1,
  hiddenLayers: [{ units: 8, activation: 'sigmoid' }],
  outputActivation: 'softmax',
  loss: 'cross-entropy',
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS },
};
