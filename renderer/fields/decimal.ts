// The one reader of every number typed in the workspace (hyperparameters, a hidden layer's units,
// the inspector's row): an ordinary decimal number and nothing else. Number() would also take
// "0x10" (16), "0b11", "0o7", "Infinity" and "1_000"-like typos; a person means none of them.

/** Sign, digits with an optional decimal point (".5" and "5." too), an optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What a field holds: a number, null when it is empty (spaces only), or what is wrong. */
export type Decimal = { ok: true; value: number | null } | { ok: false; problem: string };

/**
 * Reads `text` (surrounding spaces are fine). The problem reads after the field's name:
 * `Learning rate must be a decimal number (…), not "0x10"`.
 */
export function parseDecimal(text: string): Decimal {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  if (!DECIMAL.test(t)) {
    return {
      ok: false,
      problem: `must be a decimal number (digits, a point, an exponent as in 1e-3), not ${JSON.stringify(t)}`,
    };
  }
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, problem: `is too large: ${t}` };
  return { ok: true, value };
}
