#!/usr/bin/env node
// Draws the vtlab kernel logos (kernelspec/logo-32x32.png, kernelspec/logo-64x64.png) from code, so the
// kernelspec needs no downloaded artwork. The picture: a chip (rounded dark-blue square with pins on
// every side) carrying the letters "VT" in a 5x7 pixel font.
// PNG layout follows the PNG specification (ISO/IEC 15948): signature, IHDR (8-bit RGBA, colour type 6),
// one IDAT (zlib stream of filter-byte-0 scanlines), IEND; each chunk = length, type, data, CRC-32.
// Leaves out: anti-aliasing, gamma/colour-space chunks. Usage: node scripts/make-logos.js [outDir]
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const FONT = {
  // 5 columns x 7 rows, "#" = ink
  V: ["#...#", "#...#", "#...#", "#...#", ".#.#.", ".#.#.", "..#.."],
  T: ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
};
const BODY = [31, 58, 104, 255];
const PIN = [200, 205, 215, 255];
const INK = [255, 255, 255, 255];
const ACCENT = [255, 153, 51, 255];

/** CRC-32 (PNG spec, Annex D). */
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function encodePng(size, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function draw(size) {
  const px = Buffer.alloc(size * size * 4); // transparent
  const set = (x, y, rgba) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    Buffer.from(rgba).copy(px, (y * size + x) * 4);
  };
  const u = size / 32; // one "unit" = 1 px at 32x32
  const inset = Math.round(4 * u);
  const radius = Math.round(3 * u);
  // pins: three on each side
  for (let i = 0; i < 3; i++) {
    const c = Math.round((9 + i * 7) * u);
    for (let d = 0; d < inset; d++)
      for (let w = 0; w < Math.round(2 * u); w++) {
        set(c + w, d, PIN);
        set(c + w, size - 1 - d, PIN);
        set(d, c + w, PIN);
        set(size - 1 - d, c + w, PIN);
      }
  }
  // body: rounded square
  const lo = inset;
  const hi = size - 1 - inset;
  for (let y = lo; y <= hi; y++)
    for (let x = lo; x <= hi; x++) {
      const cx = x < lo + radius ? lo + radius : x > hi - radius ? hi - radius : x;
      const cy = y < lo + radius ? lo + radius : y > hi - radius ? hi - radius : y;
      if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) set(x, y, BODY);
    }
  // letters
  const s = Math.max(1, Math.round(2 * u));
  const textW = (5 + 1 + 5) * s;
  const x0 = Math.floor((size - textW) / 2);
  const y0 = Math.floor((size - 7 * s) / 2) - Math.round(u);
  ["V", "T"].forEach((ch, i) => {
    FONT[ch].forEach((row, ry) =>
      [...row].forEach((cell, rx) => {
        if (cell !== "#") return;
        for (let dy = 0; dy < s; dy++)
          for (let dx = 0; dx < s; dx++) set(x0 + i * 6 * s + rx * s + dx, y0 + ry * s + dy, INK);
      }),
    );
  });
  // accent bar under the letters
  const barY = y0 + 7 * s + Math.round(2 * u);
  for (let y = barY; y < barY + Math.max(1, Math.round(u)); y++)
    for (let x = x0; x < x0 + textW; x++) set(x, y, ACCENT);
  return encodePng(size, px);
}

const outDir = process.argv[2] || path.join(__dirname, "..", "kernelspec");
for (const size of [32, 64]) {
  const file = path.join(outDir, `logo-${size}x${size}.png`);
  fs.writeFileSync(file, draw(size));
  process.stdout.write(`wrote ${file}\n`);
}
