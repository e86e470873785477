// A matrix or vector as the inspector draws it: row-major numbers with a shape. Vectors are
// columns (n × 1), as in the derivation: z⁽ˡ⁾ = W⁽ˡ⁾ᵀa⁽ˡ⁻¹⁾ + θ⁽ˡ⁾.

export interface Grid {
  rows: number;
  cols: number;
  /** values[r * cols + c] */
  values: number[];
}

export function columnVector(v: readonly number[]): Grid {
  return { rows: v.length, cols: 1, values: [...v] };
}

export function matrix(m: readonly (readonly number[])[]): Grid {
  const rows = m.length;
  const cols = rows === 0 ? 0 : m[0].length;
  return { rows, cols, values: m.flat() };
}

export function at(g: Grid, r: number, c: number): number {
  return g.values[r * g.cols + c];
}

/** now − before, element by element; null when the shapes differ (e.g. another topology). */
export function change(now: Grid, before: Grid | null): Grid | null {
  if (!before || before.rows !== now.rows || before.cols !== now.cols) return null;
  return { rows: now.rows, cols: now.cols, values: now.values.map((v, i) => v - before.values[i]) };
}

/** Largest |value|, the scale of the heat map (1 for an all-zero grid, so colours stay neutral). */
export function maxAbs(g: Grid): number {
  let m = 0;
  for (const v of g.values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m === 0 ? 1 : m;
}

export function shapeText(g: Grid): string {
  return `${g.rows} × ${g.cols}`;
}
