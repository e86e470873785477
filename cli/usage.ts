// What `backprop --help` prints, and the options of each command as node:util's parseArgs takes them.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { decimalNumber } from '../core/csv';
import { UsageError } from './errors';

export const HELP = `backprop: train, use and evaluate multilayer perceptrons from the command line

Usage:
  backprop train --data FILE --out MODEL.json [options]
  backprop predict --model MODEL.json --data FILE [--out FILE.csv] [--drop-rows]
  backprop evaluate --model MODEL.json --data FILE [--json] [--drop-rows]
  backprop --help | --version

train options (defaults in brackets):
  --data FILE               CSV or TSV with a header row (delimiter detected)
  --target COL[,COL...]     target column(s) [the last column]; text = classes (one-hot)
  --ignore COL,...          columns to leave out [as the app: a column without a name (an
                            index), an id, an empty column, text of over 20 values; stderr
                            names them]
  --input COL,...           columns to use as inputs though the defaults leave them out
  --classes                 treat a numeric target (e.g. digits 0-9) as classes
  --layers 16,8             hidden layer sizes, 1 to 4096 each; inputs, outputs from the data [16]
  --activation NAME         hidden layers: sigmoid, tanh, relu, leaky-relu, identity [sigmoid]
  --output-activation NAME  output layer: the same, or softmax [sigmoid]
  --loss mse|cross-entropy  [mse]
  --optimizer sgd|momentum|adam  [sgd: plain gradient descent]
  --lr X                    learning rate [0.5]
  --momentum X              μ of momentum [0.9]
  --l2 X                    L2 penalty λ on the weights [0]
  --batch full|N            full batch, or minibatches of N rows [full]
  --shuffle                 shuffle the rows every epoch (seeded) [off]
  --epochs N                maximum epochs [2000]
  --threshold X             stop after an epoch in which no parameter moved more than X [1e-7]
  --target-loss X           stop once the training loss is at or below X [off]
  --validation F            fraction of rows held out for validation [0]
  --test F                  fraction of rows held out for the final test [0.2]
  --patience N              early stopping: epochs without a better validation loss [off]
  --normalize none|zscore|minmax  input normalization, fitted on the training rows [zscore]
  --init-scheme uniform|xavier|he  [uniform: ±1/√fan_in]
  --seed N                  seeds the split, the initial weights and the shuffling [1]
  --dtype float64|float32   [float64]
  --init MODEL.json         start from this model's topology, activations, loss, parameters,
                            columns and normalization (e.g. to reproduce a worked example)
  --drop-rows               drop rows with an empty or non-numeric cell instead of failing
  --out MODEL.json          where to write the trained model (required)
  --log LOSS.csv            one row per epoch: epoch, train loss, validation loss, largest change
  --json                    print one JSON object with the results instead of text
                            (null: no such split; "Infinity" or "NaN": a loss that overflowed)

predict writes CSV (to --out, or stdout): the row number, the predicted class (or numbers) and
every output unit. evaluate prints the loss and metrics of a model on a labelled file.

Exit status: 0 success, 1 bad input (the message names the file, row, column or field),
2 bad usage.`;

const string = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

export const COMMAND_OPTIONS = {
  train: {
    data: string,
    target: string,
    ignore: string,
    input: string,
    classes: flag,
    layers: string,
    activation: string,
    'output-activation': string,
    loss: string,
    optimizer: string,
    lr: string,
    momentum: string,
    l2: string,
    batch: string,
    shuffle: flag,
    epochs: string,
    threshold: string,
    'target-loss': string,
    validation: string,
    test: string,
    patience: string,
    normalize: string,
    'init-scheme': string,
    seed: string,
    dtype: string,
    init: string,
    'drop-rows': flag,
    out: string,
    log: string,
    json: flag,
    help: flag,
  },
  predict: { model: string, data: string, out: string, 'drop-rows': flag, help: flag },
  evaluate: { model: string, data: string, json: flag, 'drop-rows': flag, help: flag },
} satisfies Record<string, ParseArgsConfig['options']>;

export type Command = keyof typeof COMMAND_OPTIONS;

/** Parses a command's options; an unknown option or a missing value is a UsageError. */
export function parseOptions<C extends Command>(command: C, args: string[]) {
  try {
    return parseArgs({
      args,
      options: COMMAND_OPTIONS[command],
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    const error = e as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option ${option} for backprop ${command}`);
    }
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/ambiguous/.test(error.message)) {
        throw new UsageError(`${option}: write a value that starts with '-' as ${option}=VALUE`);
      }
      throw new UsageError(
        /argument missing/.test(error.message)
          ? `${option} needs a value`
          : `${option} takes no value`,
      );
    }
    if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']*)'/.exec(error.message)?.[1];
      throw new UsageError(`unexpected argument '${arg}' for backprop ${command}`);
    }
    throw new UsageError(error.message);
  }
}

/** Reads a number option: NaN or trailing junk is a UsageError naming the option. */
export function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // Decimal only: Number() would read '0x10' as 16.
  const value = text.trim() === '' ? NaN : decimalNumber(text.trim());
  if (!Number.isFinite(value)) throw new UsageError(`--${name}: expected a number, got '${text}'`);
  return value;
}

export function choiceOption<T extends string>(
  name: string,
  text: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name}: expected one of ${choices.join(', ')}, got '${text}'`);
  }
  return text as T;
}

export function listOption(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
