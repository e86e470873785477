// Colours of the decision surface: one hue per class (saturated for the training points, a pale
// tint of it for the plane), and a diverging blue–white–red scale for values.

export type Rgb = [number, number, number];

/** Class hues (Tableau 10, readable in light and dark themes). */
export const CLASS_COLOURS: Rgb[] = [
  [242, 142, 43],
  [78, 121, 167],
  [89, 161, 79],
  [225, 87, 89],
  [176, 122, 161],
  [118, 183, 178],
  [237, 201, 72],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

export const classColour = (k: number): Rgb => CLASS_COLOURS[k % CLASS_COLOURS.length];

const WHITE: Rgb = [255, 255, 255];
const NEG: Rgb = [67, 147, 195];
const POS: Rgb = [214, 96, 77];

/** a·(1 − t) + b·t */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

/** The plane's colour for class k predicted with confidence c ∈ [0, 1]: a tint, never the full hue. */
export function classTint(k: number, confidence: number): Rgb {
  return mix(WHITE, classColour(k), 0.2 + 0.45 * Math.max(0, Math.min(1, confidence)));
}

/** Diverging: t ∈ [−1, 1], blue below zero, white at zero, red above. */
export function diverging(t: number): Rgb {
  const s = Math.max(-1, Math.min(1, t));
  return s < 0 ? mix(WHITE, NEG, -s) : mix(WHITE, POS, s);
}

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
