// The core's newer abilities as a user and the API reach them: a 20 MB transcript is read across frames and
// the page keeps drawing and answering (the longest main-thread task is printed here; the 200 ms bar is a
// benchmark figure, `scripts/bench.sh --only hugeTranscript`, never a timed assertion), a newer transcript replaces
// one being read, a 50 MB paste is refused at once, the Model tab's model facts and endpoint, Ollama as a
// kind, lone surrogates in API strings, verify / glossary / setDialogueLength, the roster's aliases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openApp, artifact, waitItem, clickItem, ROOT } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const api = (page, fn, arg) => page.evaluate(fn, arg);

// Every long task (PerformanceObserver "longtask") that ends after `since` (page time), as {start, ms}.
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
}
const tasksSince = (page, since) => page.evaluate((t0) => window.__tasks.filter((t) => t.start + t.ms >= t0), since);

// The 20 MB text is built in the page: it never crosses the test protocol inside the measured task.
const makeBig = (page) => page.evaluate(({ sample, bytes }) => {
  let big = '';
  while (big.length < bytes) big += sample + '\n';
  window.__big = big;
  return big.length;
}, { sample: SAMPLE, bytes: 20 * 1024 * 1024 });

// The page's own cost of a frame with nothing to read: the pointer moves over the tabs for `ms` (two seconds or more).
// Headless Chromium draws WebGL in software and reads every frame back; on a busy machine that alone can
// take longer than the bar, and then the bar cannot be checked here.
async function idleFrameBaseline(page, ms = 2000) {
  const t0 = await page.evaluate(() => performance.now());
  for (let i = 0; i < Math.max(20, Math.ceil(ms / 100)); i++) {
    await page.mouse.move(60 + (i % 10) * 40, 20 + (i % 3) * 10);
    await page.waitForTimeout(100);
  }
  return Math.max(0, ...(await tasksSince(page, t0)).map((t) => t.ms));
}

test('a 20 MB transcript is read across frames with its progress shown, and the page keeps answering', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  await makeBig(page);
  await page.waitForTimeout(300);
  await watchLongTasks(page);
  const baseline = await idleFrameBaseline(page);
  // The call runs in a task of its own (a timer), so the measured tasks start with it; while the text is
  // read the page records the status line and the frames drawn.
  const t0 = await page.evaluate(() => new Promise((res) => setTimeout(() => {
    window.__progress = [];
    window.__framesAtCall = window.talkpress.stats().framesRendered;
    const at = performance.now();
    let settled = false;
    window.__read = window.talkpress.setTranscript(window.__big, { title: 'Twenty megabytes' })
      .then((s) => ({ turns: s.turns, readMs: performance.now() - at }), (e) => ({ error: e.code, message: e.message }))
      .finally(() => { settled = true; });
    window.__callMs = performance.now() - at;
    // What the user sees meanwhile, sampled at every animation frame (a timer would starve between the
    // frames): the status line and how far the reading is.
    const poll = () => {
      if (settled) return;
      const s = window.talkpress.summary(), st = window.talkpress.status().text;
      if (s.reading) window.__progress.push({ p: s.readProgress, status: st, frameMs: window.talkpress.stats().lastFrameMs });
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
    res(at);
  }, 0)));
  // The user keeps working meanwhile: the tabs answer.
  await page.waitForTimeout(100);
  await clickItem(page, 'tab.model');
  await page.waitForTimeout(100);
  await clickItem(page, 'tab.transcript');
  const read = await page.evaluate(() => window.__read);
  assert.equal(read.error, undefined, read.message);
  assert.ok(read.turns > 1000, `parsed ${read.turns} turns`);
  const during = await page.evaluate(() => ({ progress: window.__progress, callMs: window.__callMs,
                                              frames: window.talkpress.stats().framesRendered - window.__framesAtCall }));
  assert.ok(during.progress.length >= 2, `read across frames: ${JSON.stringify(during.progress)}`);
  assert.ok(during.progress.some((x) => /^Reading the transcript\u2026 \d+%$/.test(x.status)), `the status line showed the progress: ${JSON.stringify(during.progress)}`);
  assert.ok(during.progress.every((x, i, a) => x.p >= 0 && x.p < 1 && (i === 0 || x.p >= a[i - 1].p)), 'the progress only grows');
  assert.ok(during.frames >= 5, `frames were drawn while it was read (${during.frames})`);
  // Frames draw the Transcript tab (the default) with the big text; then the Model and Structure tabs.
  await page.waitForTimeout(1500);
  await clickItem(page, 'tab.model');
  await page.waitForTimeout(500);
  await clickItem(page, 'tab.transcript');
  await page.waitForTimeout(1000);
  await waitItem(page, 'transcript.edit');
  // The page's tasks up to here: the screenshot below is the test's own work, not the app's.
  const tasks = await tasksSince(page, t0);
  await page.screenshot({ path: artifact('wiring-20mb-transcript.png') });
  const summary = await api(page, () => window.talkpress.summary());
  assert.equal(summary.reading, false);
  assert.equal(summary.turns, read.turns);
  assert.equal(summary.title, 'Twenty megabytes');
  const longest = Math.max(0, ...tasks.map((t) => t.ms));
  // The same page with the text read and nothing left to read, for as long as the reading took.
  const baselineAfter = await idleFrameBaseline(page, read.readMs);
  console.log(`20 MB transcript: setTranscript call ${during.callMs.toFixed(0)} ms, read in ${read.readMs.toFixed(0)} ms over ${during.frames} frames ` +
              `(${during.progress.map((x) => Math.round(x.p * 100) + '%').join(' ')}); longest main-thread task from the call on ${longest.toFixed(0)} ms (${tasks.length} long tasks: ` +
              `${tasks.map((t) => `${Math.round(t.ms)} ms at +${Math.round(t.start - t0)}`).join(', ')})`);
  // The app's own part of a frame (C++ frame time, the reading slice included), as sampled meanwhile.
  console.log(`  the app's own frame time while reading: up to ${Math.max(0, ...during.progress.map((x) => x.frameMs)).toFixed(0)} ms`);
  console.log(`  the same page's frames with nothing to read: longest task ${baseline.toFixed(0)} ms before the call, ` +
              `${baselineAfter.toFixed(0)} ms after the read over as long as it took (load average ${os.loadavg()[0].toFixed(1)})`);
  // The 200 ms bar is measured by the benchmark (`tests/bench/browser_bench.mjs`, "hugeTranscript"), where
  // runs are repeated and the machine's load is reported; here the figures are printed beside the idle
  // page's own longest task, and the test asserts what does not depend on the machine's speed: the text
  // was read in slices across drawn frames (above), and the page still draws and answers (below).
  const idle = Math.max(baseline, baselineAfter);
  const appLongest = await api(page, () => window.talkpress.stats().longestFrameMs);
  console.log(`  longest task after the call ${longest.toFixed(0)} ms (idle longest ${idle.toFixed(0)} ms); ` +
              `the app's longest frame callback ${appLongest.toFixed(0)} ms; bar 200 ms`);
  // Frames keep coming and the page answers.
  const before = (await api(page, () => window.talkpress.stats())).framesRendered;
  await page.mouse.move(400, 400);
  await page.mouse.move(420, 420);
  await page.waitForTimeout(300);
  assert.ok((await api(page, () => window.talkpress.stats())).framesRendered > before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a transcript that arrives while a large one is read replaces it; the first Promise says so', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  await makeBig(page);
  const r = await page.evaluate(async () => {
    const first = window.talkpress.setTranscript(window.__big, { title: 'Big' }).then((s) => ({ turns: s.turns }), (e) => ({ code: e.code, message: e.message }));
    // Once the app has the big text (it is encoded in slices first) and reads it:
    for (let i = 0; i < 600 && !window.talkpress.summary().reading; i++) await new Promise((res) => setTimeout(res, 50));
    const midway = window.talkpress.summary();
    const second = await window.talkpress.setTranscript('Host: A short talk.\nGuest: Read at once.\n', { title: 'Small' });
    return { first: await first, midway: { reading: midway.reading, progress: midway.readProgress }, second: second.turns };
  });
  assert.equal(r.midway.reading, true, 'the big text is read across frames');
  assert.ok(r.midway.progress < 1);
  assert.equal(r.first.code, 'replaced');
  assert.match(r.first.message, /replaced/);
  assert.equal(r.second, 2);
  await page.waitForTimeout(1000);   // nothing of the first text arrives later
  const s = await api(page, () => window.talkpress.summary());
  assert.equal(s.turns, 2);
  assert.equal(s.reading, false);
  assert.equal((await api(page, () => window.talkpress.project())).title, 'Small');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 50 MB paste into the transcript box is refused at once with the size message; the box keeps its text', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  await api(page, (t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise' }), SAMPLE);
  await clickItem(page, 'tab.transcript');
  await page.waitForSelector('#tp-overlay-transcript:not([hidden])');
  await page.evaluate(() => {
    const l = "Daniel Okafor: Because a model trained on last year's internet is a very good historian and a very poor reporter.\n";
    return navigator.clipboard.writeText(l.repeat(Math.ceil(50 * 1048576 / l.length)));
  });
  await page.focus('#tp-overlay-transcript');
  await page.keyboard.press('Control+A');
  const t0 = Date.now();
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => /TalkPress reads up to/.test(window.talkpress.status().text || ''), null, { timeout: 20000, polling: 50 })
    .catch(() => {});
  const ms = Date.now() - t0;
  const st = await page.evaluate(() => { try { return window.talkpress.status(); } catch (e) { return { text: e.message, error: true }; } });
  const box = await page.evaluate(() => document.querySelector('#tp-overlay-transcript').value.length);
  console.log(`50 MB paste: refused in ${ms} ms: "${st.text}"`);
  assert.match(st.text, /is 5\d MB; TalkPress reads up to 32 MB/);
  assert.equal(st.error, true);
  assert.match(st.text, /unchanged/);
  assert.equal(box, SAMPLE.replace(/\r\n?/g, '\n').length, 'the box still shows the saved transcript');
  assert.equal((await api(page, () => window.talkpress.project())).transcript, SAMPLE);
  // A paste that fits is still the box's own.
  await page.evaluate(() => navigator.clipboard.writeText('Host: A new talk.\nGuest: Pasted over the old one.\n'));
  await page.focus('#tp-overlay-transcript');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => window.talkpress.summary().turns === 2, null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Model tab and the API show the model facts, the endpoint and accept Ollama', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  await api(page, () => window.talkpress.setTranscript('Host: Hello there.\nGuest: We grew 40% last year.', {}));
  const p = await api(page, () => window.talkpress.setProvider({ preset: 'deepseek', baseUrl: 'https://api.deepseek.com/', apiKey: 'sk-x' }));
  assert.match(p.endpoint, /^https:\/\/api\.deepseek\.com\/.*chat\/completions$/);
  assert.equal(p.modelInfo.known, true, 'the default DeepSeek model is in the catalog');
  assert.ok(p.modelInfo.contextTokens > 0);
  await clickItem(page, 'tab.model');
  await waitItem(page, 'model.facts');
  await waitItem(page, 'model.cost');
  await page.screenshot({ path: artifact('wiring-model-facts.png') });
  // An unknown model: fields for its limits, kept in the provider config.
  await api(page, () => window.talkpress.setProvider({ kind: 'openai', baseUrl: 'http://localhost:9/v1', model: 'my-finetune', contextTokens: 65536, maxOutputTokens: 8192 }));
  await waitItem(page, 'model.contextTokens');
  const u = await api(page, () => window.talkpress.getProvider());
  assert.equal(u.modelInfo.known, false);
  assert.equal(u.modelInfo.contextTokens, 65536);
  assert.equal(u.maxOutputTokens, 8192);
  const o = await api(page, () => window.talkpress.setProvider({ kind: 'ollama', baseUrl: 'http://localhost:11434', model: 'qwen3:8b' }));
  assert.equal(o.kind, 'ollama');
  const bad = await api(page, () => { try { window.talkpress.setProvider({ kind: 'nope' }); return ''; } catch (e) { return e.message; } });
  assert.match(bad, /ollama/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('API strings with lone surrogates arrive as U+FFFD; verify, glossary and dialogue length', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const s = await api(page, () => window.talkpress.setTranscript('Host: A cut emoji \uD83D here.\nGuest: And a lone \uDE00 low half.', {}));
  assert.equal(s.turns, 2);
  const text = (await api(page, () => window.talkpress.project())).transcript;
  assert.ok(text.includes('emoji \uFFFD here') && text.includes('lone \uFFFD low'), text);
  await api(page, (t) => window.talkpress.setTranscript(t, {}), SAMPLE);
  await api(page, () => window.talkpress.setSpec('blog_post_en'));
  const r = await api(page, () => window.talkpress.generate());   // the offline draft
  const v = await api(page, () => window.talkpress.verify());
  assert.equal(v.problems, r.checks.problems);
  const invented = await api(page, (md) => window.talkpress.verify(md.replace(/\n## /, '\n"We doubled revenue to 987 million," she said.\n\n## ')), r.markdown);
  assert.ok(invented.findings.length > v.findings.length, 'an invented quote or number is reported');
  assert.ok(Array.isArray(await api(page, () => window.talkpress.glossary())));
  const off = await api(page, () => window.talkpress.setDialogueLength('off'));
  assert.equal(off.spec.dialogue_length, 'off');
  const bad = await api(page, () => { try { window.talkpress.setDialogueLength('some'); return ''; } catch (e) { return e.code; } });
  assert.equal(bad, 'bad_request');
  await context.close();
});

test('the roster shows a speaker known by two labels as one', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const t = 'Gary Jordan (Host): Welcome to the show.\nAnna Lee: Thanks for having me.\nHost: Let us start with the station.\nAnna Lee: It flies at 400 kilometres.\n';
  const s = await api(page, (x) => window.talkpress.setTranscript(x, {}), t);
  const gary = s.speakers.find((x) => /Gary/.test(x.label) || /Gary/.test(x.name));
  assert.ok(gary, JSON.stringify(s.speakers));
  assert.ok(gary.aliases.includes('Host'), JSON.stringify(s.speakers));
  assert.equal(s.speakers.length, 2, 'one person, one speaker');
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifact('wiring-roster-aliases.png') });
  await context.close();
});
