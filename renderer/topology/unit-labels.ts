// The names written beside the network drawing's input neurons (left of them, right-aligned) and
// output neurons (right of them, left-aligned), as TensorFlow Playground labels its features. A
// layer is labelled only when every one of its units is drawn and a line of text fits between two
// of them; a long name is cut short with an ellipsis (the tooltip keeps it whole). The room kept
// beside the layer is that of its longest label, so no label overlaps a neuron or leaves the
// drawing. Names alike in their first characters are cut in the middle instead, so that the
// labels still tell the units apart.
import { sampleUnits } from '../../app/shared/sample-units';
import { unitSpacing } from './layout';

/** Font size of the labels, in the drawing's units. */
export const LABEL_FONT_SIZE = 11;
/** Longest label, in characters; a longer name ends in "…". */
export const MAX_LABEL_CHARS = 18;
/** Space between a neuron's circle and its label. */
export const LABEL_GAP = 5;

export interface UnitLabel {
  /** What is written (the name, shortened if need be). */
  text: string;
  /** The whole name. */
  name: string;
}

export interface SideLabels {
  /** Unit j's label (every unit of a labelled layer is drawn). */
  labels: UnitLabel[];
  /** Room the labels take beside the neurons' centres: radius, gap and the longest label. */
  margin: number;
}

export interface LabelGeometry {
  height: number;
  padding: number;
  maxUnits: number;
  /** Radius of a neuron's circle. */
  radius: number;
  /** Width of a text in the drawing's units at LABEL_FONT_SIZE. */
  measure: (text: string) => number;
}

/** A name of at most `max` characters: itself, or its beginning and "…". */
export function shorten(name: string, max = MAX_LABEL_CHARS): string {
  const chars = [...name];
  return chars.length <= max
    ? name
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** A name cut in the middle to at most `max` characters: its beginning, "…" and its last `tail`. */
function shortenMiddle(name: string, tail: number, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const head = chars
    .slice(0, max - 1 - tail)
    .join('')
    .trimEnd();
  return `${head}…${chars.slice(-tail).join('').trimStart()}`;
}

/**
 * The texts written for a layer's names: each cut at its end (`shorten`), unless that makes two
 * different names look alike (ten classes "class label that … #0" … "#9"): then each long name is
 * cut in the middle, keeping as short an end as tells them apart, but at least a third of them.
 */
export function shortenAll(names: readonly string[], max = MAX_LABEL_CHARS): string[] {
  const apart = (texts: string[]) => new Set(texts).size === new Set(names).size;
  const ends = names.map((name) => shorten(name, max));
  if (apart(ends)) return ends;
  for (let tail = Math.floor(max / 3); tail <= max - 2; tail++) {
    const middles = names.map((name) => shortenMiddle(name, tail, max));
    if (apart(middles)) return middles;
  }
  return ends;
}

/**
 * The labels of a layer of `size` units named `names`, or null when it gets none: no names, a
 * layer drawn as a sample of its units, or units too close together for a line of text.
 */
export function sideLabels(
  names: readonly string[] | null,
  size: number,
  { height, padding, maxUnits, radius, measure }: LabelGeometry,
): SideLabels | null {
  if (!names || names.length !== size || size === 0) return null;
  if (sampleUnits(size, maxUnits).length < size) return null;
  if (unitSpacing(size, height, padding) < 1.25 * LABEL_FONT_SIZE) return null;
  const texts = shortenAll(names);
  const labels = names.map((name, j) => ({ name, text: texts[j] }));
  const widest = Math.max(...labels.map((l) => measure(l.text)));
  return { labels, margin: radius + LABEL_GAP + Math.ceil(widest) };
}

/**
 * Measures text as the page draws it (its font family, at LABEL_FONT_SIZE) on a canvas; without
 * one, allows 0.65 of the font size a character, more than most characters take.
 */
export function textMeasure(element: Element = document.body): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => 0.65 * LABEL_FONT_SIZE * [...text].length;
  context.font = `${LABEL_FONT_SIZE}px ${getComputedStyle(element).fontFamily}`;
  return (text) => context.measureText(text).width;
}
