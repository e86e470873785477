// What a network's inputs and outputs mean (core/dataset.ts's InputEncoding and TargetEncoding),
// as zod checks it wherever an encoding crosses a border: the model file (model-format.ts), and
// projects and checkpoints (app/shared/ipc.ts). Zod only, so the preload can import it.
import { z } from 'zod';
import type { InputEncoding, TargetEncoding } from './dataset';

/** One input column: its number, or one 0/1 feature per category (at least one). */
export const inputEncodingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ column: z.string(), kind: z.literal('numeric') }),
  z.strictObject({
    column: z.string(),
    kind: z.literal('one-hot'),
    categories: z.array(z.string()).min(1),
  }),
]) satisfies z.ZodType<InputEncoding>;

/** The target: the numbers of some columns (at least one), or classes (at least two labels). */
export const targetEncodingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('numeric'), columns: z.array(z.string()).min(1) }),
  z.strictObject({
    kind: z.literal('classes'),
    column: z.string(),
    labels: z.array(z.string()).min(2),
  }),
]) satisfies z.ZodType<TargetEncoding>;
