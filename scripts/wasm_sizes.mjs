#!/usr/bin/env node
// Where a .wasm's bytes go: the largest functions and data segments, and code grouped by owner
// (TalkPress, Dear ImGui, std::, nlohmann::json, cmark, the rest). Names come from the module's "name"
// section, so link with --profiling-funcs (or -g2) for a listing worth reading; sizes are the same as
// in the shipped build only when everything else is equal (the name section itself is not counted).
//   node scripts/wasm_sizes.mjs build/web/split/talkpress.orig.wasm [--top 40] [--grep REGEX]
// build/web/split/talkpress.orig.wasm is the whole linked module with its names (cmake/Web.cmake); the
// shipped build/web/dist/talkpress.wasm (first-frame code) and talkpress.deferred.wasm carry none.
// Names are demangled with c++filt when it is on PATH.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const top = Number(opt('--top', 40));
const filter = opt('--grep', null);
if (!file) { console.error('usage: wasm_sizes.mjs FILE.wasm [--top N] [--grep REGEX]'); process.exit(2); }

const buf = fs.readFileSync(file);
let pos = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = buf[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const str = () => { const n = u32(); const s = buf.toString('utf8', pos, pos + n); pos += n; return s; };

let importedFuncs = 0;
const bodies = [];          // [size, start, end]
const segments = [];        // data segment sizes
const names = new Map();
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const start = pos, end = pos + size;
  let label = String(id);
  if (id === 0) {
    label = 'custom:' + str();
    if (label === 'custom:name') {
      while (pos < end) {
        const sub = buf[pos++]; const subSize = u32(); const subEnd = pos + subSize;
        if (sub === 1) { const n = u32(); for (let i = 0; i < n; i++) { const idx = u32(); names.set(idx, str()); } }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    label = 'import';
    const n = u32();
    for (let i = 0; i < n; i++) {
      str(); str(); const kind = buf[pos++];
      if (kind === 0) { u32(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    label = 'code';
    const n = u32();
    for (let i = 0; i < n; i++) { const s = u32(); bodies.push([s, pos, pos + s]); pos += s; }
  } else if (id === 11) {
    label = 'data';
    const n = u32();
    for (let i = 0; i < n; i++) {
      const flags = u32();
      if (flags === 2) u32();
      if (flags !== 1) { while (buf[pos] !== 0x0b) pos++; pos++; }   // the offset expression
      const s = u32(); segments.push(s); pos += s;
    }
  }
  sections.push([label, size, zlib.gzipSync(buf.subarray(start, end), { level: 9 }).length]);
  pos = end;
}

let display = [...Array(bodies.length).keys()].map((i) => names.get(i + importedFuncs) || `func[${i + importedFuncs}]`);
try {
  const out = execFileSync('c++filt', { input: display.join('\n'), maxBuffer: 1 << 28 }).toString().split('\n');
  if (out.length >= display.length) display = out.slice(0, display.length);
} catch { /* no c++filt: mangled names */ }

const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log(`${file}: ${buf.length} bytes, gzip -9 ${zlib.gzipSync(buf, { level: 9 }).length}`);
console.log('\nSections (raw, gzip -9 of the section alone):');
for (const [label, size, gz] of sections) console.log(`  ${label.padEnd(24)}${kb(size)}${kb(gz)}`);

// By the function's own name (a TalkPress function taking a json argument is TalkPress's; a std::function
// or sort instantiated for a TalkPress lambda is std::'s).
const owner = (n) => {
  const space = n.indexOf(' '), bracket = n.search(/[<(]/);
  const own = space >= 0 && (bracket < 0 || space < bracket) ? n.slice(space + 1) : n;   // drop a return type
  if (/^nlohmann::/.test(own)) return 'nlohmann::json';
  if (/^(tp::|\(anonymous namespace\)|main\b|__original_main|tp_)/.test(own)) return 'TalkPress';
  if (/^(ImGui|Im[A-Z]|stbtt|stb_|ImStb)/.test(own)) return 'Dear ImGui';
  if (/^std::/.test(own)) return 'std::';
  if (/^(cmark|houdini|S_|_scan|normalize_reference|utf8proc)/.test(own)) return 'cmark';
  return 'other (libc, cmark statics, runtime)';
};
const groups = new Map();
bodies.forEach(([s], i) => { const g = owner(display[i]); groups.set(g, (groups.get(g) || 0) + s); });
console.log('\nCode by owner (function bodies, raw):');
for (const [g, s] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${g.padEnd(40)}${kb(s)}`);

let rows = bodies.map(([s], i) => [s, display[i]]);
if (filter) rows = rows.filter(([, n]) => new RegExp(filter).test(n));
rows.sort((a, b) => b[0] - a[0]);
console.log(`\nLargest functions${filter ? ` matching /${filter}/` : ''} (${rows.length}, total ${kb(rows.reduce((t, [s]) => t + s, 0)).trim()}):`);
for (const [s, n] of rows.slice(0, top)) console.log(`  ${String(s).padStart(7)}  ${n.length > 160 ? n.slice(0, 157) + '...' : n}`);
segments.sort((a, b) => b - a);
console.log(`\nLargest data segments: ${segments.slice(0, 8).join(', ')}`);
