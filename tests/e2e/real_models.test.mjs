// Every provider preset generates a whole article through its own wire shape against a fake that
// behaves like that service (tests/fake_provider/personalities.mjs: json_object-only servers, schema
// keyword refusals, reasoning deltas, <think> tags, content parts, fenced JSON, Ollama's native chat),
// and the fault counts: after a key error no more requests than were in flight; during an outage no more
// than concurrency × 3 before everything pauses, visibly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, ROOT } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, fake, app;
before(async () => { env = await launch(); fake = await startFakeProvider(); app = await openApp(env.browser, env.url); });
after(async () => { await app?.context.close(); await fake?.close(); await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const THOUGHT = 'Let me work out what the transcript says';

// [preset, fake route, model, spec, what the wire must show]
const CASES = [
  ['openai', 'openai', 'fake-gpt', 'blog_post_en', (posts) => assert.ok(posts.some((q) => q.body.response_format?.type === 'json_schema'))],
  ['anthropic', 'anthropic', 'fake-claude', 'blog_post_en', (posts) => assert.ok(posts.some((q) => q.body.tool_choice?.type === 'tool'))],
  ['gemini', 'gemini', 'fake-gemini', 'blog_post_en', (posts) => assert.ok(posts.some((q) => q.body.generationConfig?.responseJsonSchema))],
  ['openrouter', 'openai', 'deepseek/deepseek-v4-flash', 'blog_post_en', null],
  ['deepseek', 'deepseek', 'deepseek-v4-flash', 'wechat_long_read_zh', (posts) => {
    assert.ok(posts.every((q) => q.body.response_format?.type !== 'json_schema'), 'DeepSeek gets json_object only');
    assert.ok(posts.some((q) => q.body.response_format?.type === 'json_object'));
    assert.ok(posts.every((q) => !q.refused), JSON.stringify(posts.find((q) => q.refused)?.refused));
    assert.ok(posts.some((q) => q.answer === ''), 'the empty answer happened, and was retried');
  }],
  ['glm', 'deepseek', 'glm-5.1', 'blog_post_en', null],
  ['siliconflow', 'deepseek', 'deepseek-ai/DeepSeek-V4-Flash', 'blog_post_en', null],
  ['groq', 'groq', 'openai/gpt-oss-120b', 'blog_post_en', (posts) =>
    assert.ok(posts.every((q) => !/"(minItems|maxItems)"/.test(JSON.stringify(q.body.response_format || {}))), 'no keyword Groq rejects')],
  ['mistral', 'mistral', 'mistral-medium-2604', 'blog_post_en', (posts) => assert.ok(posts.every((q) => !q.body.stream_options))],
  ['vllm', 'vllm', 'Qwen/Qwen3-8B', 'blog_post_en', null],
  ['llamacpp', 'vllm', 'local-model', 'blog_post_en', null],
  ['lmstudio', 'lmstudio', 'qwen3-8b', 'blog_post_en', (posts) => assert.ok(posts.every((q) => q.body.response_format?.type !== 'json_object'))],
  ['ollama', 'ollama', 'qwen3:8b', 'blog_post_en', (posts) => {
    assert.ok(posts.every((q) => q.path.endsWith('/api/chat')), 'the native endpoint');
    assert.ok(posts.every((q) => q.body.options?.num_ctx > 2048 && !q.truncated), 'num_ctx fits every prompt');
    assert.ok(posts.some((q) => typeof q.body.format === 'object'));
  }],
  ['relay', 'openai', 'kimi-k2.6', 'blog_post_en', null],
  ['custom', 'fenced', 'my-model', 'blog_post_en', (posts) => assert.ok(posts.some((q) => /```json/.test(q.answer || '')), 'JSON came fenced, with prose')],
];

async function generate(preset, route, model, spec, concurrency = 4, key = GOOD_KEY) {
  await app.page.evaluate(({ t }) => window.talkpress.setTranscript(t, { sourceUrl: 'https://example.com/ep42', title: 'Signal and Noise' }), { t: SAMPLE });
  await app.page.evaluate((s) => window.talkpress.setSpec(s), spec);
  const p = await app.page.evaluate((p) => window.talkpress.setProvider(p), { preset, baseUrl: fake.urls[route], apiKey: key, model, concurrency });
  assert.equal(p.code, undefined, p.message);
  return app.page.evaluate(() => window.talkpress.generate().catch((e) => ({ error: e.code, message: e.message })));
}

for (const [preset, route, model, spec, wire] of CASES) {
  test(`${preset} (${model}) writes the whole article through its wire shape`, async () => {
    fake.reset();
    const r = await generate(preset, route, model, spec);
    assert.equal(r.error, undefined, r.message);
    assert.match(r.markdown, /^# /);
    assert.ok(!r.markdown.includes('<think>') && !r.markdown.includes('</think>'), 'no think tags in the article');
    assert.ok(!r.markdown.includes(THOUGHT), 'no reasoning in the article');
    const state = await app.page.evaluate(() => window.talkpress.state());
    assert.equal(state.status, 'done');
    assert.ok(state.steps.every((s) => s.state === 'done'));
    const posts = fake.requests.filter((q) => q.method === 'POST');
    assert.ok(posts.length >= 4);
    assert.ok(posts.every((q) => q.provider === route), 'every request went to the chosen service');
    if (wire) wire(posts);
  });
}

test('a server that refuses json_schema: one fallback, remembered, and logged', async () => {
  fake.reset();
  const r = await generate('custom', 'deepseek', 'some-model', 'blog_post_en');
  assert.equal(r.error, undefined, r.message);
  const posts = fake.requests.filter((q) => q.method === 'POST');
  const tried = posts.filter((q) => q.body.response_format?.type === 'json_schema').length;
  assert.ok(tried >= 1 && tried <= 4, `json_schema was tried only by the requests sent together (${tried})`);
  const state = await app.page.evaluate(() => window.talkpress.state());
  assert.equal(state.provider.structuredMode, 'json_object');
  assert.equal(state.provider.log.length, 1);
  assert.match(state.provider.log[0], /json_object/);
});

test('after a key error no more requests than were in flight', async () => {
  fake.reset();
  for (let i = 0; i < 40; i++) fake.fault({ type: 'http', status: 401 });
  const r = await generate('custom', 'openai', 'fake-gpt', 'wechat_long_read_zh', 2);
  assert.equal(r.error, 'auth');
  const posts = fake.requests.filter((q) => q.method === 'POST');
  const state = await app.page.evaluate(() => window.talkpress.state());
  assert.ok(state.steps.length > 2, 'more steps were waiting to run');
  assert.ok(posts.length <= 2, `${posts.length} requests; 2 were in flight when the key was refused`);
  assert.equal(state.provider.circuit, 'open');
});

test('during an outage at most concurrency × 3 requests, then every step pauses together (visible)', async () => {
  fake.reset();
  for (let i = 0; i < 200; i++) fake.fault({ type: 'http', status: 503 });
  const concurrency = 4;
  // Do not wait: the run pauses.
  await app.page.evaluate(({ t }) => window.talkpress.setTranscript(t, { sourceUrl: 'https://example.com/ep43' }), { t: SAMPLE });
  await app.page.evaluate(() => window.talkpress.setSpec('wechat_long_read_zh'));
  await app.page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency });
  await app.page.evaluate(() => { window.__run = window.talkpress.generate().catch((e) => e); });
  try {
  let state;
  for (let i = 0; i < 100; i++) {
    state = await app.page.evaluate(() => window.talkpress.state());
    if (state.provider?.circuit === 'paused') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state.provider.circuit, 'paused', JSON.stringify(state.provider));
  assert.ok(state.provider.resumeInMs > 0);
  const atPause = fake.requests.filter((q) => q.method === 'POST').length;
  assert.ok(atPause <= concurrency * 3, `${atPause} requests before the pause`);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(fake.requests.filter((q) => q.method === 'POST').length, atPause, 'nothing is sent while paused');
  state = await app.page.evaluate(() => window.talkpress.state());
  const unfinished = state.steps.filter((s) => s.state !== 'done');
  assert.ok(unfinished.length > 0);
  assert.deepEqual(unfinished.filter((s) => s.activity?.phase !== 'paused').map((s) => s.id), [], 'every unfinished step shows it is paused');
  assert.ok(unfinished.every((s) => s.activity.resumeInMs > 0), 'with the time until the run resumes');
  } finally {   // a failed check must not leave the run going into the next test
    await app.page.evaluate(() => window.talkpress.cancel());
    await app.page.evaluate(() => window.__run);
  }
});

test('a provider that refuses browsers fails with the fixes named', async () => {
  fake.reset();
  const r = await generate('moonshot', 'moonshot', 'kimi-k2.6', 'blog_post_en');
  assert.equal(r.error, 'network', r.message);
  assert.match(r.message, /does not accept requests from web pages/);
  assert.match(r.message, /OpenRouter/);
  assert.match(r.message, /relay/);
});
