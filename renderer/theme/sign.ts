// The one sign palette of every view: a value above zero in --positive, below zero in --negative
// (app.css: blue and orange, told apart with any colour vision), and --selection, the highlight of
// a picked neuron or connection, a neutral that is neither. The DOM uses the custom properties
// directly (heatColour); a canvas, which cannot, reads them from the page (signColours).

export type Rgb = [number, number, number];

/** The custom properties of the sign palette, as app.css defines them. */
export const SIGN_PROPERTIES = {
  positive: '--positive',
  negative: '--negative',
  selection: '--selection',
} as const;

export interface SignColours {
  /** Above zero. */
  positive: Rgb;
  /** Below zero. */
  negative: Rgb;
}

/** Where a page has no app.css (a bare component test): grey, so that nothing looks signed. */
const UNSTYLED: Rgb = [128, 128, 128];

/** Strongest tint of a heat-map cell, in percent: the number written in it stays readable. */
export const HEAT_MAX_PERCENT = 60;
/** Faintest tint of a non-zero cell, in percent. */
export const HEAT_MIN_PERCENT = 8;

/** The tint of t ∈ [−1, 1] (v / the grid's largest |v|), in percent of the sign's colour. */
export function heatPercent(t: number): number {
  const s = Math.min(1, Math.abs(t));
  return HEAT_MIN_PERCENT + (HEAT_MAX_PERCENT - HEAT_MIN_PERCENT) * s;
}

/**
 * A heat-map cell's background for t ∈ [−1, 1]: the sign's colour over the page, deeper with |t|
 * (zero counts as positive, faintest).
 */
export function heatColour(t: number): string {
  const property = t < 0 ? SIGN_PROPERTIES.negative : SIGN_PROPERTIES.positive;
  return `color-mix(in srgb, var(${property}) ${heatPercent(t).toFixed(2)}%, transparent)`;
}

/** A CSS colour as RGB, through a canvas (which reads any CSS colour); null if it is none. */
export function parseColour(value: string): Rgb | null {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx || value.trim() === '') return null;
  // A value the canvas cannot read leaves fillStyle as it was: try from two different colours.
  ctx.fillStyle = '#000000';
  ctx.fillStyle = value;
  const a = ctx.fillStyle;
  ctx.fillStyle = '#ffffff';
  ctx.fillStyle = value;
  if (ctx.fillStyle !== a) return null;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(a);
  if (hex) return [1, 2, 3].map((i) => parseInt(hex[i], 16)) as Rgb;
  const rgb = a.match(/[\d.]+/g)?.map(Number);
  return rgb && rgb.length >= 3 ? [rgb[0], rgb[1], rgb[2]] : null;
}

/** The sign palette as it applies to an element (the theme it is in: light or dark), for a canvas. */
export function signColours(element: Element): SignColours {
  const style = getComputedStyle(element);
  const read = (property: string) => parseColour(style.getPropertyValue(property)) ?? UNSTYLED;
  return {
    positive: read(SIGN_PROPERTIES.positive),
    negative: read(SIGN_PROPERTIES.negative),
  };
}
