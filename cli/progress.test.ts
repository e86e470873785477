import { describe, expect, it } from 'vitest';
import { Progress } from './progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 20, write: (s: string) => writes.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

describe('Progress', () => {
  it('redraws one line on a terminal, cut to its width, at most every 100 ms, and clears it', () => {
    const { stream, writes } = fakeStream(true);
    const progress = new Progress(stream);
    progress.update('epoch 1/2000  loss 0.35  120 epochs/s');
    progress.update('epoch 2/2000  loss 0.34'); // too soon: skipped
    progress.update('epoch 3/2000', true);
    progress.clear();
    expect(writes).toEqual(['\r\x1b[2Kepoch 1/2000  loss ', '\r\x1b[2Kepoch 3/2000', '\r\x1b[2K']);
  });

  it('stays quiet when the stream is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const progress = new Progress(stream);
    progress.update('epoch 1', true);
    progress.clear();
    expect(writes).toEqual([]);
  });
});
