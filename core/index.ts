// The engine's public API. Other parts of Backprop Studio import from here.
export type * from './types';
export {
  ACTIVATION_NAMES,
  COLUMN_ROLES,
  DTYPES,
  INIT_SCHEMES,
  LOSS_NAMES,
  NORMALIZATION_NAMES,
  OPTIMIZER_NAMES,
  STOP_REASONS,
} from './types';
export { Random } from './random';
export {
  allocate,
  at,
  convertMatrix,
  createMatrix,
  dtypeOf,
  gatherRows,
  matrixFromRows,
  matrixToRows,
  plainKernels,
  type Kernels,
} from './matrix';
export {
  ACTIVATIONS,
  LEAKY_RELU_SLOPE,
  applyActivation,
  multiplyByDerivative,
  type ElementwiseActivation,
} from './activation';
export { meanCost, outputDelta, sumOfCosts } from './loss';
export {
  cloneNetwork,
  copyParameters,
  createNetwork,
  networkFromArrays,
  networkToArrays,
  parameterArrays,
  parameterCount,
  validateSpec,
} from './network';
export {
  createForwardCache,
  forward,
  forwardInto,
  predict,
  weightViews,
  type ForwardCache,
} from './forward';
export {
  CostEvaluator,
  backprop,
  backpropInto,
  cost,
  createGradients,
  l2Penalty,
  type BackpropOptions,
  type Gradients,
} from './backprop';
export { Adam, Momentum, Optimizer, SGD, createOptimizer } from './optimizer';
export {
  DEFAULT_HYPERPARAMETERS,
  HYPERPARAMETER_FIELDS,
  assertHyperparameters,
  validateField,
  validateHyperparameters,
  type BooleanField,
  type ChoiceField,
  type HyperparameterField,
  type NumberField,
} from './hyperparameters';
export { Trainer, type DataSet, type TrainerOptions } from './train';
export {
  classIndices,
  classificationMetrics,
  computeMetrics,
  evaluate,
  regressionMetrics,
} from './metrics';
export {
  RELATIVE_ERROR_FLOOR,
  gradientCheck,
  relativeError,
  type GradientCheckOptions,
  type GradientCheckResult,
} from './gradient-check';
