// The project file: everything needed to pick a session up again: where the dataset is (and a
// fingerprint of its content, to notice that it changed), the column roles and every setting, the
// loss history, why training stopped, and the weights. Plain JSON, validated on open (errors name
// the field).
import { z } from 'zod';
import {
  datasetRefSchema,
  describeIssues,
  epochProgressSchema,
  exampleIdSchema,
  gradientCheckResultSchema,
  sessionConfigSchema,
  stopReasonSchema,
} from '../shared/ipc';

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
  parameters: z
    .object({
      weights: z.array(z.array(z.array(z.number()))),
      biases: z.array(z.array(z.number())),
    })
    .nullable(),
  /** The last gradient check of these parameters (absent in files saved before there was one). */
  gradientCheck: gradientCheckResultSchema.nullable().optional(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;
export type ProjectDataset = ProjectFile['dataset'];

export { datasetRefSchema };

/** Validates a parsed project file; the error names the field ("project.config.loss: …"). */
export function parseProject(value: unknown): ProjectFile {
  const parsed = projectFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`Not a valid project file: ${describeIssues(parsed.error, 'project')}`);
}
