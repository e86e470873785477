// Draws a SurfaceResult on a canvas: the coloured plane scaled up from the grid, then the
// training points on top (their class hue, outlined so they show on any tint).
import type { SurfaceResult } from '../../app/shared/api';
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

export function drawSurface(canvas: HTMLCanvasElement, s: SurfaceResult): void {
  drawPixels(canvas, paintOutput(s));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const value = valueScale(s);
  // Few points: large markers; thousands: small ones, so the plane stays visible.
  const radius = s.points.length > 500 ? 2.5 : s.points.length > 100 ? 3.5 : 5;
  for (const p of s.points) {
    const [cx, cy] = toCanvas(s, p.x, p.y, canvas.width, canvas.height);
    ctx.beginPath();
    ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
    ctx.fillStyle = css(s.labels.length > 0 ? classColour(p.target) : diverging(value(p.target)));
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)';
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(cx, cy, radius + 1.2, 0, 2 * Math.PI);
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.stroke();
  }
}
