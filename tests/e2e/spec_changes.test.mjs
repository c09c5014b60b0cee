// Changing the spec after a finished article redoes only what the change affects, through the automation
// API against the fake provider: a new title sends nothing, a renamed heading rewrites that section alone,
// and the plan line says beforehand how many steps will run again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, ROOT } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, fake;
before(async () => { env = await launch(); fake = await startFakeProvider(); });
after(async () => { await fake?.close(); await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const HEADINGS = ['Who owns real-time data', 'Speed as culture', 'Distribution'];
const posts = () => fake.requests.filter((q) => q.method === 'POST');

test('a new title re-assembles without a request; a renamed heading rewrites only that section', async () => {
  fake.reset();
  const { page, context, problems } = await openApp(env.browser, env.url);
  await page.evaluate(({ t }) => window.talkpress.setTranscript(t, { sourceUrl: 'https://example.com/ep42', title: 'Signal and Noise' }), { t: SAMPLE });
  await page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  const spec = await page.evaluate(() => window.talkpress.getSpec());
  spec.section_headings = HEADINGS;
  await page.evaluate((s) => window.talkpress.setSpec(s), spec);
  await page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency: 4 });

  const first = await page.evaluate(() => window.talkpress.generate());
  assert.match(first.markdown, /## Speed as culture/);
  const steps = (await page.evaluate(() => window.talkpress.state())).steps.length;
  const sent = posts().length;
  assert.ok(sent >= steps, `every step sent a request (${sent} for ${steps} steps)`);

  // The title and the source URL: nothing to write again.
  await page.evaluate(() => window.talkpress.setProject({ title: 'Signal, Noise and Speed', sourceUrl: 'https://example.com/ep42-remastered' }));
  const plan = (await page.evaluate(() => window.talkpress.state())).plan;
  assert.equal(plan.keptSteps, steps);
  assert.match(plan.summary, new RegExp(`^Regenerate 0 of ${steps} steps`));
  const retitled = await page.evaluate(() => window.talkpress.generate());
  assert.equal(posts().length, sent, 'no request for a new title or source');
  assert.match(retitled.markdown, /ep42-remastered/);
  assert.equal(retitled.markdown.split('\n## ').slice(0, -1).join(), first.markdown.split('\n## ').slice(0, -1).join(),
               'the sections are the ones already written');

  // One heading: that section alone.
  spec.section_headings = [HEADINGS[0], 'Why speed is a culture', HEADINGS[2]];
  await page.evaluate((s) => window.talkpress.setSpec(s), spec);
  const plan2 = (await page.evaluate(() => window.talkpress.state())).plan;
  assert.match(plan2.summary, new RegExp(`^Regenerate 1 of ${steps} steps`), plan2.summary);
  const renamed = await page.evaluate(() => window.talkpress.generate());
  // That section is written, then checked like every new section: a flagged one is rewritten once.
  const again = posts().slice(sent);
  assert.ok(again.length >= 1 && again.length <= 2, `requests: ${again.length}`);
  for (const q of again) assert.match(q.normalized.prompt, /^Write the section "Why speed is a culture"/);
  if (again.length === 2) assert.match(again[1].normalized.prompt, /For this version: the previous version of this section had/);
  assert.match(renamed.markdown, /## Why speed is a culture/);
  assert.match(renamed.markdown, /## Who owns real-time data/);
  assert.equal((await page.evaluate(() => window.talkpress.state())).status, 'done');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the parse summary and the plan give the same token estimate', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.evaluate(({ t }) => window.talkpress.setTranscript(t, {}), { t: SAMPLE });
  for (const p of [{ kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt' },
                   { preset: 'deepseek', apiKey: GOOD_KEY, model: 'deepseek-chat' }]) {
    await page.evaluate((x) => window.talkpress.setProvider(x), p);
    const summary = await page.evaluate(() => window.talkpress.summary());
    const plan = (await page.evaluate(() => window.talkpress.state())).plan;
    assert.ok(summary.estimatedTokens > 100);
    assert.equal(summary.estimatedTokens, plan.transcriptTokens);
  }
  await context.close();
});
