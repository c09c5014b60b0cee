// Splits the linked module (cmake/Web.cmake runs this after the link): the functions named in
// cmake/wasm_first_frame.txt stay in talkpress.wasm, the rest go to talkpress.deferred.wasm, which the page
// loads after its first frame (web/boot.js). The link keeps function names so the list can name them; the
// split runs on a copy without them, so neither output carries names and the exports that join the two
// modules are named by number ("%123"), not by the functions' C++ names.
//   node scripts/split_wasm.mjs LINKED.wasm LIST PRIMARY.wasm DEFERRED.wasm
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do { byte = buf[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

// The module's sections as [id, start, end] (start: the section's first byte, its id), and the name of
// each function the module defines, in order (from the "name" section; '' for a function without one).
export function readModule(buf) {
  const sections = [];
  let at = 8, imported = 0, defined = 0, nameSection = null;
  const names = new Map();
  while (at < buf.length) {
    const start = at, id = buf[at];
    let size; [size, at] = leb(buf, at + 1);
    const end = at + size;
    sections.push([id, start, end]);
    if (id === 2) {   // imports: the imported functions come first in the index space
      let n, p; [n, p] = leb(buf, at);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < 2; k++) { let len; [len, p] = leb(buf, p); p += len; }
        const kind = buf[p++];
        if (kind === 0) { imported++; [, p] = leb(buf, p); }   // function: type index
        else if (kind === 1) { p++; const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }   // table
        else if (kind === 2) { const flags = buf[p++]; [, p] = leb(buf, p); if (flags & 1) [, p] = leb(buf, p); }   // memory
        else if (kind === 3) p += 2;   // global: type, mutability
        else throw new Error(`import kind ${kind} not understood`);
      }
    } else if (id === 3) {
      [defined] = leb(buf, at);
    } else if (id === 0) {
      let len, p; [len, p] = leb(buf, at);
      if (buf.toString('utf8', p, p + len) === 'name') {
        nameSection = sections.length - 1;
        p += len;
        while (p < end) {
          const sub = buf[p];
          let subSize; [subSize, p] = leb(buf, p + 1);
          if (sub === 1) {   // function names: index, name
            let n, q; [n, q] = leb(buf, p);
            for (let i = 0; i < n; i++) {
              let index, nameLen; [index, q] = leb(buf, q); [nameLen, q] = leb(buf, q);
              names.set(index, buf.toString('utf8', q, q + nameLen)); q += nameLen;
            }
          }
          p += subSize;
        }
      }
    }
    at = end;
  }
  const functionNames = Array.from({ length: defined }, (_, i) => names.get(imported + i) || '');
  return { sections, functionNames, nameSection };
}

function main() {
  const [linked, list, primary, deferred] = process.argv.slice(2);
  if (!deferred) { console.error('usage: split_wasm.mjs LINKED.wasm LIST PRIMARY.wasm DEFERRED.wasm'); process.exit(2); }
  const buf = fs.readFileSync(linked);
  const { sections, functionNames, nameSection } = readModule(buf);
  if (nameSection === null) throw new Error(`${linked} has no function names: link with --profiling-funcs`);
  const wanted = new Set(fs.readFileSync(list, 'utf8').split('\n').filter(Boolean));
  // binaryen names a function of a module without names by its index among the module's own functions.
  const keep = [];
  const found = new Set();
  functionNames.forEach((name, i) => { if (wanted.has(name)) { keep.push(String(i)); found.add(name); } });
  const [, start, end] = sections[nameSection];
  const work = path.dirname(linked);
  const nameless = path.join(work, 'talkpress.nameless.wasm'), keepFile = path.join(work, 'keep.txt');
  fs.writeFileSync(nameless, Buffer.concat([buf.subarray(0, start), buf.subarray(end)]));
  fs.writeFileSync(keepFile, keep.join('\n') + '\n');
  const features = ['--enable-mutable-globals', '--enable-sign-ext'];
  execFileSync('wasm-split', [...features, '--export-prefix=%', `--keep-funcs=@${keepFile}`,
                              nameless, '-o1', primary, '-o2', deferred], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Each half is optimised for size once more after the split: 3 KB less gzipped than the split alone.
  for (const out of [primary, deferred])
    execFileSync('wasm-opt', [...features, '-Oz', out, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  const missing = wanted.size - found.size;
  console.log(`talkpress.wasm keeps ${keep.length} of ${functionNames.length} functions, talkpress.deferred.wasm has the rest` +
              (missing ? `; ${missing} listed functions no longer exist (node scripts/wasm_first_frame.mjs renews the list)` : ''));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
