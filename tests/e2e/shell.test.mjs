// The app shell in a real browser: first frame, no console errors, stats API, HiDPI, a non-blank screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, artifact } from './browser.mjs';
import { decodePng, imageStats } from './png.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the shell loads, renders and reports stats without console errors', async () => {
  const { page, problems, context, firstFrameMs } = await openApp(env.browser, env.url);
  const stats = await page.evaluate(() => window.talkpress.stats());
  assert.ok(stats.framesRendered >= 1, 'at least one frame rendered');
  assert.equal(typeof stats.lastFrameMs, 'number');
  assert.ok(stats.heapBytes > 1 << 20, `heap size reported (${stats.heapBytes})`);
  assert.match(stats.imguiVersion, /^1\.9[2-9]/);
  assert.equal(await page.title(), 'TalkPress — transcript to article');
  assert.equal(await page.locator('#loading').isHidden(), true, 'loading indicator is gone');
  assert.equal(await page.evaluate(() => !document.querySelector('canvas').getContext('webgl2').isContextLost()), true);

  const png = await page.screenshot();
  fs.writeFileSync(artifact('shell.png'), png);
  const img = decodePng(png);
  const s = imageStats(img);
  assert.ok(s.distinctColors > 8, `screenshot shows a UI, not a blank frame (${s.distinctColors} colours)`);
  assert.ok(s.darkPixels > 300, `some text is drawn (${s.darkPixels} dark pixels)`);
  console.log(`# first frame ${firstFrameMs} ms after navigation; stats ${JSON.stringify(stats)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the canvas backing store follows devicePixelRatio and window size', async () => {
  const { page, problems, context } = await openApp(env.browser, env.url, { deviceScaleFactor: 2 });
  const size = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
  assert.deepEqual(size, [2560, 1600]);
  await page.setViewportSize({ width: 900, height: 700 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1800);
  await page.waitForTimeout(300);   // the resize's frames settle
  const png = await page.screenshot();
  fs.writeFileSync(artifact('shell-hidpi.png'), png);
  const img = decodePng(png);
  assert.equal(img.width, 1800);
  assert.ok(imageStats(img).distinctColors > 8);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing WebGL2 gives a friendly message instead of a broken page', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function(kind, ...rest) {
      return kind === 'webgl2' ? null : orig.call(this, kind, ...rest);
    };
  });
  const page = await context.newPage();
  await page.goto(env.url);
  await page.waitForSelector('#fatal:not([hidden])');
  assert.match(await page.locator('#fatal-text').innerText(), /WebGL2/);
  await context.close();
});

test('a wasm that fails to load gives a friendly message', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.route('**/talkpress.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(env.url);
  await page.waitForSelector('#fatal:not([hidden])', { timeout: 20000 });
  assert.match(await page.locator('#fatal-text').innerText(), /talkpress\.wasm|could not/);
  await context.close();
});

test('a lost WebGL context is survived: the app draws again when it is restored', async () => {
  const { page, problems, context } = await openApp(env.browser, env.url);
  await page.evaluate(() => window.talkpress.setArticle('# 标题 Title\n\nSome text to draw.'));
  const ext = await page.evaluateHandle(() => document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context'));
  await page.evaluate((e) => e.loseContext(), ext);
  await page.waitForTimeout(200);
  await page.evaluate((e) => e.restoreContext(), ext);
  const before = await page.evaluate(() => window.talkpress.stats().framesRendered);
  await page.waitForFunction((n) => window.talkpress.stats().framesRendered > n, before, { timeout: 5000 });
  await page.mouse.move(700, 300);
  await page.waitForTimeout(300);
  const img = decodePng(await page.screenshot());
  const s = imageStats(img);
  assert.ok(s.distinctColors > 8 && s.darkPixels > 300, `drawn again after restore (${s.distinctColors} colours)`);
  assert.deepEqual(problems.filter((p) => !/WebGL|GL_INVALID|INVALID_OPERATION/.test(p)), []);
  await context.close();
});
