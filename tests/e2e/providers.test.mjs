// Each provider wire format through the real browser fetch path against the fake provider:
// streaming, structured output, model lists, and the faults real services produce.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, clickItem, waitItem, saveScreenshot, waitFirstFrame } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, app, fake;
before(async () => {
  env = await launch();
  fake = await startFakeProvider();
  app = await openApp(env.browser, env.url);
});
after(async () => { await app?.context.close(); await fake?.close(); await env?.close(); });
beforeEach(() => fake.reset());

const MODELS = { openai: 'fake-gpt', anthropic: 'fake-claude', gemini: 'fake-gemini' };
const PROMPT = 'Write about this talk.\n[T1] Maya Chen: Welcome back to the show. Today we talk about data.\n' +
               '[T2] Daniel Okafor: 我们在十天内建成了一个数据中心。It was fast. Speed is a cultural thing.';

async function use(kind, extra = {}) {
  return app.page.evaluate((p) => window.talkpress.setProvider(p),
    { kind, baseUrl: fake.urls[kind], apiKey: GOOD_KEY, model: MODELS[kind], ...extra });
}
async function complete(req) {
  return app.page.evaluate(async (r) => {
    try { return { ok: true, value: await window.talkpress.complete(r) }; }
    catch (e) { return { ok: false, code: e.code, message: e.message, status: e.status, partialText: e.partialText, attempts: e.attempts }; }
  }, req);
}
const lastGen = () => fake.requests.filter((r) => r.method === 'POST').at(-1);

for (const kind of ['openai', 'anthropic', 'gemini']) {
  test(`${kind}: streamed completion, usage, plain headers only`, async () => {
    const p = await use(kind);
    assert.equal(p.keySet, true);
    assert.equal(p.apiKey, undefined, 'the key is never returned');
    const r = await complete({ system: 'You are a writer.', user: PROMPT, maxTokens: 500 });
    assert.ok(r.ok, r.message);
    const sent = lastGen();
    assert.equal(r.value.text, sent.answer);
    assert.match(r.value.text, /数据中心/);
    assert.equal(r.value.finishReason, 'stop');
    assert.ok(r.value.deltas >= 1);
    assert.ok(r.value.usage.inputTokens > 0 && r.value.usage.outputTokens > 0);
    assert.equal(r.value.usage.estimated, false);
    const names = Object.keys(sent.headers);
    assert.ok(!names.some((h) => h.startsWith('x-stainless') || h === 'openai-beta'));
    if (kind === 'anthropic') assert.equal(sent.headers['anthropic-dangerous-direct-browser-access'], 'true');
    if (kind === 'gemini') { assert.ok(!sent.path.includes('key=')); assert.match(sent.path, /:streamGenerateContent\?alt=sse$/); }
    if (kind === 'openai') assert.equal(sent.body.stream_options.include_usage, true);
  });

  test(`${kind}: structured output follows the schema`, async () => {
    await use(kind);
    const schema = { type: 'object', properties: { title: { type: 'string' }, points: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string' } } },
                     required: ['title', 'points'], additionalProperties: false };
    const r = await complete({ user: PROMPT, schema });
    assert.ok(r.ok, r.message);
    const j = JSON.parse(r.value.text);
    assert.equal(typeof j.title, 'string');
    assert.equal(j.points.length, 2);
  });

  test(`${kind}: not streamed`, async () => {
    await use(kind);
    const r = await complete({ user: PROMPT, stream: false });
    assert.ok(r.ok, r.message);
    assert.equal(r.value.text, lastGen().answer);
  });

  test(`${kind}: Test connection lists models`, async () => {
    await use(kind);
    const models = await app.page.evaluate(() => window.talkpress.listModels());
    assert.ok(models.length >= 1);
    assert.ok(models.some((m) => m.id === MODELS[kind]));
    if (kind === 'gemini') assert.equal(models.length, 1, 'models that cannot generate are left out');
  });

  test(`${kind}: a wrong key is an auth error with a fix`, async () => {
    await use(kind, { apiKey: 'wrong' });
    const r = await complete({ user: PROMPT });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'auth');
    assert.match(r.message, /rejected the API key/);
  });

  test(`${kind}: 429 then success is retried before the first token`, async () => {
    await use(kind);
    fake.fault({ type: 'http', status: 429, retryAfter: 1 });
    const t0 = Date.now();
    const r = await complete({ user: PROMPT });
    assert.ok(r.ok, r.message);
    assert.equal(r.value.attempts, 2);
    assert.ok(Date.now() - t0 >= 700, 'waited before retrying');
  });

  test(`${kind}: an error inside a 200 stream keeps the partial text`, async () => {
    await use(kind);
    fake.fault({ type: 'streamError' });
    const r = await complete({ user: PROMPT });
    assert.equal(r.ok, false, 'no retry once content has streamed');
    assert.equal(r.code, 'overloaded');
    assert.ok(r.partialText.length > 0);
    assert.ok(lastGen().answer.startsWith(r.partialText));
    fake.fault({ type: 'streamError', afterEvents: 0 });
    const early = await complete({ user: PROMPT });
    assert.ok(early.ok, 'an error before any content is retried');
  });

  test(`${kind}: a stream without its terminator is reported as cut`, async () => {
    await use(kind);
    fake.fault({ type: 'noTerminator' });
    const r = await complete({ user: PROMPT });
    assert.equal(r.ok, false);
    assert.equal(r.code, 'truncated');
  });

  test(`${kind}: every byte in its own chunk, inside UTF-8 characters`, async () => {
    await use(kind);
    fake.fault({ type: 'byteByByte' });
    const r = await complete({ user: PROMPT, maxTokens: 200 });
    assert.ok(r.ok, r.message);
    assert.equal(r.value.text, lastGen().answer);
  });

  test(`${kind}: finish reason length and refusal`, async () => {
    await use(kind);
    fake.fault({ type: 'length' });
    const cut = await complete({ user: PROMPT });
    assert.ok(cut.ok);
    assert.equal(cut.value.finishReason, 'length');
    fake.fault({ type: 'refusal' });
    const refused = await complete({ user: PROMPT });
    assert.equal(refused.ok, false);
    assert.equal(refused.code, 'content_filter');
  });
}

test('status errors map to the taxonomy, and only transient ones are retried', async () => {
  await use('openai');
  const cases = [[401, undefined, 'auth'], [403, undefined, 'permission'], [402, undefined, 'billing'], [404, undefined, 'invalid_model'],
                 [400, undefined, 'context_length'], [429, 'quota', 'billing']];
  for (const [status, kind, code] of cases) {
    fake.reset();
    fake.fault({ type: 'http', status, kind });
    const r = await complete({ user: PROMPT });
    assert.equal(r.code, code, `HTTP ${status}`);
    assert.equal(fake.requests.filter((q) => q.method === 'POST').length, 1, `no retry for ${status}`);
  }
  fake.reset();
  for (let i = 0; i < 3; i++) fake.fault({ type: 'http', status: 503 });
  const storm = await complete({ user: PROMPT });
  assert.equal(storm.code, 'overloaded');
  assert.equal(fake.requests.filter((q) => q.method === 'POST').length, 3, 'two retries, then the error');
  fake.reset();
  fake.fault({ type: 'http', status: 502, html: true });
  fake.fault({ type: 'http', status: 529, provider: 'openai' });
  const recovered = await complete({ user: PROMPT });
  assert.ok(recovered.ok, 'an HTML 502 and a 529 are retried, then it works');
});

test('cancel stops a request at once', async () => {
  await use('anthropic');
  fake.fault({ type: 'stall', afterEvents: 3, ms: 10000 });
  const pending = complete({ user: PROMPT });
  await new Promise((r) => setTimeout(r, 400));
  const c = await app.page.evaluate(() => window.talkpress.cancel());
  assert.equal(c.cancelled, 1);
  const r = await pending;
  assert.equal(r.code, 'aborted');
});

test('watchdogs: no first byte is reported once, not waited out again; a stall times out; keep-alives keep a slow stream alive', async () => {
  await use('openai');
  fake.fault({ type: 'slowFirstByte', ms: 2500 });
  const t0 = Date.now();
  const slow = await complete({ user: PROMPT, firstByteTimeoutMs: 600 });
  assert.equal(slow.code, 'timeout');
  assert.equal(slow.attempts, 1);
  assert.match(slow.message, /did not start answering/);
  assert.ok(Date.now() - t0 < 2000, 'the error comes when the wait ends');

  fake.fault({ type: 'stall', afterEvents: 3, ms: 3000 });
  const stalled = await complete({ user: PROMPT, idleTimeoutMs: 700 });
  assert.equal(stalled.code, 'timeout');
  assert.match(stalled.message, /stopped sending/);

  fake.fault({ type: 'stall', afterEvents: 3, ms: 1500, keepAliveMs: 200 });
  const alive = await complete({ user: PROMPT, idleTimeoutMs: 700 });
  assert.ok(alive.ok, alive.message);
});

test('a response without CORS headers is a network error that names CORS', async () => {
  await use('openai');
  fake.fault({ type: 'corsBlock' });
  fake.fault({ type: 'corsBlock' });
  const r = await complete({ user: PROMPT });
  assert.equal(r.code, 'network');
  assert.match(r.message, /CORS/);
  const dash = await app.page.evaluate((u) => window.talkpress.setProvider({ preset: 'dashscope', baseUrl: u, apiKey: 'test-key' }), fake.urls.openai);
  assert.equal(dash.preset, 'dashscope');
  fake.fault({ type: 'corsBlock' });
  fake.fault({ type: 'corsBlock' });
  const d = await complete({ user: PROMPT });
  assert.match(d.message, /does not accept requests from web pages/);
});

test('several requests run concurrently', async () => {
  await use('gemini');
  fake.state.latencyMs = 300;
  const t0 = Date.now();
  const rs = await app.page.evaluate(async (p) => Promise.all([1, 2, 3, 4].map(() => window.talkpress.complete({ user: p }))), PROMPT);
  fake.state.latencyMs = 0;
  assert.equal(rs.length, 4);
  assert.ok(fake.state.maxInFlight >= 3, `in flight at once: ${fake.state.maxInFlight}`);
  console.log(`# 4 requests with 300 ms latency each took ${Date.now() - t0} ms`);
  // The only console errors are the browser's own reports of the CORS blocks, HTTP errors and aborts provoked above.
  assert.deepEqual(app.problems.filter((p) => !/blocked by CORS policy|Failed to load resource|net::ERR_FAILED|net::ERR_ABORTED/.test(p)), []);
});

// OpenAI-compatible services as they really answer: their finish reasons, in-choice errors and error bodies
// (research llm_apis.md §3; docs.bigmodel.cn error codes; openrouter.ai errors; Groq rate limits).
test('OpenAI-compatible services\' own finish reasons and error bodies reach the user as what they mean', async () => {
  await use('openai');
  const cases = [
    { name: 'GLM stops for moderation', fault: { type: 'finishReason', reason: 'sensitive' }, code: 'content_filter', partial: true },
    { name: 'DeepSeek runs out of capacity mid-answer', fault: { type: 'finishReason', reason: 'insufficient_system_resource' }, code: 'overloaded', partial: true },
    { name: 'OpenRouter\'s upstream fails inside the choice', fault: { type: 'finishReason', choiceError: { code: 502, message: 'This model is currently experiencing high demand.', metadata: { error_type: 'provider_unavailable' } } },
      code: 'overloaded', said: /high demand/ },
    { name: 'OpenRouter flags the input', fault: { type: 'http', status: 403, body: { error: { code: 403, message: 'fake-gpt requires moderation on OpenAI. Your input was flagged for "harassment". No credits were charged.', metadata: { reasons: ['harassment'], provider_name: 'OpenAI' } } } },
      code: 'content_filter', said: /flagged/ },
    { name: 'GLM says the prompt is too long', fault: { type: 'http', status: 400, body: { error: { code: '1261', message: 'Prompt 超长' } } }, code: 'context_length' },
    // llama.cpp's server before late 2025 (PR #16109): a field the SSE spec ignores, at HTTP 200, then [DONE].
    { name: 'llama.cpp (older builds) says the context is too small in an error field', fault: { type: 'streamError', afterEvents: 1,
      raw: 'error: {"code":400,"message":"the request exceeds the available context size. try increasing the context size or enable context shift","type":"invalid_request_error"}\n\ndata: [DONE]\n\n' },
      code: 'context_length', said: /exceeds the available context size/ },
    // Last: a billing error opens the provider's circuit for this key (no more requests until it changes).
    { name: 'GLM says the account is in arrears', fault: { type: 'http', status: 429, body: { error: { code: '1113', message: '您的账户已欠费，请充值后重试。' } } }, code: 'billing', said: /Add credit/ },
  ];
  for (const c of cases) {
    fake.reset();
    fake.fault(c.fault);
    const r = await complete({ user: PROMPT });
    console.log(`# ${c.name}: ${r.ok ? 'ok' : r.code} "${r.message}"`);
    assert.equal(r.ok, false, c.name);
    assert.equal(r.code, c.code, c.name);
    if (c.said) assert.match(r.message, c.said, c.name);
    if (c.partial) assert.ok(r.partialText.length > 0 && lastGen().answer.startsWith(r.partialText), `${c.name}: what arrived is kept`);
    // None of these is worth a second request with the same input, except an overload before any text.
    if (c.code !== 'overloaded') assert.equal(fake.requests.filter((q) => q.method === 'POST').length, 1, `${c.name}: sent once`);
  }
});

test('Groq\'s free plan: a 413 over its tokens a minute is learned, and the request is sent again asking for less room', async () => {
  // Groq counts the prompt and max_tokens against the plan's tokens a minute and says both numbers; its own
  // model id keeps this session (what was learned) apart from the other tests'.
  await use('openai', { model: 'fake-groq-free' });
  const tooLarge = (requested) => ({ type: 'http', status: 413, body: { error: { message: 'Request too large for model `openai/gpt-oss-120b` in organization `org_1` service tier `on_demand` on tokens per minute (TPM): Limit 8000, Requested ' + requested + ', please reduce your message size and try again.', type: 'tokens', code: 'rate_limit_exceeded' } } });
  fake.reset();
  fake.fault(tooLarge(9100));   // the room asked for (9,000) and a prompt Groq counts as 100 tokens
  const r = await complete({ user: PROMPT, maxTokens: 9000 });
  const posts = () => fake.requests.filter((q) => q.method === 'POST');
  console.log(`# first max_tokens ${posts()[0]?.body.max_tokens}, then ${posts()[1]?.body.max_tokens}: ${r.ok ? 'ok' : r.code + ' ' + r.message}`);
  assert.equal(r.ok, true, 'the second request fits and is answered');
  assert.equal(posts().length, 2);
  const [first, second] = posts().map((q) => q.body.max_tokens);
  assert.equal(first, 9000);
  // What Groq counted for the prompt (9,100 less the 9,000 of room) and the new room fit in 8,000.
  assert.ok(second >= 1024 && (9100 - first) + second <= 8000, `room ${second}`);
  // From then on requests fit at once.
  fake.reset();
  assert.equal((await complete({ user: PROMPT, maxTokens: 9000 })).ok, true);
  assert.equal(posts().length, 1);
  assert.equal(posts()[0].body.max_tokens, second);
  // The Model tab says what was learned.
  await clickItem(app.page, 'tab.model');
  await waitItem(app.page, 'model.limitNote');
  await saveScreenshot(app.page, 'providers-groq-limit-note');
  // A reload: the limit is kept on this device (not the key), so the first request after it fits at once.
  await app.page.waitForFunction(() => (localStorage.getItem('talkpress.settings') || '').includes('"requestTokens":8000'), null, { timeout: 5000 });
  assert.equal(await app.page.evaluate((k) => Object.keys(localStorage).some((n) => localStorage.getItem(n).includes(k)), GOOD_KEY), false,
               'the key is not stored');
  await app.page.reload();
  await waitFirstFrame(app.page);
  await use('openai', { model: 'fake-groq-free' });
  fake.reset();
  assert.equal((await complete({ user: PROMPT, maxTokens: 9000 })).ok, true);
  assert.equal(posts().length, 1, 'nothing refused after the reload');
  assert.equal(posts()[0].body.max_tokens, second);
  // A prompt too long for the plan whatever the room: one request, and a message that says what to do.
  fake.reset();
  fake.fault(tooLarge(16000));
  const big = await complete({ user: PROMPT + ' More words.'.repeat(2500), maxTokens: 9000 });
  console.log(`# a prompt too long for the plan: ${big.code} "${big.message}"`);
  assert.equal(big.ok, false);
  assert.equal(big.code, 'context_length');
  assert.match(big.message, /prompt is too long for the 8000 tokens a minute/);
  assert.equal(posts().length, 1);
});
