// Colours of the decision surface: one hue per class (saturated for the training points, a pale
// tint of it for the plane), and for values a diverging scale on the app's sign palette
// (theme/sign.ts: the negative colour, white, the positive colour), as the network drawing and the
// inspector colour a sign.
import type { Rgb, SignColours } from '../theme/sign';

export type { Rgb };

/**
 * Class hues: Tableau 10 (readable in light and dark themes), then ten more of Tableau 20 that
 * none of the first ten resembles (its light and dark partners), then generated hues.
 */
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
  [160, 203, 232],
  [255, 190, 125],
  [140, 209, 125],
  [182, 153, 45],
  [73, 152, 148],
  [211, 114, 149],
  [121, 112, 110],
  [212, 166, 200],
  [215, 181, 166],
  [250, 191, 210],
];

/** Hue turned between generated colours (360° / φ²): no two classes land on the same hue. */
const GOLDEN_ANGLE = 137.50776405003785;

/**
 * Class k's hue: the palette's, then from 20 on a hue GOLDEN_ANGLE on from the last, in three
 * lightnesses in turn, so that every class has a colour of its own.
 */
export function classColour(k: number): Rgb {
  if (k < CLASS_COLOURS.length) return CLASS_COLOURS[k];
  const i = k - CLASS_COLOURS.length;
  return hsl((i * GOLDEN_ANGLE) % 360, 0.65, [0.45, 0.6, 0.35][i % 3]);
}

/** HSL (h in degrees, s and l in [0, 1]) → RGB. */
export function hsl(h: number, s: number, l: number): Rgb {
  // f(n) = l − s·min(l, 1 − l)·max(−1, min(k − 3, 9 − k, 1)), k = (n + h/30) mod 12
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const WHITE: Rgb = [255, 255, 255];

/** a·(1 − t) + b·t */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

/** The plane's colour for class k predicted with confidence c ∈ [0, 1]: a tint, never the full hue. */
export function classTint(k: number, confidence: number): Rgb {
  return mix(WHITE, classColour(k), 0.2 + 0.45 * Math.max(0, Math.min(1, confidence)));
}

/** Diverging: t ∈ [−1, 1], the sign's negative colour below zero, white at zero, positive above. */
export function diverging(t: number, sign: SignColours): Rgb {
  const s = Math.max(-1, Math.min(1, t));
  return s < 0 ? mix(WHITE, sign.negative, -s) : mix(WHITE, sign.positive, s);
}

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
