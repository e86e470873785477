// Draws a SurfaceResult on a canvas: the coloured plane scaled up from the grid, then the
// training points on top (their class hue, outlined so they show on any tint), at most
// SURFACE_MAX_POINTS of them.
import type { SurfaceResult } from '../../app/shared/api';
import { sampleRows, SURFACE_MAX_POINTS } from '../../app/shared/sample-rows';
import { signColours } from '../theme/sign';
import { paintOutput, toCanvas, valueScale, type Pixels } from './paint';
import { classColour, css, diverging } from './palette';

/** Puts grid pixels on the canvas, scaled to fill it. */
export function drawPixels(canvas: HTMLCanvasElement, px: Pixels): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const grid = new OffscreenCanvas(px.width, px.height);
  grid
    .getContext('2d')
    ?.putImageData(new ImageData(new Uint8ClampedArray(px.data), px.width, px.height), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(grid, 0, 0, canvas.width, canvas.height);
}

/**
 * The training points drawn: those the host sent, at most SURFACE_MAX_POINTS (the host samples a
 * large set; one that sent more is sampled here the same way, by class), so that a draw costs the
 * same whatever the dataset's size.
 */
export function drawnPoints(s: SurfaceResult): SurfaceResult['points'] {
  if (s.points.length <= SURFACE_MAX_POINTS) return s.points;
  const classOf = s.labels.length > 0 ? s.points.map((p) => p.target) : s.points.map(() => 0);
  return sampleRows(classOf).map((i) => s.points[i]);
}

export function drawSurface(
  canvas: HTMLCanvasElement,
  s: SurfaceResult,
  points: SurfaceResult['points'] = drawnPoints(s),
): void {
  // The sign palette of the theme the canvas is in (light or dark), as the page's CSS has it.
  const sign = signColours(canvas);
  drawPixels(canvas, paintOutput(s, sign));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const value = valueScale(s);
  // Few points: large markers; thousands: small ones, so the plane stays visible.
  const radius = points.length > 500 ? 2.5 : points.length > 100 ? 3.5 : 5;
  // One path per colour, one for the white outlines, one for the dark rings: a few canvas calls
  // for all the points instead of three each.
  const fills = new Map<string, Path2D>();
  const outline = new Path2D();
  const ring = new Path2D();
  for (const p of points) {
    const [cx, cy] = toCanvas(s, p.x, p.y, canvas.width, canvas.height);
    const colour = css(
      s.labels.length > 0 ? classColour(p.target) : diverging(value(p.target), sign),
    );
    let fill = fills.get(colour);
    if (!fill) fills.set(colour, (fill = new Path2D()));
    circle(fill, cx, cy, radius);
    circle(outline, cx, cy, radius);
    circle(ring, cx, cy, radius + 1.2);
  }
  // Outlines first, the markers over them: where points crowd, their colours show, not their rings.
  ctx.lineWidth = 0.8;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.stroke(ring);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)';
  ctx.stroke(outline);
  for (const [colour, fill] of fills) {
    ctx.fillStyle = colour;
    ctx.fill(fill);
  }
}

/** A closed circle as its own subpath (no line from the previous one). */
function circle(path: Path2D, cx: number, cy: number, r: number): void {
  path.moveTo(cx + r, cy);
  path.arc(cx, cy, r, 0, 2 * Math.PI);
}
