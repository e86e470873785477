import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PieceError, PieceReceiver, PieceSender, type Serializer } from './message-pieces';

// The ends use node:v8; JSON keeps this file free of Node (it is type-checked for the page too).
const json: Serializer = {
  serialize: (value) => new TextEncoder().encode(JSON.stringify(value)),
  deserialize: (bytes) => JSON.parse(new TextDecoder().decode(bytes)),
};

function sent(message: unknown, pieceBytes: number, sender = new PieceSender(json, pieceBytes)) {
  const posted: unknown[] = [];
  sender.send(message, (m) => posted.push(m));
  return posted;
}

type Piece = { kind: 'piece'; id: number; index: number; count: number; bytes: Uint8Array };

describe('PieceSender and PieceReceiver', () => {
  it('post a message that fits in one piece as it is', () => {
    const message = { kind: 'progress', values: [1, 2, 3] };
    const posted = sent(message, 1024);
    expect(posted).toEqual([message]);
    expect(posted[0]).toBe(message);
    expect(new PieceReceiver(json).receive(message)).toEqual({ message });
  });

  it('send a larger message as pieces of at most pieceBytes that put it back together', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, pieceBytes) => {
        const message = { kind: 'result', id: 7, value };
        const posted = sent(message, pieceBytes);
        const size = json.serialize(message).byteLength;
        if (size <= pieceBytes) {
          expect(posted).toEqual([message]);
          return;
        }
        expect(posted).toHaveLength(Math.ceil(size / pieceBytes));
        const receiver = new PieceReceiver(json);
        const results = posted.map((p) => receiver.receive(p));
        for (const p of posted as Piece[])
          expect(p.bytes.byteLength).toBeLessThanOrEqual(pieceBytes);
        expect(results.slice(0, -1)).toEqual(posted.slice(0, -1).map(() => null));
        expect(results.at(-1)).toEqual({ message: JSON.parse(JSON.stringify(message)) });
      }),
    );
  });

  it('each piece owns its bytes (a view would be cloned with its whole buffer)', () => {
    const posted = sent({ text: 'x'.repeat(100) }, 16) as Piece[];
    for (const p of posted) expect(p.bytes.buffer.byteLength).toBe(p.bytes.byteLength);
    // node:v8's serialize returns a Buffer, whose slice is a view of the same memory.
    class BufferLike extends Uint8Array {
      override slice(start?: number, end?: number) {
        return this.subarray(start, end);
      }
    }
    const v8Like: Serializer = { ...json, serialize: (v) => new BufferLike(json.serialize(v)) };
    const pieces = sent({ text: 'x'.repeat(100) }, 16, new PieceSender(v8Like, 16)) as Piece[];
    for (const p of pieces) expect(p.bytes.buffer.byteLength).toBe(p.bytes.byteLength);
  });

  it('number messages one after another, and a receiver takes them in turn', () => {
    const sender = new PieceSender(json, 8);
    const a = sent({ a: 'first message' }, 8, sender) as Piece[];
    const b = sent({ b: 'second message' }, 8, sender) as Piece[];
    expect(new Set(a.map((p) => p.id)).size).toBe(1);
    expect(b[0].id).not.toBe(a[0].id);
    const receiver = new PieceReceiver(json);
    const out = [...a, { kind: 'ready' }, ...b]
      .map((p) => receiver.receive(p))
      .filter((r) => r !== null);
    expect(out).toEqual([
      { message: { a: 'first message' } },
      { message: { kind: 'ready' } },
      { message: { b: 'second message' } },
    ]);
  });

  it('refuse pieces that do not follow one another, naming which, and then start afresh', () => {
    const pieces = sent({ text: 'a message of several pieces' }, 8) as Piece[];
    expect(pieces).toHaveLength(5);
    const cases: [unknown[], string][] = [
      [[pieces[1]], 'piece 2 of message 1 arrived without its first'],
      [
        [pieces[0], pieces[2]],
        'piece 3 of message 1 (5 pieces) arrived where piece 2 of message 1 (5 pieces) was due',
      ],
      [[pieces[0], pieces[0]], 'piece 1 of message 1 arrived before message 1 was complete'],
      [[pieces[0], { kind: 'ready' }], 'a message arrived between the pieces of another'],
      [[pieces[0], { ...pieces[1], count: 9 }], 'arrived where piece 2'],
      [[{ ...pieces[0], index: 5, count: 2 }], 'piece.index: index must be below count'],
      [[{ ...pieces[0], bytes: [1, 2] }], 'piece.bytes'],
      [
        [pieces[0], pieces[1], pieces[2], pieces[3], { ...pieces[4], bytes: new Uint8Array(1) }],
        "message 1's pieces make",
      ],
    ];
    for (const [sequence, error] of cases) {
      const receiver = new PieceReceiver(json);
      const last = sequence.pop();
      for (const p of sequence) receiver.receive(p);
      let thrown: unknown = null;
      try {
        receiver.receive(last);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, error).toBeInstanceOf(PieceError);
      expect((thrown as Error).message).toContain(error);
      // What was being put together is forgotten: a whole message goes through again.
      expect(receiver.receive({ kind: 'ready' })).toEqual({ message: { kind: 'ready' } });
    }
  });
});
