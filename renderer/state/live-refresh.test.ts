// LiveRefresh: one fetch at a time, at most one per LIVE_INTERVAL_MS while progress arrives, none
// when frozen or after the teardown (a timer already set is cancelled too).
import { expect, it } from 'vitest';
import { LIVE_INTERVAL_MS, LiveRefresh } from './live-refresh';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup() {
  const listeners = new Set<() => void>();
  const state = { fetches: 0, live: true };
  const live = new LiveRefresh({
    fetch: async () => {
      state.fetches++;
      await wait(10);
    },
    live: () => state.live,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
  const progress = () => listeners.forEach((f) => f());
  return { state, live, progress, listeners };
}

it('joins a refresh already under way', async () => {
  const { state, live } = setup();
  const a = live.refresh();
  const b = live.refresh();
  expect(b).toBe(a);
  await a;
  expect(state.fetches).toBe(1);
  await live.refresh();
  expect(state.fetches).toBe(2);
});

it('refreshes at most once an interval while following, never when frozen or unsubscribed', async () => {
  const { state, live, progress, listeners } = setup();
  const stop = live.follow();
  for (let i = 0; i < 20; i++) progress();
  await wait(50);
  expect(state.fetches).toBe(1);
  for (let i = 0; i < 20; i++) progress();
  await wait(LIVE_INTERVAL_MS / 2);
  expect(state.fetches).toBe(1);
  await wait(LIVE_INTERVAL_MS);
  expect(state.fetches).toBe(2);
  // Frozen when the timer fires: no fetch.
  progress();
  state.live = false;
  await wait(LIVE_INTERVAL_MS + 50);
  expect(state.fetches).toBe(2);
  // The teardown unsubscribes and cancels a timer already set.
  state.live = true;
  progress();
  stop();
  expect(listeners.size).toBe(0);
  progress();
  await wait(LIVE_INTERVAL_MS + 50);
  expect(state.fetches).toBe(2);
});
