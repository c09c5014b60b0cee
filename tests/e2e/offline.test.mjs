// The offline draft: a fresh page with no key makes a whole article with the mouse alone ("Load sample",
// Generate), with the preset's full structure, without a single request leaving the page; the Model tab
// says what a key adds, where to get one and what it would cost; the API's generate() resolves with
// {markdown, checks, usage}. Screenshots: build/test-artifacts/offline-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, waitItem, clickItem, saveScreenshot } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const api = (page, fn, arg) => page.evaluate(fn, arg);
const headings = (md) => md.split('\n').filter((l) => /^#{1,2} /.test(l)).map((l) => ({ level: l.indexOf(' '), text: l.replace(/^#+ /, '') }));

test('a fresh page with no key drafts the whole article offline, sending nothing', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  const outside = [];
  await context.route((url) => !url.href.startsWith(env.url), (route) => { outside.push(route.request().url()); route.abort(); });
  const provider = await api(page, () => window.talkpress.getProvider());
  assert.equal(provider.preset, 'offline', 'the offline draft is the default with no key');
  assert.equal(provider.keySet, false);

  await clickItem(page, 'transcript.sample');
  await page.waitForFunction(() => window.talkpress.summary().turns > 0);
  const skeleton = await api(page, () => window.talkpress.skeleton());
  // The plan line says what the offline draft does, not how many model requests it would take.
  const plan = (await api(page, () => window.talkpress.state())).plan;
  assert.equal(plan.requests, 0);
  assert.match(plan.summary, /^Offline draft: no requests, free/);
  await waitItem(page, 'generate.plan');
  await clickItem(page, 'generate.button');
  await page.waitForFunction(() => window.talkpress.article().markdown.length > 0, null, { timeout: 10000 });
  const md = (await api(page, () => window.talkpress.article())).markdown;

  // The preset's structure: every title and section heading of the skeleton, in order; fixed headings
  // verbatim ("亮点", "详细对话"), placeholders filled with the talk's own terms.
  const want = skeleton.filter((s) => s.level === 1 || s.level === 2);
  const got = headings(md);
  console.log('skeleton:', JSON.stringify(want), '\narticle headings:', JSON.stringify(got));
  assert.equal(got.length, want.length, `headings ${JSON.stringify(got)} vs skeleton ${JSON.stringify(want)}`);
  want.forEach((w, i) => {
    assert.equal(got[i].level, w.level, `heading ${i} level`);
    // The skeleton annotates a fixed heading with what goes under it: "亮点 (4 bullets)".
    if (!w.placeholder) assert.equal(got[i].text, w.text.replace(/ \([^)]*\)$/, ''), `heading ${i}`);
    else assert.ok(got[i].text.trim().length > 0, `heading ${i} filled`);
  });
  assert.ok(md.includes('\n> '), 'a lead');
  assert.ok(/\n[-*] /.test(md), 'highlights');

  // The article is rendered in the preview (not only held as Markdown).
  await waitItem(page, 'article.view');
  await saveScreenshot(page, 'offline-article');
  const status = await api(page, () => window.talkpress.status());
  assert.match(status.text, /Offline draft ready/);
  assert.equal(status.error, false);

  // The Model tab's first-run block: what a key adds, where to get one, the cost for this transcript.
  await clickItem(page, 'tab.model');
  await waitItem(page, 'model.keyAdvice');
  await saveScreenshot(page, 'offline-model-tab');
  assert.deepEqual(outside, [], 'no request left the page');
  assert.deepEqual(problems, []);
  await context.close();
});

test("generate() resolves with the draft, its checks and zero usage; the same input gives the same article", async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await api(page, () => window.talkpress.setSpec('blog_post_en'));
  await clickItem(page, 'transcript.sample');
  // The click is handled on the next frame; generate() before that sees no transcript.
  await page.waitForFunction(() => window.talkpress.summary().turns > 0);
  const first = await api(page, () => window.talkpress.generate());
  assert.ok(first.markdown.startsWith('# '), 'a titled article');
  assert.equal(first.usage.offline, true);
  assert.equal(first.usage.requests, 0);
  assert.ok(Array.isArray(first.checks.findings), 'checks ran');
  const errors = first.checks.findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors, [], 'verbatim sentences pass the checks');
  const again = await api(page, () => window.talkpress.generate());
  assert.equal(again.markdown, first.markdown, 'deterministic');
  // verify() of the shown article gives the same checks; of an edited one, its own.
  const verified = await api(page, () => window.talkpress.verify());
  assert.deepEqual(verified.findings, first.checks.findings);
  const edited = await api(page, (md) => window.talkpress.verify(md + '\n\n## Extra\n\n"She said 9,999 users left."\n'), first.markdown);
  assert.ok(edited.findings.length > first.checks.findings.length, 'an invented quote and number are found');
  // A key typed with the offline draft chosen goes to a provider (OpenAI), never to nowhere.
  await clickItem(page, 'tab.model');
  await clickItem(page, 'model.apiKey', 0.5);
  await page.keyboard.type('sk-typed');
  await page.waitForFunction(() => window.talkpress.getProvider().keySet);
  assert.equal((await api(page, () => window.talkpress.getProvider())).preset, 'openai');
  await context.close();
});
