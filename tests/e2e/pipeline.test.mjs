// The whole pipeline in the browser against the fake provider, for each provider kind, through the
// automation API (the same code as the Generate button), with the article shown in the article pane.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, artifact, waitItem, clickItem, ROOT, waitFirstFrame } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';
import { decodePng, imageStats } from './png.mjs';

let env, fake;
before(async () => { env = await launch(); fake = await startFakeProvider(); });
after(async () => { await fake?.close(); await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const MODELS = { openai: 'fake-gpt', anthropic: 'fake-claude', gemini: 'fake-gemini' };

async function prepare(page, kind, spec) {
  await page.evaluate(({ t }) => window.talkpress.setTranscript(t, { sourceUrl: 'https://example.com/ep42', title: 'Signal and Noise' }), { t: SAMPLE });
  await page.evaluate((s) => window.talkpress.setSpec(s), spec);
  await page.evaluate((p) => window.talkpress.setProvider(p), { kind, baseUrl: fake.urls[kind], apiKey: GOOD_KEY, model: MODELS[kind], concurrency: 4 });
}

for (const [kind, spec] of [['openai', 'wechat_long_read_zh'], ['anthropic', 'show_notes_en'], ['gemini', 'blog_post_en']]) {
  test(`${kind}: generate() runs the whole pipeline (${spec})`, async () => {
    fake.reset();
    const { page, context, problems } = await openApp(env.browser, env.url);
    await prepare(page, kind, spec);
    const r = await page.evaluate(() => window.talkpress.generate().catch((e) => ({ error: e.code, message: e.message })));
    assert.equal(r.error, undefined, r.message);
    assert.match(r.markdown, /^# /);
    assert.ok(r.usage.requests >= 5);
    assert.ok(r.usage.inputTokens > 0 && r.usage.outputTokens > 0);
    assert.deepEqual(r.checks.structure.filter((s) => s.kind !== 'language'), []);
    assert.ok(r.checks.numbers.every((n) => n.ok), 'every number is from the transcript');
    assert.ok(r.checks.quotes.every((q) => q.ok), JSON.stringify(r.checks.quotes));
    if (spec === 'wechat_long_read_zh') {
      assert.match(r.markdown, /## 详细对话\n\n```\nMaya Chen：/);
      const dialogueLines = r.markdown.split('```')[1].split('\n').filter((l) => l.includes('：'));
      assert.equal(dialogueLines.length, 34, 'one dialogue paragraph per turn');
    }
    if (spec === 'show_notes_en') assert.match(r.markdown, /## \[\d\d:\d\d\] /);
    const state = await page.evaluate(() => window.talkpress.state());
    assert.equal(state.status, 'done');
    assert.ok(state.steps.every((s) => s.state === 'done'));
    assert.equal((await page.evaluate(() => window.talkpress.article())).markdown, r.markdown);
    const posts = fake.requests.filter((q) => q.method === 'POST');
    assert.ok(posts.every((q) => q.provider === kind));
    // The article is shown in the article pane.
    await waitItem(page, 'article.view');
    await page.waitForTimeout(300);
    const png = await page.screenshot();
    fs.writeFileSync(artifact(`pipeline-${kind}.png`), png);
    const a = await page.evaluate(() => window.talkpress.itemRect('article.view'));
    const img = decodePng(png);
    const s = imageStats(img, { x: Math.round(a.x), y: Math.round(a.y), w: Math.round(a.w), h: Math.round(Math.min(a.h, 400)) });
    assert.ok(s.darkPixels > 2000, `article text is drawn (${s.darkPixels})`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the Generate button drives the same run, and Cancel stops it; a reload resumes from finished steps', async () => {
  fake.reset();
  fake.state.latencyMs = 150;
  const { page, context } = await openApp(env.browser, env.url);
  await prepare(page, 'openai', 'wechat_long_read_zh');
  await clickItem(page, 'generate.button');
  await page.waitForFunction(() => window.talkpress.state().steps.filter((s) => s.state === 'done').length >= 3, null, { timeout: 20000 });
  const c = await page.evaluate(() => window.talkpress.cancel());
  assert.ok(c.cancelled >= 1);
  const st = await page.evaluate(() => window.talkpress.state());
  assert.equal(st.status, 'cancelled');
  const done = st.steps.filter((s) => s.state === 'done').length;
  const sentBefore = fake.requests.filter((q) => q.method === 'POST').length;

  await page.reload();
  await waitFirstFrame(page);
  const restored = await page.evaluate(() => window.talkpress.state());
  assert.equal(restored.steps.filter((s) => s.state === 'done').length, done, 'finished steps survive a reload');
  assert.equal((await page.evaluate(() => window.talkpress.summary())).turns, 34, 'the transcript survives a reload');
  fake.state.latencyMs = 0;
  await page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt' });
  const r = await page.evaluate(() => window.talkpress.generate());
  assert.match(r.markdown, /## 亮点/);
  const sentAfter = fake.requests.filter((q) => q.method === 'POST').length - sentBefore;
  assert.ok(sentAfter <= st.steps.length - done + 2, `only the unfinished steps are sent again (${sentAfter})`);
  await context.close();
});

test('a failed step reports its reason; retrying it alone completes the article', async () => {
  fake.reset();
  const { page, context } = await openApp(env.browser, env.url);
  await prepare(page, 'gemini', 'blog_post_en');
  fake.fault({ type: 'http', status: 403, provider: 'gemini' });   // the outline is refused
  const err = await page.evaluate(() => window.talkpress.generate().then(() => null, (e) => ({ code: e.code, message: e.message })));
  assert.equal(err.code, 'permission');
  assert.match(err.message, /refused access/);
  const st = await page.evaluate(() => window.talkpress.state());
  assert.equal(st.steps.find((s) => s.id === 'outline').state, 'failed');
  const p = page.evaluate(() => new Promise((resolve) => {
    const t = setInterval(() => { const s = window.talkpress.state(); if (s.status !== 'running') { clearInterval(t); resolve(s); } }, 100);
  }));
  await page.evaluate(() => window.talkpress.retryStep('outline'));
  const end = await p;
  assert.equal(end.status, 'done');
  assert.match((await page.evaluate(() => window.talkpress.article())).markdown, /^# /);
  await context.close();
});

test('regenerate one section with an instruction', async () => {
  fake.reset();
  const { page, context } = await openApp(env.browser, env.url);
  await prepare(page, 'openai', 'blog_post_en');
  const first = await page.evaluate(() => window.talkpress.generate());
  const n = fake.requests.filter((q) => q.method === 'POST').length;
  const second = await page.evaluate(() => window.talkpress.regenerateSection(1, 'make it shorter'));
  assert.equal(fake.requests.filter((q) => q.method === 'POST').length, n + 1);
  assert.match(fake.requests.at(-1).normalized.prompt, /For this version: make it shorter/);
  assert.equal(second.markdown.split('\n## ')[1], first.markdown.split('\n## ')[1], 'the other sections are kept');
  await context.close();
});
