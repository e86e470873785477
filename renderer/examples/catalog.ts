// The built-in examples as the Examples menu lists them (the host holds their data and settings).
import type { ExampleId } from '../../app/shared/api';

export interface ExampleEntry {
  id: ExampleId;
  title: string;
  description: string;
}

export const EXAMPLES: readonly ExampleEntry[] = [
  {
    id: 'seed-3-3-2',
    title: 'Worked example: 3-3-2 sigmoid network',
    description: 'One sample, fixed initial weights: every number can be checked by hand.',
  },
  {
    id: 'xor',
    title: 'XOR',
    description: 'Four points no straight line separates; a hidden layer bends the boundary.',
  },
  {
    id: 'spirals',
    title: 'Two spirals',
    description: 'Interleaved arms (seeded); watch the decision surface wind around them.',
  },
  {
    id: 'iris',
    title: 'Iris flowers',
    description: '150 flowers, 4 measurements, 3 species: a small real classifier.',
  },
];
