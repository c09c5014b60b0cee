// Browser benchmarks in headless Chromium (Debian's, through playwright-core; flags as in tests/e2e):
//   startup  TalkPress vs the plain Dear ImGui demo, alternating A B A B in fresh contexts: first frame,
//            gzipped transfer, frames drawn in 2 idle seconds, pixels one frame fills; TalkPress's
//            first-frame breakdown.
//   app      TalkPress only, through the automation API: frame CPU time while scrolling a 100k-character
//            article with a 250k-character transcript loaded; keypress -> next frame in the transcript box
//            with 1 MB loaded (keypress), 250k characters (keypress3h; keypress3hHuman at typing speed, keypress3hPauses with pauses) and
//            2k characters (keypressTiny: the floor); longest main-thread task after loading a 20 MB
//            transcript; wasm heap after full runs against the fake provider.
// Prints progress, writes JSON (--out). Measures and reports; asserts nothing. A figure that cannot be
// taken is recorded as {error} and the rest still run.
//
// Usage: node tests/bench/browser_bench.mjs --talkpress build/web/dist --baseline build/web/baseline/dist
//        [--runs 5] [--out build/bench/browser.json] [--only startup,app]   (or single app benches: scroll,keypress,keypress3h,keypress3hHuman,keypress3hPauses,keypressTiny,hugeTranscript,fullRun)
//
// How frames are counted, the same way for both apps: an init script wraps requestAnimationFrame (a
// frame's CPU time is its callback's duration) and the WebGL draw calls (a frame is drawn when its
// callback issued at least one). First frame = end of the first drawn frame, from navigation start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const { chromium } = createRequire(path.join(ROOT, 'tests/e2e/package.json'))('playwright-core');
const { CHROMIUM_ARGS } = await import(path.join(ROOT, 'tests/e2e/browser.mjs'));
const { serveFolder } = await import(path.join(ROOT, 'tests/e2e/static_server.mjs'));

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const TP_DIST = path.resolve(ROOT, args.talkpress || 'build/web/dist');
const BASE_DIST = path.resolve(ROOT, args.baseline || 'build/web/baseline/dist');
const RUNS = Number(args.runs || 5);
const OUT = path.resolve(ROOT, args.out || 'build/bench/browser.json');
const ONLY = (args.only || 'startup,app').split(',');
const log = (...a) => console.log('[browser]', ...a);

// ------------------------------------------------------------------------------------- statistics
const sorted = (v) => [...v].sort((a, b) => a - b);
function pct(v, p) { const s = sorted(v); return s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))] : null; }
function summary(v) {
  const s = sorted(v.filter((x) => typeof x === 'number' && isFinite(x)));
  if (!s.length) return null;
  const r = (x) => Math.round(x * 100) / 100;
  return { median: r(pct(s, 0.5)), min: r(s[0]), max: r(s[s.length - 1]), n: s.length, values: s.map(r) };
}

// ------------------------------------------------------------------------------- page instrumentation
function instrument() {
  const m = window.__bench = { frames: [], draws: 0, firstDrawAt: null, wasm: {}, module: {}, cost: {}, costAtMain: null, costAtFirstFrame: null };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = function(cb) {
    return raf(function(ts) {
      const d0 = m.draws, t0 = performance.now();
      try { cb(ts); } finally {
        m.frames.push([t0, performance.now() - t0, m.draws - d0]);
        if (m.draws > d0 && !m.costAtFirstFrame) m.costAtFirstFrame = JSON.parse(JSON.stringify(m.cost));
      }
    });
  };
  // Time spent inside browser calls the start-up makes, by kind: WebGL context creation, shader
  // compile/link, Canvas2D text (glyph rasterisation), storage reads.
  const timeCalls = (proto, names, kind) => {
    for (const name of names) {
      const orig = proto && proto[name];
      if (typeof orig !== 'function') continue;
      proto[name] = function() {
        const t0 = performance.now();
        try { return orig.apply(this, arguments); } finally {
          const c = m.cost[kind] = m.cost[kind] || { ms: 0, calls: 0 };
          c.ms += performance.now() - t0; c.calls++;
        }
      };
    }
  };
  timeCalls(HTMLCanvasElement.prototype, ['getContext'], 'getContext');
  timeCalls(WebGL2RenderingContext.prototype, ['compileShader', 'linkProgram', 'getShaderParameter', 'getProgramParameter', 'getShaderInfoLog', 'getProgramInfoLog'], 'shaders');
  timeCalls(WebGL2RenderingContext.prototype, ['texImage2D', 'texSubImage2D'], 'textureUpload');
  timeCalls(CanvasRenderingContext2D.prototype, ['measureText', 'fillText', 'getImageData', 'clearRect'], 'canvasText');
  if (typeof OffscreenCanvasRenderingContext2D !== 'undefined')
    timeCalls(OffscreenCanvasRenderingContext2D.prototype, ['measureText', 'fillText', 'getImageData', 'clearRect'], 'canvasText');
  timeCalls(Storage.prototype, ['getItem', 'setItem'], 'storage');
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const name of ['drawElements', 'drawArrays']) {
      const orig = proto[name];
      proto[name] = function() { m.draws++; if (m.firstDrawAt === null) m.firstDrawAt = performance.now(); return orig.apply(this, arguments); };
    }
  }
  for (const name of ['instantiateStreaming', 'instantiate', 'compileStreaming', 'compile']) {
    const orig = WebAssembly[name];
    if (!orig) continue;
    WebAssembly[name] = function() {
      const t0 = performance.now();
      if (m.wasm.start === undefined) m.wasm.start = t0;
      // The first module only: a split build compiles its deferred module after the first frame.
      return orig.apply(WebAssembly, arguments).then((r) => {
        if (m.wasm.end === undefined) { m.wasm.end = performance.now(); m.wasm.via = name; }
        return r;
      });
    };
  }
  // Module hooks: runtime initialised (just before main) and postRun (main returned).
  let mod;
  Object.defineProperty(window, 'Module', { configurable: true, get() { return mod; }, set(v) {
    mod = v;
    if (v && typeof v === 'object' && !v.__benchHooked) {
      v.__benchHooked = true;
      const prevInit = v.onRuntimeInitialized;
      v.onRuntimeInitialized = function() { m.module.runtimeInitialized = performance.now(); if (prevInit) return prevInit.apply(this, arguments); };
      v.postRun = [].concat(v.postRun || [], [() => { m.module.mainReturned = performance.now(); m.costAtMain = JSON.parse(JSON.stringify(m.cost)); }]);
    }
  } });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) (m.longtasks = m.longtasks || []).push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function waitDrawnFrame(page, timeout = 60000) {
  await page.waitForFunction(() => window.__bench && window.__bench.frames.some((f) => f[2] > 0), null, { timeout, polling: 20 });
}

// One cold start: first frame, transfer (every response body gzipped at level 9), idle frames.
async function startupRun(browser, url, isTalkPress) {
  const { context, page, errors } = await newPage(browser);
  const bodies = [];
  // Bodies are compressed after the run: gzip in this process would stall the static server it shares.
  page.on('response', async (r) => { try { bodies.push({ url: r.url(), body: await r.body() }); } catch { /* redirects */ } });
  await page.goto(url);
  await waitDrawnFrame(page);
  await page.waitForFunction(() => { const m = window.__bench; return m.frames.length > m.frames.findIndex((x) => x[2] > 0) + 1; },
                             null, { timeout: 2000, polling: 20 }).catch(() => { /* an app that draws once: no next frame */ });
  const first = await page.evaluate(() => {
    const m = window.__bench, i = m.frames.findIndex((x) => x[2] > 0), f = m.frames[i], next = m.frames[i + 1];
    const res = performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: e.startTime, end: e.responseEnd }));
    return { firstFrameEnd: f[0] + f[1], firstFrameStart: f[0], firstFrameCpu: f[1], firstDrawAt: m.firstDrawAt,
             nextFrameStart: next ? next[0] : null,
             wasm: m.wasm, module: m.module, resources: res, costAtMain: m.costAtMain, costAtFirstFrame: m.costAtFirstFrame };
  });
  // Idle: let the start settle (1 s), then count drawn frames in the next 2 s with no input at all.
  await page.waitForTimeout(1000);
  const t0 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(2000);
  const [idle, wakeups] = await page.evaluate((t) => {
    const inWindow = window.__bench.frames.filter((f) => f[0] >= t && f[0] < t + 2000);
    return [inWindow.filter((f) => f[2] > 0).length, inWindow.length];
  }, t0);
  const pixelsFilledPerFrame = await framePixelsFilled(page).catch(() => null);
  let stats = null;
  if (isTalkPress) stats = await page.evaluate(() => { try { return window.talkpress.stats(); } catch (e) { return { error: e.message }; } });
  // A split build's deferred code (web/boot.js): when it became callable.
  const deferredReadyAt = await page.evaluate(() => (window.Module && window.Module.deferredReadyAt) || null);
  // The second drawn frame's start: how long the page waits after the first one (its pixels reach the screen).
  const nextDrawnStart = await page.evaluate(() => {
    const m = window.__bench, drawn = m.frames.filter((x) => x[2] > 0);
    return drawn.length > 1 ? drawn[1][0] : null;
  });
  await page.waitForTimeout(200);   // late responses (favicon) land in the transfer total
  await context.close();
  for (const b of bodies) { b.raw = b.body.length; b.gz = zlib.gzipSync(b.body, { level: 9 }).length; delete b.body; }
  const transfer = bodies.reduce((a, b) => a + b.gz, 0), raw = bodies.reduce((a, b) => a + b.raw, 0);
  // Bytes the first frame waited for: responses that ended before it.
  const endedAt = Object.fromEntries(first.resources.map((e) => [e.name, e.end]));
  const beforeFirstFrame = bodies.filter((b) => !(endedAt[b.url.split('/').pop()] > first.firstFrameEnd)).reduce((a, b) => a + b.gz, 0);
  return { ...first, transferBeforeFirstFrameGzip: beforeFirstFrame, deferredReadyAt, pixelsFilledPerFrame,
           secondFrameWaitMs: nextDrawnStart === null ? null : nextDrawnStart - first.firstFrameEnd, idleFrames2s: idle, idleAnimationCallbacks2s: wakeups, transferGzip: transfer, transferRaw: raw, files: bodies.map((b) => ({ name: b.url.split('/').pop(), raw: b.raw, gzip: b.gz })), stats, errors };
}

// Pixels the last drawn frame covers (each triangle's box clipped to its scissor, summed), after the pointer
// moves: what a software renderer (SwiftShader here, any machine without a GPU) must fill per frame. Read
// from the vertex and index data the app hands to WebGL, the same way for both apps.
async function framePixelsFilled(page) {
  await page.evaluate(() => {
    const c = document.getElementById('canvas') || document.querySelector('canvas');
    const gl = c.getContext('webgl2') || c.getContext('webgl');
    const f = window.__fill = { frames: [], vb: null, ib: null, sc: null, cur: null };
    const wrap = (name, fn) => { const orig = gl[name].bind(gl); gl[name] = function(...a) { fn(a); return orig(...a); }; };
    const copy = (a) => { const src = a[1]; if (!src || typeof src === 'number') return null;   // WebGL2 passes (target, view, usage, offset, length)
      const off = a[3] || 0, len = a[4] || src.length; return new Uint8Array(src.buffer, src.byteOffset + off * (src.BYTES_PER_ELEMENT || 1), len * (src.BYTES_PER_ELEMENT || 1)).slice(); };
    wrap('bufferData', (a) => { const b = copy(a); if (b) { if (a[0] === gl.ARRAY_BUFFER) f.vb = b; else f.ib = b; } });
    wrap('scissor', (a) => { f.sc = a; });
    wrap('clear', () => { f.cur = { px: 0 }; f.frames.push(f.cur); });
    wrap('drawElements', (a) => {
      if (!f.cur || !f.vb || !f.ib) return;
      const dv = new DataView(f.vb.buffer), wide = a[2] === gl.UNSIGNED_INT;
      const idx = wide ? new Uint32Array(f.ib.buffer, a[3], a[1]) : new Uint16Array(f.ib.buffer, a[3], a[1]);
      const H = gl.drawingBufferHeight, W = gl.drawingBufferWidth;
      const sc = gl.isEnabled(gl.SCISSOR_TEST) && f.sc ? f.sc : [0, 0, W, H];
      const sx0 = sc[0], sx1 = sc[0] + sc[2], sy0 = H - sc[1] - sc[3], sy1 = H - sc[1];
      for (let i = 0; i + 2 < idx.length; i += 3) {   // ImDrawVert: pos (2 floats), uv (2 floats), colour: 20 bytes
        const xs = [0, 1, 2].map((k) => dv.getFloat32(idx[i + k] * 20, true)), ys = [0, 1, 2].map((k) => dv.getFloat32(idx[i + k] * 20 + 4, true));
        const w = Math.min(sx1, Math.max(...xs)) - Math.max(sx0, Math.min(...xs)), h = Math.min(sy1, Math.max(...ys)) - Math.max(sy0, Math.min(...ys));
        if (w > 0 && h > 0) f.cur.px += w * h / 2;
      }
    });
  });
  // Over TalkPress's first tabs (a hover changes the picture, so it draws); the demo draws every frame anyway.
  for (const x of [60, 140, 60]) { await page.mouse.move(x, 47); await page.waitForTimeout(150); }
  return page.evaluate(() => { const fr = window.__fill.frames.filter((x) => x.px > 0); return fr.length ? Math.round(fr[fr.length - 1].px) : null; });
}

function breakdown(run) {
  const r = Object.fromEntries(run.resources.map((e) => [e.name, e]));
  const js = r['talkpress.js'] || r['imgui_demo.js'], wasm = r['talkpress.wasm'] || r['imgui_demo.wasm'];
  const ms = (x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : null);
  return {
    jsLoadedAt: ms(js?.end), wasmLoadedAt: ms(wasm?.end),
    wasmCompileStart: ms(run.wasm.start), wasmInstantiatedAt: ms(run.wasm.end), wasmApi: run.wasm.via || null,
    runtimeInitializedAt: ms(run.module.runtimeInitialized), mainReturnedAt: ms(run.module.mainReturned),
    firstFrameCallbackAt: ms(run.firstFrameStart), firstFrameCpuMs: ms(run.firstFrameCpu), firstFrameEndAt: ms(run.firstFrameEnd),
    // The browser's own work after the first frame's callback (style, layout and paint of the page, text
    // boxes included) ends before the next animation frame starts: its start bounds the first paint.
    nextFrameStartAt: ms(run.nextFrameStart),
    glyphsRasterized: run.stats?.glyphsRasterized ?? null, glyphMs: ms(run.stats?.glyphMs),
    appFirstFrameAtMs: ms(run.stats?.firstFrameAtMs),
    // Browser calls: before main returned, and from then to the end of the first frame.
    ...Object.fromEntries(['getContext', 'shaders', 'textureUpload', 'canvasText', 'storage'].flatMap((k) => [
      [`${k}MsInMain`, ms(run.costAtMain?.[k]?.ms ?? 0)],
      [`${k}MsInFirstFrame`, ms((run.costAtFirstFrame?.[k]?.ms ?? 0) - (run.costAtMain?.[k]?.ms ?? 0))]])),
  };
}

async function startup(browser) {
  const tp = await serveFolder(TP_DIST), base = await serveFolder(BASE_DIST);
  const urls = { talkpress: `http://127.0.0.1:${tp.address().port}/`, baseline: `http://127.0.0.1:${base.address().port}/` };
  const runs = { talkpress: [], baseline: [] };
  try {
    for (let i = 0; i < RUNS; ++i) {
      for (const which of ['talkpress', 'baseline']) {   // A B A B ...
        try {
          const r = await startupRun(browser, urls[which], which === 'talkpress');
          runs[which].push(r);
          log(`${which} run ${i + 1}: first frame ${r.firstFrameEnd.toFixed(0)} ms, ${(r.transferGzip / 1024).toFixed(0)} KB gz ` +
              `(${(r.transferBeforeFirstFrameGzip / 1024).toFixed(0)} KB before the first frame), next drawn frame ` +
              `${r.secondFrameWaitMs === null ? '-' : r.secondFrameWaitMs.toFixed(0)} ms later, ` +
              `${r.deferredReadyAt ? `deferred code ready at ${r.deferredReadyAt.toFixed(0)} ms, ` : ''}idle frames ${r.idleFrames2s}, ` +
              `${r.pixelsFilledPerFrame === null ? '-' : (r.pixelsFilledPerFrame / 1e6).toFixed(2)} Mpx filled per frame`);
        } catch (e) { log(`${which} run ${i + 1} failed: ${e.message}`); runs[which].push({ error: e.message }); }
      }
    }
  } finally { await new Promise((r) => tp.close(r)); await new Promise((r) => base.close(r)); }
  const ok = (which) => runs[which].filter((r) => !r.error);
  const fig = (which, key) => summary(ok(which).map((r) => r[key]));
  const out = {};
  for (const which of ['talkpress', 'baseline']) {
    out[which] = { firstFrameMs: fig(which, 'firstFrameEnd'), transferGzipBytes: fig(which, 'transferGzip'),
                   transferBeforeFirstFrameGzipBytes: fig(which, 'transferBeforeFirstFrameGzip'),
                   secondFrameWaitMs: fig(which, 'secondFrameWaitMs'), deferredReadyAtMs: fig(which, 'deferredReadyAt'),
                   transferRawBytes: fig(which, 'transferRaw'), idleFrames2s: fig(which, 'idleFrames2s'),
                   idleAnimationCallbacks2s: fig(which, 'idleAnimationCallbacks2s'), pixelsFilledPerFrame: fig(which, 'pixelsFilledPerFrame'),
                   files: ok(which)[0]?.files || [], errors: runs[which].filter((r) => r.error).map((r) => r.error),
                   pageErrors: [...new Set(ok(which).flatMap((r) => r.errors))] };
  }
  const ratio = (k) => (out.talkpress[k] && out.baseline[k] ? Math.round(100 * out.talkpress[k].median / out.baseline[k].median) / 100 : null);
  out.ratios = { firstFrame: ratio('firstFrameMs'), transfer: ratio('transferGzipBytes'),
                 transferBeforeFirstFrame: ratio('transferBeforeFirstFrameGzipBytes'), pixelsFilledPerFrame: ratio('pixelsFilledPerFrame') };
  // First-frame breakdown: medians of each milestone over the TalkPress runs.
  const bds = ok('talkpress').map(breakdown);
  out.talkpress.firstFrameBreakdown = Object.fromEntries(Object.keys(bds[0] || {}).map((k) => [k, typeof bds[0][k] === 'string' ? bds[0][k] : summary(bds.map((b) => b[k]))?.median ?? null]));
  const bdb = ok('baseline').map(breakdown);
  out.baseline.firstFrameBreakdown = Object.fromEntries(Object.keys(bdb[0] || {}).map((k) => [k, typeof bdb[0][k] === 'string' ? bdb[0][k] : summary(bdb.map((b) => b[k]))?.median ?? null]));
  return out;
}

// ------------------------------------------------------------------------------------------ app benches
function speakerTranscript(chars) {
  const lines = ['Because a model trained on last year\'s internet is a very good historian and a very poor reporter.',
    'If you ask it what happened this morning, it has to guess, and the guess sounds confident.',
    'We rebuilt the retrieval index every night, and later every hour, because freshness was the product.',
    '真正的护城河不是参数规模，而是把新鲜数据送进模型的能力。'];
  let s = '', i = 0;
  while (s.length < chars) {
    const t = i * 7, hh = String(Math.floor(t / 3600)).padStart(2, '0'), mm = String(Math.floor(t / 60) % 60).padStart(2, '0'), ss = String(t % 60).padStart(2, '0');
    s += `[${hh}:${mm}:${ss}] ${i % 2 ? 'Daniel Okafor' : 'Maya Chen'}: ${lines[i % lines.length]} ${lines[(i + 1) % lines.length]}\n`;
    ++i;
  }
  return s.slice(0, chars);
}
function article(chars) {
  let s = '# Signal and Noise: why fresh data wins 🚀\n\n> A model trained on last year\'s internet is a good historian and a poor reporter.\n\n## Highlights\n\n';
  for (let i = 1; i <= 6; ++i) s += `- **Point ${i}**: latency fell by ${i * 7}% once the index was rebuilt hourly.\n`;
  let n = 0;
  while (s.length < chars) {
    s += `\n## Part ${++n}: from signal to noise\n\n`;
    for (let p = 0; p < 3; ++p) s += 'The companies that can feed fresh information into a model will build products that feel alive, and *everyone else* ' +
      `will be selling encyclopedias. As Daniel put it, “If you ask it what happened this morning, it has to guess.” See [the episode](https://example.com/ep42?t=${n}). ` +
      '未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。\n\n';
    s += '> 这种实时信息的整合能力非常关键。\n\n1. Collect\n2. Clean\n   - nested item\n';
  }
  return s.slice(0, chars);
}

async function openTalkPress(browser, url) {
  const p = await newPage(browser);
  await p.page.goto(url);
  await p.page.waitForFunction(() => { try { return window.talkpress.stats().framesRendered > 0; } catch { return false; } }, null, { timeout: 60000 });
  return p;
}
const framesSince = (page, t) => page.evaluate((t0) => window.__bench.frames.filter((f) => f[0] >= t0 && f[2] > 0).map((f) => f[1]), t);
const now = (page) => page.evaluate(() => performance.now());
async function itemRect(page, name) { return page.evaluate((n) => { try { return window.talkpress.itemRect(n); } catch { return null; } }, name); }

async function benchScroll(browser, url) {
  const { context, page } = await openTalkPress(browser, url);
  try {
    await page.evaluate((t) => window.talkpress.setTranscript(t, { title: 'Three hours' }), speakerTranscript(250000));
    await page.evaluate((a) => window.talkpress.setArticle(a), article(100000));
    await page.waitForTimeout(1500);
    const r = (await itemRect(page, 'article.view')) || { x: 640, y: 100, w: 600, h: 600, guessed: true };
    await page.mouse.move(r.x + r.w / 2, r.y + Math.min(r.h, 600) / 2);
    await page.waitForTimeout(500);
    const t0 = await now(page);
    for (let i = 0; i < 80; ++i) { await page.mouse.wheel(0, i < 60 ? 120 : -400); await page.waitForTimeout(25); }
    await page.waitForTimeout(300);
    const cpu = await framesSince(page, t0);
    const s = summary(cpu);
    return { frames: cpu.length, p50: pct(cpu, 0.5), p95: pct(cpu, 0.95), max: s?.max ?? null, articleRect: r,
             appLastFrameMs: (await page.evaluate(() => window.talkpress.stats())).lastFrameMs };
  } finally { await context.close(); }
}

// keydown (event.timeStamp) -> end of the next drawn frame, typing into the transcript's text box. A
// transcript this large opens as a read-only view (src/ui/transcript_panel.cpp); the user's way to type in
// it is that view's "Edit" button, which fills the editable box with the whole text. The bench presses it
// the same way (a real click on the item "transcript.edit") and reports how long the box took to fill.
const visibleTranscriptBox = (page) => page.evaluate(() => {
  let best = null;   // the visible <textarea> holding the most text
  for (const t of document.querySelectorAll('textarea')) {
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && getComputedStyle(t).visibility !== 'hidden' && (!best || t.value.length > best.len))
      best = { len: t.value.length, x: r.x, y: r.y, w: r.width, h: r.height };
  }
  return best;
});
// chars: the transcript's size; DESIGN's bar is a 3-hour talk (~250k characters), issue figure 1 MB.
// gaps: milliseconds between presses: 150 each by default; 'human' for a burst at typing speed, each gap
// drawn from 80-250 ms (a fixed seed, so runs compare), which lands keys before, on and after the box's
// hand-over pause.
// 'pauses': the same with every fifth gap 400-800 ms, a pause in which the text is parsed again, so
// the next key lands before, during or after that parse.
function typingGaps(kind, n) {
  if (kind !== 'human' && kind !== 'pauses') return Array(n).fill(150);
  let seed = 20261127;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 10000) / 10000;
  return Array.from({ length: n }, (_, i) => Math.round(kind === 'pauses' && i % 5 === 4 ? 400 + next() * 400 : 80 + next() * 170));
}
async function benchKeypress(browser, url, chars = 1 << 20, gapKind = 'fixed') {
  const { context, page } = await openTalkPress(browser, url);
  try {
    const text = speakerTranscript(chars);
    await page.evaluate((t) => window.talkpress.setTranscript(t, {}), text);
    await page.waitForTimeout(1500);
    let box = await visibleTranscriptBox(page), openedVia = 'editable at once', editOpenMs = null;
    if (!box || box.len < text.length / 2) {
      const edit = await itemRect(page, 'transcript.edit');
      if (!edit) return { error: `no editable transcript box and no "Edit" button for the whole text (box: ${box ? box.len + ' chars' : 'none'})` };
      const t0 = Date.now();
      await page.mouse.click(edit.x + edit.w / 2, edit.y + edit.h / 2);
      await page.waitForFunction((n) => [...document.querySelectorAll('textarea')].some((t) => t.value.length >= n && t.getBoundingClientRect().width > 0),
                                 text.length / 2, { timeout: 60000, polling: 20 });
      editOpenMs = Date.now() - t0;
      openedVia = 'the read-only view\'s "Edit" button';
      await page.waitForTimeout(1500);
      box = await visibleTranscriptBox(page);
    }
    if (!box || box.len < text.length / 2) return { error: `no visible transcript text box holding the whole text (found ${box ? box.len + ' chars' : 'none'})` };
    await page.mouse.click(box.x + box.w / 2, box.y + box.h / 2);
    await page.evaluate(() => {
      window.__keys = []; window.__inputs = []; window.__painted = []; window.__frameBegins = [];
      document.addEventListener('keydown', (e) => window.__keys.push(e.timeStamp), true);
      // The frame that shows the edit: after the input event, the next animation frame (the app's own
      // callbacks run in it, if it draws) and its rendering; a message posted from that frame's callbacks
      // arrives once the frame's main-thread work (style, layout, paint, commit) is done.
      document.addEventListener('input', () => {
        window.__inputs.push(performance.now());
        // The callback's argument is the frame's begin time (its vsync tick), which says which frame it is.
        requestAnimationFrame((begin) => { window.__frameBegins.push(begin); const ch = new MessageChannel(); ch.port1.onmessage = () => window.__painted.push(performance.now()); ch.port2.postMessage(0); });
      }, true);
    });
    await page.waitForTimeout(300);
    const gaps = typingGaps(gapKind, 20);
    for (const gap of gaps) { await page.keyboard.press('x'); await page.waitForTimeout(gap); }
    await page.waitForTimeout(500);
    // Per press: keydown -> the browser has edited the text box (input event) -> the frame that shows it is rendered.
    const parts = await page.evaluate(() => window.__keys.map((k) => {
      const i = window.__inputs.find((x) => x >= k), pi = window.__painted.findIndex((x) => x >= k), p = window.__painted[pi];
      const f = window.__bench.frames.find((x) => x[0] >= k && x[2] > 0);
      // Frames begin every 16.7 ms, so the first frame begun after the key begins less than 16.7 ms
      // after it (or before it, when the browser began it while the key was being handled).
      const frameBegin = pi >= 0 ? window.__frameBegins[pi] : undefined;
      return p !== undefined ? { total: p - k, toInput: i !== undefined ? i - k : null, inputToPainted: i !== undefined ? p - i : null,
                                 toFrameBegin: frameBegin - k, inNextFrame: frameBegin - k <= 1000 / 60 + 0.5,
                                 appDrew: !!(f && f[0] < p), frameCpu: f && f[0] < p ? f[1] : null } : null;
    }));
    const lat = parts.map((x) => (x ? x.total : null));
    const got = lat.filter((x) => x !== null);
    const med = (k) => pct(parts.filter(Boolean).map((x) => x[k]).filter((x) => x !== null), 0.5);
    const longest = await page.evaluate(() => Math.max(0, ...(window.__bench.longtasks || []).filter((l) => l[0] >= window.__keys[0] - 1).map((l) => l[1])));
    // The app's animation frames while typing: those that drew, and those that only worked (a hand-over,
    // a save, a parse, a plan) without drawing; their CPU time in ms.
    const appFrames = await page.evaluate(() => window.__bench.frames.filter((f) => f[0] >= window.__keys[0] - 1));
    const r1 = (x) => Math.round(x * 10) / 10;
    return { presses: lat.length, framesRendered: got.length, p50: pct(got, 0.5), p95: pct(got, 0.95), max: got.length ? Math.max(...got) : null,
             longestTaskWhileTypingMs: longest, boxChars: box.len, openedVia, editOpenMs,
             medianKeyToInputEventMs: med('toInput'), medianInputEventToRenderedMs: med('inputToPainted'),
             framesTheAppDrew: parts.filter((x) => x && x.appDrew).length, medianAppFrameCpuMs: med('frameCpu'),
             // "Within one frame" read as the display's frames: the edit is in the first frame begun after the key.
             keysShownInTheNextFrame: parts.filter((x) => x && x.inNextFrame).length,
             keyToFrameBeginP95Ms: pct(parts.filter(Boolean).map((x) => x.toFrameBegin), 0.95),
             gaps: gapKind === 'fixed' ? 150 : gaps, loadAverage: os.loadavg()[0], latencies: lat.map((x) => (x === null ? null : r1(x))),
             appFramesDrawnMs: appFrames.filter((f) => f[2] > 0).map((f) => r1(f[1])),
             appFramesNotDrawnMs: appFrames.filter((f) => f[2] === 0).map((f) => r1(f[1])) };
  } finally { await context.close(); }
}

async function benchHugeTranscript(browser, url) {
  const { context, page } = await openTalkPress(browser, url);
  try {
    await page.evaluate((n) => { window.__big = (function make(chars) {
      const unit = '[00:00:01] Maya Chen: Because a model trained on last year\'s internet is a very good historian and a very poor reporter.\n';
      return unit.repeat(Math.ceil(chars / unit.length));
    })(n); }, 20 << 20);
    await page.waitForTimeout(1000);
    // The same page's longest task with nothing to read (the pointer moves over the tabs for two seconds):
    // headless Chromium draws WebGL in software, so on a busy machine this alone can take long.
    const idleFrom = await page.evaluate(() => performance.now());
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(60 + (i % 10) * 40, 20 + (i % 3) * 10);
      await page.waitForTimeout(100);
    }
    const baselineLongestTaskMs = await page.evaluate((t0) =>
      Math.max(0, ...(window.__bench.longtasks || []).filter((l) => l[0] + l[1] >= t0).map((l) => l[1])), idleFrom);
    const r = await page.evaluate(async () => {
      const cost0 = JSON.parse(JSON.stringify(window.__bench.cost));
      const t0 = performance.now();
      let summary;
      let read = null;
      try { read = window.talkpress.setTranscript(window.__big, {}); } catch (e) { summary = { error: e.code, message: e.message }; }
      const callMs = performance.now() - t0;
      // The Promise settles once the text is read across frames.
      if (read) summary = await read.catch((e) => ({ error: e.code, message: e.message }));
      await new Promise((res) => setTimeout(res, 5000));
      const tasks = (window.__bench.longtasks || []).filter((l) => l[0] >= t0 - 1);
      const after = tasks.filter((l) => l[0] > t0 + callMs);
      // Where the time after the call went: drawn frames (the app's own work) and browser calls by kind.
      const frames = window.__bench.frames.filter((f) => f[0] >= t0);
      const costAfter = Object.fromEntries(Object.entries(window.__bench.cost).map(([k, v]) =>
        [k, Math.round((v.ms - (cost0[k]?.ms || 0)) * 10) / 10]));
      const overlay = [...document.querySelectorAll('textarea')].map((t) => t.value.length);
      return { bytes: window.__big.length, callMs, turns: summary.turns, error: summary.error,
               longestFrameMs: Math.max(0, ...frames.map((f) => f[1])), framesAfterCall: frames.length,
               browserCallMsAfter: costAfter, textareaChars: overlay,
               longestTaskMs: Math.max(0, ...tasks.map((l) => l[1])), longestTaskAfterCallMs: Math.max(0, ...after.map((l) => l[1])),
               longTasks: tasks.length, heapBytes: window.talkpress.stats().heapBytes };
    });
    r.baselineLongestTaskMs = baselineLongestTaskMs;
    r.loadAverage = os.loadavg()[0];
    log(`hugeTranscript: longest task after the call ${Math.round(r.longestTaskAfterCallMs)} ms, ` +
        `with nothing to read ${Math.round(baselineLongestTaskMs)} ms (bar: 200 ms over that), load average ${r.loadAverage.toFixed(1)}`);
    return r;
  } finally { await context.close(); }
}

async function benchFullRun(browser, url) {
  const { startFakeProvider, GOOD_KEY } = await import(path.join(ROOT, 'tests/fake_provider/server.mjs'));
  const fake = await startFakeProvider({ latencyMs: 20 });
  const out = {};
  try {
    const sample = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
    for (const [name, text, timeoutMs] of [['sample', sample, 120000], ['threeHours', speakerTranscript(250000), 300000]]) {
      const { context, page } = await openTalkPress(browser, url);
      try {
        const heapBefore = (await page.evaluate(() => window.talkpress.stats())).heapBytes;
        await page.evaluate((t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise', sourceUrl: 'https://example.com/ep42' }), text);
        await page.evaluate(() => window.talkpress.setSpec('wechat_long_read_zh'));
        await page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency: 4 });
        const t0 = Date.now();
        const r = await page.evaluate((ms) => Promise.race([
          window.talkpress.generate().then((g) => ({ ok: true, chars: g.markdown.length, requests: g.usage?.requests }), (e) => ({ error: e.code, message: e.message })),
          new Promise((res) => setTimeout(() => res({ error: 'bench_timeout' }), ms))]), timeoutMs);
        const stats = await page.evaluate(() => window.talkpress.stats());
        out[name] = { transcriptChars: text.length, wallMs: Date.now() - t0, ...r, heapBytesBefore: heapBefore, heapBytesAfter: stats.heapBytes };
        log(`full run ${name}: ${JSON.stringify(out[name])}`);
      } catch (e) { out[name] = { error: e.message }; } finally { await context.close(); }
    }
  } finally { await fake.close(); }
  return out;
}

// ------------------------------------------------------------------------------------------------ main
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
const result = { chromium: browser.version(), runs: RUNS, startedAt: new Date().toISOString() };
async function attempt(name, fn) {
  log(`${name} ...`);
  try { result[name] = await fn(); } catch (e) { result[name] = { error: e.message.split('\n')[0] }; }
  log(`${name}: ${JSON.stringify(result[name]).slice(0, 400)}`);
}
try {
  const haveTp = fs.existsSync(path.join(TP_DIST, 'talkpress.wasm')), haveBase = fs.existsSync(path.join(BASE_DIST, 'imgui_demo.wasm'));
  if (ONLY.includes('startup')) {
    if (haveTp && haveBase) await attempt('startup', () => startup(browser));
    else result.startup = { error: `not available: ${haveTp ? '' : TP_DIST + ' has no talkpress.wasm '}${haveBase ? '' : BASE_DIST + ' has no imgui_demo.wasm'}` };
  }
  const APP_BENCHES = ['scroll', 'keypress', 'keypress3h', 'keypress3hHuman', 'keypress3hPauses', 'keypressTiny', 'hugeTranscript', 'fullRun'];
  if (ONLY.includes('app') || APP_BENCHES.some((b) => ONLY.includes(b))) {
    if (!haveTp) result.app = { error: `not available: no TalkPress build in ${TP_DIST}` };
    else {
      const srv = await serveFolder(TP_DIST);
      const url = `http://127.0.0.1:${srv.address().port}/`;
      result.app = {};
      try {
        for (const [name, fn] of [['scroll', benchScroll], ['keypress', benchKeypress], ['keypress3h', (b, u) => benchKeypress(b, u, 250000)],
                                  ['keypress3hHuman', (b, u) => benchKeypress(b, u, 250000, 'human')],
                                  ['keypress3hPauses', (b, u) => benchKeypress(b, u, 250000, 'pauses')],
                                  // The floor: the same presses with a 2k-character transcript.
                                  ['keypressTiny', (b, u) => benchKeypress(b, u, 2000)], ['hugeTranscript', benchHugeTranscript], ['fullRun', benchFullRun]]) {
          if (!ONLY.includes('app') && !ONLY.includes(name)) continue;
          log(`${name} ...`);
          try { result.app[name] = await fn(browser, url); } catch (e) { result.app[name] = { error: e.message.split('\n')[0] }; }
          log(`${name}: ${JSON.stringify(result.app[name]).slice(0, 400)}`);
        }
      } finally { await new Promise((r) => srv.close(r)); }
    }
  }
} finally { await browser.close(); }
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
log(`wrote ${path.relative(ROOT, OUT)}`);
