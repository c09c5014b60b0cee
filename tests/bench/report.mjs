// Collects what scripts/bench.sh measured (build/bench/out) into one table on stdout and one JSON file
// (build/bench/results.json). Anything missing is printed as "not available" with the reason.
//
// Inputs in the out folder:
//   <bench>.native.txt / <bench>.wasm.txt   stdout of each bench/*.cpp binary (native release, wasm under Node)
//   <bench>.native.rc  / <bench>.wasm.rc    its exit status ("build" when it did not build)
//   browser.json                            tests/bench/browser_bench.mjs
//   machine.json                            CPU, cores, tool versions
// Figures are read from "@ <key> <value> <unit>" lines; other lines with "median <n> ms" are read too,
// keyed by the text before the first run of two spaces, so benchmarks written before this convention
// are still collected.
import fs from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(process.argv[2] || 'build/bench/out');
const resultFile = path.resolve(process.argv[3] || path.join(outDir, '..', 'results.json'));
const read = (f) => { try { return fs.readFileSync(path.join(outDir, f), 'utf8'); } catch { return null; } };
const readJson = (f) => { const t = read(f); try { return t ? JSON.parse(t) : null; } catch { return null; } };

function parseFigures(text) {
  const figs = {};
  const tagged = /^@ /m.test(text);   // a benchmark that tags its figures is read from its tags alone
  for (const line of text.split('\n')) {
    let m = line.match(/^@ (\S+) (-?[\d.eE+]+) ?(\S*)/);
    if (m) { figs[m[1]] = { value: Number(m[2]), unit: m[3] || '' }; continue; }
    if (tagged) continue;
    m = line.match(/^(.*?)\s{2,}.*\bratio\s+([\d.]+)(?:.*tokens\s+([\d.]+))?/);   // bench_pipeline rows
    if (m) {
      const label = m[1].trim();
      figs[`${label}: wall / critical path`] = { value: Number(m[2]), unit: 'x' };
      if (m[3]) figs[`${label}: prompt / transcript tokens`] = { value: Number(m[3]), unit: 'x' };
      continue;
    }
    m = line.match(/median\s+(-?[\d.]+)\s*(?:min\s+-?[\d.]+\s*)?ms/);   // "median 4.1 ms", "median 4.1 min 3.9 ms"
    if (m) {
      // The name before the figures: "speaker+timestamps   1.00 MB ... median" or "VerifyArticle: median ..."
      // (the same name native and in wasm, so the two share a row).
      const key = line.trim().split(/\s{2,}/)[0].replace(/:?\s*median\b.*$/, '').replace(/[^A-Za-z0-9+.:\-/ ]/g, '').trim().replace(/\s+/g, '_');
      if (key && !figs[key]) figs[key] = { value: Number(m[1]), unit: 'ms' };
      const min = line.match(/\bmin\s+(-?[\d.]+)\s*ms/);
      if (key && min && !figs[`${key} (min)`]) figs[`${key} (min)`] = { value: Number(min[1]), unit: 'ms' };
    }
  }
  return figs;
}

const machine = readJson('machine.json') || {};
const benches = {};
for (const f of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
  const m = f.match(/^(.+)\.(native|wasm)\.rc$/);
  if (!m) continue;
  const [, name, where] = m;
  const rc = (read(f) || '').trim();
  const text = read(`${name}.${where}.txt`) || '';
  benches[name] = benches[name] || {};
  benches[name][where] = rc === '0' ? { status: 'ok', figures: parseFigures(text), output: text.split('\n').filter(Boolean) }
                                    : { status: rc === 'build' ? 'not available (did not build)' : `not available (exit ${rc})`,
                                        output: text.split('\n').filter(Boolean).slice(-15) };
}
const browser = readJson('browser.json') || { error: 'not available (browser benchmarks did not run)' };
const results = { machine, benches, browser, writtenAt: new Date().toISOString() };
fs.mkdirSync(path.dirname(resultFile), { recursive: true });
fs.writeFileSync(resultFile, JSON.stringify(results, null, 2));

// ------------------------------------------------------------------------------------------------ table
const NA = 'not available';
const rows = [];
const row = (what, value, target = '') => rows.push([what, value, target]);
const section = (title) => rows.push([`— ${title}`, '', '']);
const fmt = (x, unit = '', digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? NA : `${Number(x).toFixed(digits)}${unit}`);
const spread = (s, unit = ' ms', digits = 0) => (s ? `${fmt(s.median, unit, digits)} (${fmt(s.min, '', digits)}–${fmt(s.max, '', digits)}, n=${s.n})` : NA);
const kb = (s) => (s ? `${(s.median / 1024).toFixed(0)} KB` : NA);
const why = (o) => (o && o.error ? (o.error.startsWith(NA) ? o.error : `${NA}: ${o.error}`).slice(0, 110) : null);

section('Startup, headless Chromium, alternating TalkPress / ImGui demo (median (min–max))');
const st = browser.startup;
if (!st || st.error) row('startup', why(st) || NA);
else {
  row('first frame, TalkPress', spread(st.talkpress.firstFrameMs));
  row('first frame, ImGui demo', spread(st.baseline.firstFrameMs));
  row('first frame ratio', fmt(st.ratios.firstFrame, '×', 2), '<= 1.0×');
  row('transfer gzip, TalkPress', kb(st.talkpress.transferGzipBytes));
  row('transfer gzip, ImGui demo', kb(st.baseline.transferGzipBytes));
  row('transfer ratio', fmt(st.ratios.transfer, '×', 2), '<= 1.0×');
  row('idle frames in 2 s, TalkPress', spread(st.talkpress.idleFrames2s, '', 0), '<= 2');
  row('idle frames in 2 s, ImGui demo', spread(st.baseline.idleFrames2s, '', 0));
  row('idle animation-frame callbacks in 2 s, TalkPress', spread(st.talkpress.idleAnimationCallbacks2s, '', 0));
  const b = st.talkpress.firstFrameBreakdown || {}, d = st.baseline.firstFrameBreakdown || {};
  section('First frame breakdown, TalkPress | ImGui demo (medians; "at" = ms from navigation start)');
  const both = (label, k, digits = 0) => row(label, `${fmt(b[k], ' ms', digits)} | ${fmt(d[k], ' ms', digits)}`);
  both('script (.js) loaded at', 'jsLoadedAt');
  both('.wasm loaded at', 'wasmLoadedAt');
  both('wasm compile started at', 'wasmCompileStart');
  both('wasm compiled + instantiated at', 'wasmInstantiatedAt');
  both('runtime initialised (main starts) at', 'runtimeInitializedAt');
  both('main returned at (demo: never returns)', 'mainReturnedAt');
  both('first frame callback starts at', 'firstFrameCallbackAt');
  both('first frame CPU', 'firstFrameCpuMs', 1);
  both('first frame ends at', 'firstFrameEndAt');
  for (const [k, label] of [['getContext', 'WebGL context creation'], ['shaders', 'shader compile + link'],
                            ['textureUpload', 'texture uploads'], ['canvasText', 'Canvas2D text (glyphs)'], ['storage', 'localStorage']]) {
    row(`  ${label}: from page start to main's return | in first frame`, `TalkPress ${fmt(b[k + 'MsInMain'], '', 1)} | ${fmt(b[k + 'MsInFirstFrame'], ' ms', 1)};  demo ${fmt(d[k + 'MsInMain'], '', 1)} | ${fmt(d[k + 'MsInFirstFrame'], ' ms', 1)}`);
  }
  row('  glyphs rasterised by the app in its first frame', `${b.glyphsRasterized ?? '?'} in ${fmt(b.glyphMs, ' ms', 1)}`);
}

section('Core benchmarks (bench/*.cpp; native release / wasm under Node)');
const names = Object.keys(benches).sort();
if (!names.length) row('bench binaries', NA);
for (const name of names) {
  const n = benches[name].native, w = benches[name].wasm;
  const keys = [...new Set([...Object.keys(n?.figures || {}), ...Object.keys(w?.figures || {})])];
  if (!keys.length) row(name, `native: ${n?.status || NA}; wasm: ${w?.status || NA}`);
  for (const k of keys) {
    const v = (o) => (o?.figures?.[k] ? `${fmt(o.figures[k].value, '', 2)} ${o.figures[k].unit}` : (o?.status !== 'ok' ? NA : '—'));
    row(`${name}: ${k}`, `${v(n)} / ${v(w)}`);
  }
}

section('Browser, TalkPress (automation API)');
const app = browser.app;
if (!app || app.error) row('app benchmarks', why(app) || NA);
else {
  const s = app.scroll;
  row('frame CPU scrolling 100k article, 250k transcript', why(s) || `p50 ${fmt(s.p50, ' ms', 2)}, p95 ${fmt(s.p95, ' ms', 2)}, max ${fmt(s.max, ' ms', 1)} (${s.frames} frames)`, 'p95 <= 4 ms');
  // Typing: keydown -> the rendered frame that shows the edit; and how many keys the first frame begun
  // after the key showed (the display's own frame interval is the floor of the first figure).
  for (const [name, what] of [['keypress', '1 MB transcript box'], ['keypress3h', '3-hour transcript box (250k characters)'],
                              ['keypress3hHuman', '250k characters, typing speed'], ['keypress3hPauses', '250k characters, with pauses'],
                              ['keypressTiny', '2k characters (the floor)']]) {
    const k = app[name];
    if (!k) continue;
    row(`keypress → rendered frame, ${what}`, why(k) || `p50 ${fmt(k.p50, ' ms', 1)}, p95 ${fmt(k.p95, ' ms', 1)}; ` +
        `${k.keysShownInTheNextFrame ?? NA}/${k.presses} keys in the next frame; app drew ${k.framesTheAppDrew ?? NA}`, 'within one frame');
  }
  const h = app.hugeTranscript;
  row('20 MB transcript: setTranscript call', why(h) || `${fmt(h.callMs, ' ms', 0)} (${h.turns ?? h.error} turns)`);
  if (h && !h.error) row('20 MB transcript: longest main-thread task', `${fmt(h.longestTaskMs, ' ms', 0)} (after the call: ${fmt(h.longestTaskAfterCallMs, ' ms', 0)})`, '<= 200 ms');
  const f = app.fullRun || {};
  for (const [name, r] of Object.entries(f)) {
    if (!r || typeof r !== 'object') continue;
    row(`full run (${name}) wasm heap after`, r.heapBytesAfter ? `${(r.heapBytesAfter / 1048576).toFixed(1)} MB (${r.error ? 'run: ' + r.error : r.requests + ' requests, ' + (r.wallMs / 1000).toFixed(1) + ' s'})` : why(r) || NA);
  }
  if (f.error) row('full run', why(f));
}

const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`Machine: ${machine.cpu || '?'} (${machine.cores || '?'} cores), ${machine.os || ''}; ${machine.emcc || ''}; node ${machine.node || '?'}; Chromium ${browser.chromium || '?'}`);
for (const [a, b, c] of rows) {
  if (a.startsWith('— ')) { console.log(`\n${a}`); continue; }
  console.log(`  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c ? 'target ' + c : ''}`.trimEnd());
}
console.log(`\nJSON: ${path.relative(process.cwd(), resultFile)}`);
