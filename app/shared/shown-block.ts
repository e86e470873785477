// How much of a weight-shaped matrix the backprop inspector gets: its first rows and columns. A
// layer may have 4096 units, so W between two of them holds 16.7 M numbers; the inspector's heat
// map shows at most INSPECT_MAX_SHOWN of each, and an inspection carries no more than it asks for.

/** Rows and columns a heat map shows, and an inspection sends unless asked otherwise. */
export const INSPECT_MAX_SHOWN = 32;

/** The most rows and columns an inspect request may ask for (InspectRequest.maxShown). */
export const INSPECT_MAX_SHOWN_LIMIT = 256;

/** The shape of the block sent of a rows × cols matrix: its first min(rows, maxShown) rows… */
export function shownShape(
  rows: number,
  cols: number,
  maxShown: number,
): { rows: number; cols: number } {
  return { rows: Math.min(rows, maxShown), cols: Math.min(cols, maxShown) };
}
