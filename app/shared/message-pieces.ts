// Messages between main and the training process that are too large to cross as one IPC message
// (a wide network's checkpoint, weights export or project: hundreds of MB) cross in pieces. The
// sender serializes each message; one that fits in a piece is posted as it is, a larger one as
// the pieces of its serialized bytes, in order (messagePieceSchema in ipc.ts). The receiver puts
// them together and hands the message on, to be validated like any other. Both ends are Node
// (main, the utility process), which serialize with node:v8; this file takes the serializer as
// an argument so that it imports nothing but the schema.
import { check, messagePieceSchema } from './ipc';

/** The largest message posted whole, and the size of every piece but the last: 16 MiB. */
export const PIECE_BYTES = 16 * 1024 * 1024;

export interface Serializer {
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array): unknown;
}

/** Pieces that do not make a message: one missing, out of order, or not a piece at all. */
export class PieceError extends Error {
  override name = 'PieceError';
}

export class PieceSender {
  #nextId = 1;

  constructor(
    private readonly serializer: Serializer,
    private readonly pieceBytes = PIECE_BYTES,
  ) {}

  /** Posts `message` whole if its serialized form fits in one piece, else as its pieces. */
  send(message: unknown, post: (message: unknown) => void): void {
    const bytes = this.serializer.serialize(message);
    if (bytes.byteLength <= this.pieceBytes) {
      post(message);
      return;
    }
    const id = this.#nextId++;
    const count = Math.ceil(bytes.byteLength / this.pieceBytes);
    for (let index = 0; index < count; index++) {
      const start = index * this.pieceBytes;
      // A copy: a view is cloned with its whole buffer (Electron's postMessage, structuredClone),
      // and node:v8's serialize returns a Buffer, whose slice is a view.
      const piece = new Uint8Array(
        bytes.subarray(start, Math.min(start + this.pieceBytes, bytes.byteLength)),
      );
      post({ kind: 'piece', id, index, count, totalBytes: bytes.byteLength, bytes: piece });
    }
  }
}

interface Assembly {
  id: number;
  count: number;
  next: number;
  bytes: Uint8Array;
  filled: number;
}

export class PieceReceiver {
  #assembly: Assembly | null = null;

  constructor(private readonly serializer: Serializer) {}

  /**
   * The message `raw` completes: `raw` itself if it is not a piece, the whole message when it is
   * the last of its pieces, null while more are to come. Throws a PieceError, and forgets the
   * message being put together, if the pieces do not follow one another as they were sent.
   */
  receive(raw: unknown): { message: unknown } | null {
    if ((raw as { kind?: unknown } | null)?.kind !== 'piece') {
      if (this.#assembly) {
        this.#assembly = null;
        throw new PieceError('a message arrived between the pieces of another');
      }
      return { message: raw };
    }
    const checked = check(messagePieceSchema, raw, 'piece');
    if (!checked.ok) {
      this.#assembly = null;
      throw new PieceError(checked.error);
    }
    const piece = checked.value;
    let assembly = this.#assembly;
    if (piece.index === 0) {
      if (assembly) {
        this.#assembly = null;
        throw new PieceError(
          `piece 1 of message ${piece.id} arrived before message ${assembly.id} was complete`,
        );
      }
      assembly = {
        id: piece.id,
        count: piece.count,
        next: 0,
        bytes: new Uint8Array(piece.totalBytes),
        filled: 0,
      };
      this.#assembly = assembly;
    } else if (
      !assembly ||
      piece.id !== assembly.id ||
      piece.index !== assembly.next ||
      piece.count !== assembly.count ||
      piece.totalBytes !== assembly.bytes.byteLength
    ) {
      this.#assembly = null;
      throw new PieceError(
        assembly
          ? `piece ${piece.index + 1} of message ${piece.id} (${piece.count} pieces) arrived where piece ${assembly.next + 1} of message ${assembly.id} (${assembly.count} pieces) was due`
          : `piece ${piece.index + 1} of message ${piece.id} arrived without its first`,
      );
    }
    const last = piece.index === piece.count - 1;
    const end = assembly.filled + piece.bytes.byteLength;
    if (end > assembly.bytes.byteLength || (last && end !== assembly.bytes.byteLength)) {
      this.#assembly = null;
      throw new PieceError(
        `message ${piece.id}'s pieces make ${end} bytes, not the ${assembly.bytes.byteLength} announced`,
      );
    }
    assembly.bytes.set(piece.bytes, assembly.filled);
    assembly.filled = end;
    assembly.next++;
    if (!last) return null;
    this.#assembly = null;
    return { message: this.serializer.deserialize(assembly.bytes) };
  }
}
