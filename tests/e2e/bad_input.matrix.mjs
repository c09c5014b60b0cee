// Bad input in the browser: every input DESIGN.md lists (empty, huge 50 MB, binary, invalid UTF-8, NUL
// bytes, malformed SRT/VTT, a single line, emoji/RTL/zero-width text), each pasted with the OS clipboard
// (a real, trusted ClipboardEvent from Ctrl+V in the transcript box), dropped as a file, and passed
// through the automation API. For each: the message the user sees, no crash (no page error, frames still
// drawn), the longest main-thread task (PerformanceObserver "longtask"; the bar is 200 ms, printed in the
// summary and never asserted: times depend on the machine's load), and nothing lost (the article from
// before is still shown and still saved; a rejected input leaves the transcript).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, waitFirstFrame, clickItem, ROOT } from './browser.mjs';

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const ARTICLE = '# The article from before\n\n> Written earlier; no bad input may lose it.\n\n## Highlights\n\n- One.\n';
const HUGE_MB = 50;
const LONGTASK_BAR_MS = 200;

// Each input as bytes-maker source evaluated in the page (so 50 MB never crosses the test protocol).
// `bytes` builds a Uint8Array; `text` is what a clipboard or the API would carry (a JS string). `refused`:
// the input is not taken in at all, and the message says why (the saved transcript stays as it was).
const INPUTS = [
  { name: 'empty', file: 'empty.txt', bytes: 'new Uint8Array(0)', text: "''", refused: /empty/ },
  { name: `huge (${HUGE_MB} MB)`, file: 'huge.txt', huge: true, refused: /\d+ MB/,
    text: `(() => { const l = "Daniel Okafor: Because a model trained on last year's internet is a very good historian and a very poor reporter.\\n"; return l.repeat(Math.ceil(${HUGE_MB} * 1048576 / l.length)); })()` },
  { name: 'binary', file: 'recording.txt', refused: /looks like (a PNG image|binary data), not a text transcript/,
    bytes: '(() => { const b = new Uint8Array(65536); let x = 2463534242; for (let i = 0; i < b.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 255; } b.set([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]); return b; })()',
    text: '(() => { let s = "\\u0089PNG\\r\\n\\u001a\\n"; let x = 2463534242; for (let i = 0; i < 65536; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; s += String.fromCharCode((x & 255) || 1); } return s; })()' },
  { name: 'invalid UTF-8', file: 'latin1.txt',
    bytes: 'new Uint8Array([...new TextEncoder().encode("Alice: caf"), 0xe9, 0x20, 0xff, 0xfe, ...new TextEncoder().encode(" ok\\nBob: na"), 0xc3, 0x28, 0xe2, 0x82, ...new TextEncoder().encode(" fine\\n")])',
    text: '"Alice: caf\\u00e9 \\ud800 ok\\nBob: na\\udfff fine\\n"' },
  { name: 'NUL bytes', file: 'nul.txt', text: '"Alice: hello\\u0000world.\\u0000\\u0000\\nBob: yes\\u0000 indeed.\\n"' },
  { name: 'malformed SRT', file: 'broken.srt',
    text: '"1\\n00:00:01,000 --> garbage\\nAlice: Hi.\\n\\n2\\n00:00:99,000 --> 00:00:02,000\\n\\n3\\nno timing line here\\nBob: Hello.\\n\\n4\\n00:00:05,000 --> 00:00:04,000\\nAlice: Backwards.\\n\\nxx\\n"' },
  { name: 'malformed VTT', file: 'broken.vtt',
    text: '"WEBVTT FILE\\nX-TIMESTAMP-MAP=bogus\\n\\n00:01.000 -->\\n<v Alice>Hello\\n\\nNOTE never closed\\n00:00:05.000 --> 00:00:04.000\\n<c.yellow><v Bob>Backwards</c\\n\\n::cue { color: red\\n"' },
  { name: 'a single line', file: 'one.txt', text: '"We talked about nothing in particular and then it ended"' },
  { name: 'emoji/RTL/zero-width', file: 'scripts.txt',
    text: '"Alice: 🚀👩🏽‍💻 hello\\u200b\\u200d world\\u202e reversed\\u202c.\\nBob: مرحبا بالعالم، كيف حالك؟\\nCarol: שלום \\u2066inline\\u2069 \\ufeffBOM.\\nDave: \\u200b\\u200b\\u200b\\n"' },
];
const CHANNELS = ['api', 'drop', 'paste'];

// Product bugs these inputs show today, by `${input}/${channel}/${check}`; each stays a todo until fixed.
const KNOWN_BUGS = {};
const todoFor = (input, channel, check) => KNOWN_BUGS[`${input.name}/${channel}/${check}`];

let env, app;
const rows = [];

before(async () => {
  env = await launch();
  app = await openApp(env.browser, env.url);
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
});
after(async () => {
  console.log(['', '# Bad input summary', `# input                 | channel | longest task ms (* over the ${LONGTASK_BAR_MS} ms bar) | crash | kept | message`,
    ...rows.map((r) => `# ${r.input.padEnd(21)} | ${r.channel.padEnd(7)} | ${(String(r.longestTaskMs) + (r.longestTaskMs > LONGTASK_BAR_MS ? '*' : ' ')).padStart(40)} | ${String(r.crash).padEnd(5)} | ${String(r.kept).padEnd(4)} | ${r.message.slice(0, 140)}`)].join('\n'));
  await app?.context.close(); await env?.close();
});

const page = () => app.page;

// The work that must survive: a transcript and an article, saved.
async function establishWork() {
  await page().evaluate((t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise' }), SAMPLE);
  await page().evaluate((m) => window.talkpress.setArticle(m), ARTICLE);
  await page().waitForTimeout(400);
}

async function observeLongTasks() {
  await page().evaluate(() => {
    window.__longest = 0; window.__tasks = 0;
    if (window.__obs) window.__obs.disconnect();
    window.__obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__tasks++; window.__longest = Math.max(window.__longest, e.duration); } });
    window.__obs.observe({ type: 'longtask' });
  });
}

async function deliver(input, channel) {
  if (channel === 'api') {
    return page().evaluate(async (src) => {
      const text = (0, eval)(src);
      try { const s = await window.talkpress.setTranscript(text); return { ok: true, summary: { turns: s.turns, format: s.format, warnings: s.warnings } }; }
      catch (e) { return { ok: false, code: e.code, message: e.message }; }
    }, input.text);
  }
  if (channel === 'drop') {
    // The file is made first (that work is the test's, not the app's), then dropped.
    const bytes = await page().evaluate(({ bytes, text, file }) => {
      const data = bytes ? (0, eval)(bytes) : new TextEncoder().encode((0, eval)(text));
      window.__dropFile = new File([data], file, { type: '' });
      return data.length;
    }, input);
    await observeLongTasks();
    await page().evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(window.__dropFile);
      window.__dropFile = null;
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    return { ok: true, bytes };
  }
  // paste: the OS clipboard holds the text; Ctrl+V in the transcript box fires the browser's own paste.
  await clickItem(page(), 'tab.transcript');
  await page().waitForSelector('#tp-overlay-transcript:not([hidden])');
  await page().evaluate((src) => navigator.clipboard.writeText((0, eval)(src)), input.text);
  await page().focus('#tp-overlay-transcript');
  await page().keyboard.press('Control+A');
  await observeLongTasks();   // the clipboard write above is the test's, not the app's
  await page().keyboard.press('Control+V');
  return { ok: true };
}

// BAD_INPUT_SKIP_HUGE=1 leaves out the 50 MB input (refused above kMaxTranscriptBytes; pasting it still takes the
// browser about a minute to put 50 MB into the text box).
for (const input of INPUTS.filter((i) => !(i.huge && process.env.BAD_INPUT_SKIP_HUGE))) {
  for (const channel of CHANNELS) {
    test(`${input.name} ${channel === 'api' ? 'through the automation API' : channel === 'drop' ? 'dropped as a file' : 'pasted'}`, async (t) => {
      const pageErrors = [];
      const onErr = (e) => pageErrors.push(e.message);
      const watched = page();
      watched.on('pageerror', onErr);
      await establishWork();
      const before = await page().evaluate(() => ({ transcript: window.talkpress.project().transcript, article: window.talkpress.article().markdown }));
      await observeLongTasks();
      const t0 = Date.now();
      const res = await deliver(input, channel);
      // Let the app take it in: the debounce of the box, parsing, a few frames.
      await page().waitForTimeout(input.huge ? 4000 : 1200);
      // Still alive: hovering the tabs redraws (an idle app draws nothing until something changes).
      const frames0 = await page().evaluate(() => window.talkpress.stats().framesRendered);
      for (const tab of ['tab.model', 'tab.transcript']) {
        const r = await page().evaluate((n) => { try { return window.talkpress.itemRect(n); } catch { return null; } }, tab);
        if (r) await page().mouse.move(r.x + r.w / 2, r.y + r.h / 2);
        await page().waitForTimeout(150);
      }
      const now = await page().evaluate(() => ({ frames: window.talkpress.stats().framesRendered, summary: window.talkpress.summary(),
        // status() throws (no code, no message) while the bar shows an error: the bar then says something is wrong.
        status: (() => { try { return window.talkpress.status(); } catch (e) { return { text: '(the status bar shows an error)', error: true }; } })(),
        transcript: window.talkpress.project().transcript, transcriptLength: window.talkpress.project().transcript.length,
        article: window.talkpress.article().markdown,
        longest: window.__longest, tasks: window.__tasks }));
      const elapsed = Date.now() - t0;
      const message = res.ok === false ? `${res.code}: ${res.message}` : [now.status.text, ...(now.summary.warnings || []).map((w) => (typeof w === 'string' ? w : w.message || JSON.stringify(w)))].filter(Boolean).join(' | ');
      console.log(`# ${input.name} / ${channel}: "${message}" | turns ${now.summary.turns} | longest task ${Math.round(now.longest)} ms (${now.tasks} long tasks) | frames ${now.frames - frames0} after | ${elapsed} ms`);
      // Nothing lost: the article is still shown, and still there after a reload (it was saved).
      await page().waitForTimeout(1000);   // the save after a change is debounced
      let afterReload;
      try {
        await page().reload({ timeout: 60000 });
        await waitFirstFrame(page());
        afterReload = await page().evaluate(() => ({ article: window.talkpress.article().markdown, transcriptLength: window.talkpress.project().transcript.length }));
      } catch (e) {
        afterReload = { article: `(reload failed: ${e.message.split('\n')[0]})`, transcriptLength: -1 };
        await app.context.close().catch(() => {});
        app = await openApp(env.browser, env.url);   // a fresh page for the next input
        await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
      }
      watched.off('pageerror', onErr);
      const rejected = res.ok === false || now.summary.turns === 0;
      const kept = now.article === before.article && afterReload.article === before.article &&
                   (!rejected || now.transcriptLength === before.transcript.length || now.transcriptLength > 0);
      const row = { input: input.name, channel, longestTaskMs: Math.round(now.longest), crash: pageErrors.length > 0, kept, message: message || '(nothing shown)',
                    turns: now.summary.turns, tasks: now.tasks, elapsed, transcriptAfterReload: afterReload.transcriptLength };
      rows.push(row);
      console.log(`# ${input.name} / ${channel} (after): "${row.message}" | turns ${now.summary.turns} | longest task ${row.longestTaskMs} ms (${now.tasks} long tasks) | ` +
                  `frames ${now.frames - frames0} after | page errors ${pageErrors.length} | article shown ${now.article === before.article}, after reload ${afterReload.article === before.article ? 'same' : JSON.stringify(afterReload.article.slice(0, 60))} | ` +
                  `transcript ${before.transcript.length} -> ${now.transcriptLength} chars, after reload ${afterReload.transcriptLength} | ${elapsed} ms`);

      await t.test('no crash, still drawing', () => {
        assert.deepEqual(pageErrors, []);
        assert.ok(now.frames > frames0, 'the app still draws frames');
      });
      await t.test('nothing lost', { todo: todoFor(input, channel, 'nothing lost') }, () => {
        assert.equal(now.article, before.article, 'the article is still shown');
        assert.equal(afterReload.article, before.article, 'the article is still saved');
        if (rejected) assert.ok(now.transcriptLength > 0, 'a rejected input does not wipe the transcript');
        if (input.refused) assert.ok(now.transcript === before.transcript, 'a refused input leaves the saved transcript as it was');
        assert.equal(afterReload.transcriptLength, now.transcriptLength, 'the transcript shown is the transcript saved');
      });
      await t.test('a clear message', { todo: todoFor(input, channel, 'a clear message') }, () => {
        assert.doesNotMatch(message, /not a valid JSON object/, 'text is not JSON; the message must be about the text');
        if (input.refused) { assert.match(message, input.refused); return; }
        if (input.name.startsWith('emoji')) { assert.ok(now.summary.turns >= 3, 'text in any script is a transcript'); return; }
        if (input.name === 'a single line') { assert.ok(now.summary.turns >= 1 || /line|speaker|short/i.test(message), message); return; }
        assert.ok(message.length > 10 && !/^Generating/.test(message), `a message about the input: "${message}"`);
      });
    });
  }
}
