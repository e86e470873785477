// A matrix or vector as the inspector draws it: row-major numbers with a shape. Vectors are
// columns (n × 1), as in the derivation: z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + θ⁽ˡ⁾. A weight-shaped matrix too
// large to send whole arrives as its first rows and columns (a block) with the whole's shape and
// largest |value|: the grid holds the block, `whole` says what it is part of.

export interface Grid {
  rows: number;
  cols: number;
  /** values[r * cols + c] */
  values: number[];
  /**
   * Present when the values are only the first rows and columns of a larger matrix: its shape,
   * and its largest finite |value| where known (a change between two inspections has none).
   */
  whole?: { rows: number; cols: number; maxAbs?: number };
}

export function columnVector(v: readonly number[]): Grid {
  return { rows: v.length, cols: 1, values: [...v] };
}

export function matrix(m: readonly (readonly number[])[]): Grid {
  const rows = m.length;
  const cols = rows === 0 ? 0 : m[0].length;
  return { rows, cols, values: m.flat() };
}

/**
 * The block m sent of a rows × cols matrix whose largest |value| is maxAbs: the matrix itself
 * when the block is all of it.
 */
export function block(
  m: readonly (readonly number[])[],
  rows: number,
  cols: number,
  maxAbs: number,
): Grid {
  const g = matrix(m);
  return g.rows === rows && g.cols === cols ? g : { ...g, whole: { rows, cols, maxAbs } };
}

export function at(g: Grid, r: number, c: number): number {
  return g.values[r * g.cols + c];
}

/** The shape of the matrix the grid shows (all of it, or the whole a block is part of). */
export function shapeOf(g: Grid): { rows: number; cols: number } {
  return g.whole ?? g;
}

/**
 * now − before, element by element; null when the shapes differ (e.g. another topology, or
 * blocks of other sizes). A block's change is a block of the same whole, its largest |value|
 * unknown beyond the block.
 */
export function change(now: Grid, before: Grid | null): Grid | null {
  if (!before || before.rows !== now.rows || before.cols !== now.cols) return null;
  const whole = shapeOf(now);
  const wholeBefore = shapeOf(before);
  if (whole.rows !== wholeBefore.rows || whole.cols !== wholeBefore.cols) return null;
  const values = now.values.map((v, i) => v - before.values[i]);
  return now.whole
    ? { rows: now.rows, cols: now.cols, values, whole: { rows: whole.rows, cols: whole.cols } }
    : { rows: now.rows, cols: now.cols, values };
}

/**
 * Largest |value|, the scale of the heat map: of the whole matrix when a block carries it, else of
 * the values there are (1 for an all-zero grid, so colours stay neutral).
 */
export function maxAbs(g: Grid): number {
  let m = g.whole?.maxAbs ?? 0;
  if (g.whole?.maxAbs === undefined) {
    for (const v of g.values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  }
  return m === 0 ? 1 : m;
}

export function shapeText(g: Grid): string {
  const { rows, cols } = shapeOf(g);
  return `${rows} × ${cols}`;
}
