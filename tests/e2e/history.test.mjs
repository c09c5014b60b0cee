// History in the browser: two generations are both kept (IndexedDB), survive a reload, the first opens
// again with its transcript, one is deleted; the key is never stored
// there; a store that refuses writes (quota) is reported on the status line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, clickItem, waitFirstFrame, ROOT, saveScreenshot } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, fake;
before(async () => { env = await launch(); fake = await startFakeProvider(); });
after(async () => { await fake?.close(); await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const SECOND = SAMPLE.split('\n').slice(0, Math.max(8, Math.floor(SAMPLE.split('\n').length / 2))).join('\n');

async function generate(page, transcript, title) {
  await page.evaluate(([t, title]) => window.talkpress.setTranscript(t, { title }), [transcript, title]);
  await page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  await page.evaluate((p) => window.talkpress.setProvider(p),
                      { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency: 4 });
  return page.evaluate(() => window.talkpress.generate());
}

// Every record in the IndexedDB store, as the page sees it.
const storedRecords = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('talkpress');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction('articles').objectStore('articles').getAll();
    req.onsuccess = () => { resolve(req.result.map((r) => r.json)); open.result.close(); };
  };
}));

test('two generations are kept, survive a reload, open again and can be deleted; the key is not stored', async () => {
  fake.reset();
  const { page, context, problems } = await openApp(env.browser, env.url);
  const first = await generate(page, SAMPLE, 'First talk');
  const second = await generate(page, SECOND, 'Second talk');
  assert.notEqual(first.markdown, second.markdown);
  await page.waitForFunction(() => window.talkpress.history().entries.length === 2);
  const records = await storedRecords(page);
  assert.equal(records.length, 2);
  for (const r of records) assert.ok(!r.includes(GOOD_KEY), 'no key in history');

  await page.reload();
  await waitFirstFrame(page);
  await page.waitForFunction(() => window.talkpress.history().loaded);
  const list = (await page.evaluate(() => window.talkpress.history())).entries;
  assert.equal(list.length, 2);
  assert.ok(list[0].created >= list[1].created, 'newest first');

  const opened = await page.evaluate((id) => window.talkpress.openHistory(id), list[1].id);
  assert.equal(opened.ok, true);
  assert.equal((await page.evaluate(() => window.talkpress.article())).markdown, first.markdown);
  assert.equal((await page.evaluate(() => window.talkpress.project())).transcript, SAMPLE);

  // The History window from the menu bar lists both; the newer one is deleted.
  await clickItem(page, 'menu.history');
  await page.waitForTimeout(200);
  await saveScreenshot(page, 'history-window');
  const del = await page.evaluate((id) => window.talkpress.deleteHistory(id), list[0].id);
  assert.equal(del.ok, true);
  assert.equal((await page.evaluate(() => window.talkpress.history())).entries.length, 1);
  await page.waitForTimeout(200);
  assert.equal((await storedRecords(page)).length, 1);
  await page.reload();
  await waitFirstFrame(page);
  await page.waitForFunction(() => window.talkpress.history().loaded);
  const after = (await page.evaluate(() => window.talkpress.history())).entries;
  assert.deepEqual(after.map((e) => e.id), [list[1].id]);
  assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
  await context.close();
});

test('a history write the browser refuses (quota) is reported to the user', async () => {
  fake.reset();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    // As a full origin quota does: the transaction aborts with QuotaExceededError.
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function(...args) {
      const req = put.apply(this, args);
      const tx = this.transaction;
      Object.defineProperty(tx, 'error', { get: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError') });
      tx.abort();
      return req;
    };
  });
  const page = await context.newPage();
  await page.goto(env.url);
  await waitFirstFrame(page);
  await generate(page, SAMPLE, 'First talk');
  await page.waitForFunction(() => /QuotaExceededError/.test(window.talkpress.status().text), null, { timeout: 5000 });
  assert.equal((await page.evaluate(() => window.talkpress.status())).error, true);
  assert.equal((await page.evaluate(() => window.talkpress.history())).entries.length, 1, 'kept in the list for this tab');
  await context.close();
});
