// Which changes of the settings make the inspector and the decision surface describe a network
// the host no longer holds. The workspace discards trained weights only for a change of the
// network's shape or meaning (columns and roles, encoding, normalization, split, layers,
// activations, loss: Workspace.change asks first); a hyperparameter trains the network, and a
// trained one is kept through it. With no trained weights, the host draws fresh initial ones
// when it is next configured, so a change of how they are drawn (seed, dtype, init scheme)
// makes the initial weights on screen another network's too.
import type { SessionConfig } from '../../app/shared/api';

/** Everything that makes the network what it is: all the settings but the hyperparameters. */
function network(config: SessionConfig | null): string {
  if (!config) return 'null';
  const { hyperparameters: _, ...shape } = config;
  return JSON.stringify(shape);
}

/** How the host draws the initial weights. */
function initial(config: SessionConfig | null): string {
  if (!config) return 'null';
  const { seed, dtype, initScheme } = config.hyperparameters;
  return JSON.stringify([seed, dtype, initScheme]);
}

/**
 * Whether going from `before` to `after` settings leaves the views showing another network than
 * the host's: `trained`, whether the workspace holds trained weights (kept through any change of
 * the hyperparameters).
 */
export function describesAnother(
  before: SessionConfig | null,
  after: SessionConfig | null,
  trained: boolean,
): boolean {
  if (network(before) !== network(after)) return true;
  return !trained && initial(before) !== initial(after);
}
