// Renders media/icon.svg to images/icon.png (128×128, the Marketplace's and Open VSX's icon) with node alone:
// the icon's paths (M, L, l, v, C, z) are flattened to polygons and filled with 4×4 supersampling (non-zero
// winding), then written as an RGBA PNG through node:zlib. Run it again when the SVG changes: node scripts/make-icon.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const svg = readFileSync(new URL('../media/icon.svg', import.meta.url), 'utf8');
const viewBox = /viewBox="([^"]+)"/.exec(svg)[1].split(/\s+/).map(Number);
const scale = SIZE / viewBox[2];
const paths = [...svg.matchAll(/<path fill="#([0-9a-f]{3}|[0-9a-f]{6})" d="([^"]+)"/gi)].map((m) => ({ color: rgb(m[1]), polygon: flatten(m[2]) }));

function rgb(hex) {
  const h = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}

/** The path as one polygon (the icon's paths are single closed shapes). */
function flatten(d) {
  const tokens = d.match(/[a-zA-Z]|-?\d*\.?\d+/g);
  const points = [];
  let x = 0;
  let y = 0;
  let i = 0;
  let cmd = '';
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) cmd = tokens[i++];
    switch (cmd) {
      case 'M':
      case 'L':
        x = num();
        y = num();
        points.push([x, y]);
        break;
      case 'l':
        x += num();
        y += num();
        points.push([x, y]);
        break;
      case 'v':
        y += num();
        points.push([x, y]);
        break;
      case 'C': {
        const [x1, y1, x2, y2, x3, y3] = [num(), num(), num(), num(), num(), num()];
        for (let t = 1; t <= 24; t++) {
          const s = t / 24;
          const u = 1 - s;
          points.push([u * u * u * x + 3 * u * u * s * x1 + 3 * u * s * s * x2 + s * s * s * x3, u * u * u * y + 3 * u * u * s * y1 + 3 * u * s * s * y2 + s * s * s * y3]);
        }
        x = x3;
        y = y3;
        break;
      }
      case 'z':
      case 'Z':
        break;
      default:
        throw new Error(`path command ${cmd} is not supported by this script`);
    }
  }
  return points.map(([px, py]) => [(px - viewBox[0]) * scale, (py - viewBox[1]) * scale]);
}

function inside(polygon, px, py) {
  let winding = 0;
  for (let k = 0; k < polygon.length; k++) {
    const [x1, y1] = polygon[k];
    const [x2, y2] = polygon[(k + 1) % polygon.length];
    if (y1 <= py ? y2 > py : y2 <= py) {
      const cross = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1);
      winding += y2 > y1 ? (cross > 0 ? 1 : 0) : cross < 0 ? -1 : 0;
    }
  }
  return winding !== 0;
}

// Straight RGBA, paths painted in order ("over").
const pixels = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (const { color, polygon } of paths) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) for (let sx = 0; sx < SAMPLES; sx++) if (inside(polygon, px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)) hits++;
      const cov = hits / (SAMPLES * SAMPLES);
      if (cov === 0) continue;
      const outA = cov + a * (1 - cov);
      [r, g, b] = [0, 1, 2].map((c) => (color[c] * cov + [r, g, b][c] * a * (1 - cov)) / outA);
      a = outA;
    }
    pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * SIZE + px) * 4);
  }
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
