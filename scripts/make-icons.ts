/**
 * Draws the app icons (a shield with a tick) so they can be regenerated without an image editor:
 * color.png 192x192 full colour, outline.png 32x32 white on transparent, as Teams requires.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];

function insideShield(x: number, y: number): boolean {
  // Unit square coordinates: a flat top, straight sides, then a curve to a point at the bottom.
  if (y < 0.1 || y > 0.92 || x < 0.16 || x > 0.84) return false;
  if (y <= 0.5) return true;
  const t = (y - 0.5) / 0.42;
  const halfWidth = 0.34 * Math.sqrt(Math.max(0, 1 - t * t));
  return Math.abs(x - 0.5) <= halfWidth;
}

function onTick(x: number, y: number, width: number): boolean {
  const dist = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
  };
  return Math.min(dist(x, y, 0.33, 0.5, 0.45, 0.63), dist(x, y, 0.45, 0.63, 0.68, 0.36)) < width;
}

function draw(size: number, pixel: (x: number, y: number) => Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = pixel((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          for (let i = 0; i < 4; i++) acc[i] += c[i];
        }
      }
      const idx = (py * size + px) * 4;
      for (let i = 0; i < 4; i++) png.data[idx + i] = Math.round(acc[i] / (samples * samples));
    }
  }
  return png;
}

const background: Rgba = [35, 82, 124, 255];
const shield: Rgba = [255, 255, 255, 255];
const tick: Rgba = [46, 139, 87, 255];
const clear: Rgba = [255, 255, 255, 0];

const color = draw(192, (x, y) => {
  if (!insideShield(x, y)) return background;
  return onTick(x, y, 0.055) ? tick : shield;
});
const outline = draw(32, (x, y) => {
  if (!insideShield(x, y)) return clear;
  const edge =
    !insideShield(x - 0.08, y) ||
    !insideShield(x + 0.08, y) ||
    !insideShield(x, y - 0.08) ||
    !insideShield(x, y + 0.06);
  return edge || onTick(x, y, 0.06) ? shield : clear;
});

const dir = path.resolve(__dirname, '..', 'manifest');
fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(color));
fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outline));
console.log('wrote manifest/color.png and manifest/outline.png');
