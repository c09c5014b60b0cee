// A first visit downloads what its first frame runs, and the rest once, after that frame.
// The build splits the code in two (cmake/Web.cmake): talkpress.wasm holds the functions listed in
// cmake/wasm_first_frame.txt, talkpress.deferred.wasm the rest. When a change to the start-up code calls a
// function that is not on the list, the first frame stops for a synchronous download and compile of the
// whole deferred module (about 420 KB gzipped), and may fetch it a second time. This test opens the app in
// every window size of START_VIEWPORTS with nothing saved and fails on either; the fix is
// `node scripts/wasm_first_frame.mjs build/web` and a rebuild.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, START_VIEWPORTS } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

for (const { name, ...contextOptions } of START_VIEWPORTS) {
  test(`first visit, ${name} (${contextOptions.viewport.width}×${contextOptions.viewport.height}): the deferred code is fetched once, after the first frame`, async () => {
    const { context, page, problems } = await openApp(env.browser, env.url, contextOptions);
    try {
      // The first frame, the deferred code's arrival, and idle frames after it.
      await page.waitForFunction(() => window.Module && window.Module.deferredReadyAt !== null, null, { timeout: 30000 });
      await page.waitForTimeout(1000);
      const at = await page.evaluate(() => ({ firstFrame: Module.firstFrameAt, ready: Module.deferredReadyAt,
                                              needed: Module.deferredNeededAt, frames: window.talkpress.stats().framesRendered,
                                              fetches: performance.getEntriesByType('resource')
                                                .filter((e) => e.name.endsWith('/talkpress.deferred.wasm')).length }));
      assert.ok(at.frames > 0 && at.firstFrame !== null, 'the app drew its first frame');
      assert.equal(at.needed, null,
                   `a call needed the deferred code ${Math.round(at.needed - at.firstFrame)} ms after the first frame ` +
                   '(negative: before it), before it had arrived: cmake/wasm_first_frame.txt is stale; ' +
                   'run node scripts/wasm_first_frame.mjs build/web and rebuild');
      assert.ok(at.ready > at.firstFrame, `deferred code ready at ${at.ready} ms, first frame at ${at.firstFrame} ms`);
      assert.equal(at.fetches, 1, `talkpress.deferred.wasm fetched ${at.fetches} times`);
      assert.deepEqual(problems, []);
    } finally { await context.close(); }
  });
}
