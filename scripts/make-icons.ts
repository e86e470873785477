// Draws Backprop Studio's icon — the seed's 3-3-2 network, weights coloured by sign — and writes
// build/icon.png (1024×1024), build/icon.ico (Windows) and build/icon.icns (macOS) for
// electron-builder. Pure Node (zlib for PNG); run with `npm run icons`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];

const layers = [3, 3, 2];
const nodes = layers.flatMap((n, l) =>
  Array.from({ length: n }, (_, i) => ({
    x: 0.24 + l * 0.26,
    y: 0.5 + (i - (n - 1) / 2) * 0.22,
    l,
  })),
);
// Edge colour by the sign of a fixed pseudo-weight: orange positive, blue negative.
const edges = nodes.flatMap((a, i) =>
  nodes.filter((b) => b.l === a.l + 1).map((b, j) => ({ a, b, positive: (i * 7 + j * 3) % 5 < 3 })),
);

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Colour at (u, v) in [0, 1]², before anti-aliasing. */
function shade(u: number, v: number): RGBA {
  // rounded square: |p| in the "superellipse" sense, radius 0.2
  const r = 0.2;
  const qx = Math.max(Math.abs(u - 0.5) - (0.5 - 0.04 - r), 0);
  const qy = Math.max(Math.abs(v - 0.5) - (0.5 - 0.04 - r), 0);
  if (Math.hypot(qx, qy) > r) return [0, 0, 0, 0];
  let c: RGBA = [22 + 20 * v, 28 + 24 * v, 48 + 40 * v, 255];
  for (const e of edges) {
    if (segmentDistance(u, v, e.a.x, e.a.y, e.b.x, e.b.y) < 0.011) {
      c = e.positive ? [247, 146, 52, 255] : [72, 156, 247, 255];
    }
  }
  for (const n of nodes) {
    const d = Math.hypot(u - n.x, v - n.y);
    if (d < 0.062) c = [236, 240, 246, 255];
    if (d < 0.062 && d > 0.048) c = [160, 176, 200, 255];
  }
  return c;
}

/** size × size RGBA pixels, 4×4 supersampled. */
function render(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const s = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let j = 0; j < s; j++) {
        for (let i = 0; i < s; i++) {
          const c = shade((x + (i + 0.5) / s) / size, (y + (j + 0.5) / s) / size);
          // premultiplied accumulation
          for (let k = 0; k < 3; k++) sum[k] += (c[k] * c[3]) / 255;
          sum[3] += c[3];
        }
      }
      const o = (y * size + x) * 4;
      const alpha = sum[3] / (s * s);
      for (let k = 0; k < 3; k++)
        pixels[o + k] = alpha > 0 ? Math.round((sum[k] / (s * s)) * (255 / alpha)) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size: number): Buffer {
  const pixels = render(size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico holding PNG images (Vista and later read PNG entries). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

/** A macOS .icns holding PNG images. */
function icns(entries: [string, number][]): Buffer {
  const parts = entries.map(([type, size]) => {
    const data = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

mkdirSync('build', { recursive: true });
writeFileSync('build/icon.png', png(1024));
writeFileSync('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(
  'build/icon.icns',
  icns([
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ]),
);
console.log('build/icon.png, build/icon.ico, build/icon.icns written');
