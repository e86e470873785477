// The selection detail of a wide network: a connection among the weights sent is written out with
// its numbers; one outside them says so and gives only what was sent of it, a_i and δ_j.
import { expect, it } from 'vitest';
import { describe as detail } from './detail';
import { wideInspection } from './testing/wide-inspection';

it('writes out a connection among the first rows and columns sent', () => {
  const d = detail({ kind: 'connection', layer: 0, from: 1, to: 1 }, wideInspection(), null, true);
  expect(d?.title).toBe('Connection w₂,₂⁽²⁾');
  expect(d?.lines.map((l) => l.value)).toEqual([0.4, 0.04, 4]);
});

it('says a connection outside them was not sent, with its factors a_i and δ_j', () => {
  const ins = wideInspection(0.25);
  const d = detail({ kind: 'connection', layer: 0, from: 2, to: 4 }, ins, wideInspection(), true);
  expect(d?.title).toBe('Connection w₃,₅⁽²⁾');
  expect(d?.lines).toEqual([
    {
      label: 'not sent',
      text: 'w₃,₅⁽²⁾ is not among the first 2 rows and 2 columns of the 3 × 5 W⁽²⁾ the inspector receives; its factors:',
      value: null,
    },
    { label: 'a₃⁽¹⁾', text: 'a₃⁽¹⁾ = 3', value: 3 },
    { label: 'δ₅⁽²⁾', text: 'δ₅⁽²⁾ = 0.05', value: 0.05 },
  ]);
  const column = detail({ kind: 'connection', layer: 1, from: 3, to: 0 }, ins, null, false);
  expect(column?.lines[0].label).toBe('not sent');
});

it('still refuses a connection the network does not have', () => {
  expect(
    detail({ kind: 'connection', layer: 0, from: 3, to: 0 }, wideInspection(), null, false),
  ).toBeNull();
});

it("writes the batch mean's count of rows as a count of its noun", () => {
  const ins = wideInspection();
  const mean = (rows: number) =>
    detail(
      { kind: 'connection', layer: 0, from: 1, to: 1 },
      { ...ins, batchMean: { ...ins.batchMean!, rows } },
      null,
      true,
    )!.lines.at(-1)!;
  expect(mean(4)).toMatchObject({ label: 'gradient (mean of 4 rows)', value: 4 });
  expect(mean(1).label).toBe('gradient (mean of 1 row)');
  expect(mean(1).text).toBe("mean over this row's batch of 1 row = 4");
});
