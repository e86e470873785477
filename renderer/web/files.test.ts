import { describe, expect, it } from 'vitest';
import { readJson } from './files';

describe('readJson', () => {
  const value = { rows: Array.from({ length: 3000 }, (_, i) => [i, -(i + 1) / 7, 'é']), ok: true };

  it('parses a file larger than wholeUpTo as it is read, to the same value', async () => {
    const file = new File([JSON.stringify(value, null, 2)], 'p.json');
    expect(await readJson(file, 1000)).toEqual(value);
    expect(await readJson(file)).toEqual(value);
  });

  it('fails on text that is not JSON, read whole or as a stream, in the same words', async () => {
    const text = `${JSON.stringify(value)}}`;
    const bad = new File([text], 'bad.json');
    const says = `Unexpected non-whitespace character after JSON at line 1, column ${text.length}`;
    await expect(readJson(bad)).rejects.toThrow(SyntaxError);
    await expect(readJson(bad)).rejects.toThrow(says);
    await expect(readJson(bad, 1000)).rejects.toThrow(says);
    const cut = new File([JSON.stringify(value, null, 2).slice(0, 5000)], 'cut.json');
    const whole = await readJson(cut).catch((error: Error) => error.message);
    expect(whole).toMatch(/ at line \d+, column \d+$/);
    await expect(readJson(cut, 1000)).rejects.toThrow(whole as string);
  });
});
