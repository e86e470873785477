// A problem with the user's input (a data file, a model file, a column choice), as opposed to a
// bug. Its message is meant for the user as it is: it names the file and the row, column or field.
// Hosts show it in one line (the CLI exits 1 with it; the app shows it next to what caused it).
export class DataError extends Error {
  override name = 'DataError';

  /** `code` lets a host add advice of its own (e.g. the CLI's --drop-rows for UNUSABLE_CELL). */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
