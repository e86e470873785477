// The decision surface follows training at a readable rate (≤ 4 redraws a second) or not at all.
import { expect, it } from 'vitest';
import type { ProgressBatch, SurfaceRequest, SurfaceResult } from '../../app/shared/api';
import { SurfaceState } from './surface.svelte';

function host() {
  const requests: SurfaceRequest[] = [];
  const listeners = new Set<(b: ProgressBatch) => void>();
  return {
    requests,
    progress: () =>
      listeners.forEach((f) => f({ points: [], samplesPerSecond: 0, state: 'running' })),
    async decisionSurface(request: SurfaceRequest): Promise<SurfaceResult> {
      requests.push(request);
      return {
        xRange: [0, 1],
        yRange: [0, 1],
        resolution: request.resolution,
        outputs: [[0.2]],
        hidden: [],
        points: [],
        totalPoints: 0,
        labels: ['a', 'b'],
        output: request.output,
      };
    },
    onProgress(f: (b: ProgressBatch) => void) {
      listeners.add(f);
      return () => void listeners.delete(f);
    },
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('redraws at most every 250 ms while training reports progress, none when not following', async () => {
  const h = host();
  const surface = new SurfaceState(h);
  surface.xFeature = 2;
  surface.yFeature = 3;
  surface.hidden = true;
  surface.output = 1;
  const stop = surface.follow();
  for (let i = 0; i < 30; i++) h.progress();
  await wait(100);
  expect(h.requests).toHaveLength(1);
  expect(h.requests[0]).toEqual({
    xFeature: 2,
    yFeature: 3,
    resolution: 64,
    hidden: true,
    output: 1,
  });
  for (let i = 0; i < 30; i++) h.progress();
  await wait(350);
  expect(h.requests).toHaveLength(2);
  surface.live = false;
  h.progress();
  await wait(350);
  expect(h.requests).toHaveLength(2);
  stop();
  surface.live = true;
  h.progress();
  await wait(350);
  expect(h.requests).toHaveLength(2);
});

it('draws again when it starts following a plane drawn before (weights trained since)', async () => {
  const h = host();
  const surface = new SurfaceState(h);
  // nothing drawn yet: following asks nothing until training reports
  surface.follow()();
  expect(h.requests).toHaveLength(0);
  await surface.refresh(); // the example opened
  // not following: no fresh plane on show
  surface.live = false;
  surface.follow()();
  expect(h.requests).toHaveLength(1);
  surface.live = true;
  const stop = surface.follow();
  await wait(0);
  expect(h.requests).toHaveLength(2);
  stop();
  // trained weights with no plane drawn yet (nothing opened an example): drawn at once too
  const fresh = new SurfaceState(h);
  fresh.follow(true)();
  await wait(0);
  expect(h.requests).toHaveLength(3);
  expect(fresh.result).not.toBeNull();
});

it('keeps its axes and output among those the network has when they change in number', () => {
  const surface = new SurfaceState(host());
  surface.xFeature = 4;
  surface.yFeature = 3;
  surface.output = 2;
  surface.fit(5, 3);
  expect([surface.xFeature, surface.yFeature, surface.output]).toEqual([4, 3, 2]);
  surface.fit(4, 1);
  expect([surface.xFeature, surface.yFeature, surface.output]).toEqual([0, 3, 0]);
  surface.output = 1;
  surface.fit(1, 0); // one input; a classifier (no numeric outputs to pick from)
  expect([surface.xFeature, surface.yFeature, surface.output]).toEqual([0, 0, 0]);
});

it('moves an axis off an input that never varies, keeping one the user picked that does', () => {
  // digits: px0 (a blank corner pixel, 0 in every image) was the horizontal axis by default,
  // every point on one vertical line
  const surface = new SurfaceState(host());
  surface.avoidConstant([true, false, false, true, false]);
  expect([surface.xFeature, surface.yFeature]).toEqual([1, 2]);
  surface.xFeature = 4;
  surface.yFeature = 1;
  surface.avoidConstant([true, false, false, true, false]);
  expect([surface.xFeature, surface.yFeature]).toEqual([4, 1]);
  // fewer than two inputs vary: nothing better to offer
  surface.xFeature = 0;
  surface.avoidConstant([true, true, false]);
  expect([surface.xFeature, surface.yFeature]).toEqual([0, 1]);
});
