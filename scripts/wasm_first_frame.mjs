// Renews cmake/wasm_first_frame.txt, the functions talkpress.wasm keeps (the rest goes to
// talkpress.deferred.wasm, loaded after the first frame; cmake/Web.cmake). It opens the page with the
// module the link instrumented (build/web/split/talkpress.instrumented.wasm) in headless Chromium and
// records which functions a first visit runs: its start-up, its first frame and a while after it (the idle
// frames, the text boxes, stats()). A page with saved work to restore loads both modules before it starts
// (web/boot.js), so the restore code need not be here. Run it after changes to the start-up code, then rebuild:
//   node scripts/wasm_first_frame.mjs [build/web]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.resolve(process.argv[2] || path.join(root, 'build/web'));
const { chromium } = createRequire(path.join(root, 'tests/e2e/package.json'))('playwright-core');
const { CHROMIUM_ARGS, START_VIEWPORTS } = await import(path.join(root, 'tests/e2e/browser.mjs'));
const { serveFolder } = await import(path.join(root, 'tests/e2e/static_server.mjs'));
const { readModule } = await import(path.join(root, 'scripts/split_wasm.mjs'));
const LIST = path.join(root, 'cmake/wasm_first_frame.txt');
const ORIG = path.join(build, 'split/talkpress.orig.wasm');
const INSTRUMENTED = path.join(build, 'split/talkpress.instrumented.wasm');
if (!fs.existsSync(INSTRUMENTED)) throw new Error(`${INSTRUMENTED} missing: build the web app with TP_WEB_SPLIT=ON`);

// The page as shipped, with the instrumented module in place of the split ones.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-first-frame-'));
const site = path.join(work, 'site');
fs.cpSync(path.join(build, 'dist'), site, { recursive: true });
fs.rmSync(path.join(site, 'talkpress.deferred.wasm'), { force: true });
fs.copyFileSync(INSTRUMENTED, path.join(site, 'talkpress.wasm'));

const server = await serveFolder(site);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                        args: CHROMIUM_ARGS, headless: true });

async function started(page) {
  await page.waitForFunction(() => { try { return window.talkpress.stats().framesRendered > 0; } catch { return false; } },
                             null, { timeout: 60000 });
  await page.waitForTimeout(1500);   // idle frames, the text boxes' first layout
}
// The instrumented module's record of the functions that ran, as the bytes wasm-split reads.
async function saveProfile(page, name) {
  const bytes = await page.evaluate(() => {
    const write = Module.asm.__write_profile;
    const size = write(0, 0), at = Module._malloc(size);
    write(at, size);
    const out = Array.from(HEAPU8.subarray(at, at + size));
    Module._free(at);
    return out;
  });
  const file = path.join(work, `${name}.profile`);
  fs.writeFileSync(file, Buffer.from(bytes));
  return file;
}

// Every window size a first visit is checked in, from a large screen to a phone (the narrow layout).
const profiles = [];
for (const { name, ...contextOptions } of START_VIEWPORTS) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await started(page);
  profiles.push(await saveProfile(page, name));
  await context.close();
}
await browser.close();
await new Promise((r) => server.close(r));

const merged = path.join(work, 'merged.profile');
execFileSync('wasm-split', ['--merge-profiles', ...profiles, '-o', merged]);

// The profile: the module's 8-byte hash, then one 32-bit little-endian time of first call per function
// the module defines, in order (0: never called).
const names = readModule(fs.readFileSync(ORIG)).functionNames;
const profile = fs.readFileSync(merged);
const defined = (profile.length - 8) / 4;
if (defined !== names.length) throw new Error(`the profile has ${defined} functions, ${ORIG} ${names.length}`);
const kept = [];
for (let i = 0; i < defined; i++) {
  if (profile.readUInt32LE(8 + 4 * i) === 0) continue;
  if (names[i]) kept.push(names[i]);
}
kept.sort();   // one C++ name per line, as scripts/split_wasm.mjs reads them
fs.writeFileSync(LIST, kept.join('\n') + '\n');
console.log(`${path.relative(root, LIST)}: ${kept.length} of ${defined} functions run at start-up and stay in talkpress.wasm`);
fs.rmSync(work, { recursive: true, force: true });
