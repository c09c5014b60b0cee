// The layout from a laptop to a phone: every toolbar control is drawn whole inside the window from
// 1280 px down to 760 px (toolbars wrap), shift+wheel never slides a pane sideways, and below the
// narrow width the app is one column of tabs with touch-sized targets. Screenshots of each width go to
// build/test-artifacts/layout-*.png (native text boxes hidden, so what is judged is ImGui's drawing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, waitItem, clickItem, ROOT, saveScreenshot } from './browser.mjs';
import { startFakeProvider, GOOD_KEY } from '../fake_provider/server.mjs';

let env, fake;
before(async () => { env = await launch(); fake = await startFakeProvider(); });
after(async () => { await fake?.close(); await env?.close(); });

const SAMPLE = fs.readFileSync(path.join(ROOT, 'assets/samples/interview_en.txt'), 'utf8');
const api = (page, fn, arg) => page.evaluate(fn, arg);

async function generated(page) {
  await api(page, (t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise', sourceUrl: 'https://example.com/ep42' }), SAMPLE);
  await api(page, (s) => window.talkpress.setSpec(s), 'wechat_long_read_zh');
  await api(page, (p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency: 4 });
  await api(page, () => window.talkpress.generate());
}

async function shot(page, name) {
  await page.waitForTimeout(250);
  await saveScreenshot(page, `layout-${name}`);
}

const TOOLBAR = ['generate.button', 'generate.cancel', 'generate.plan', 'article.preview', 'article.markdown', 'article.undo',
  'article.copyMarkdown', 'article.copyRich', 'article.downloadMd', 'article.downloadHtml', 'generate.regenIndex',
  'generate.regenInstruction', 'generate.regenerate'];

// Every labelled row of the Structure tab (label included) and every speaker label of the transcript
// summary, drawn whole: a row ends inside the fields' pane, a speaker label ends before its name field.
// The Model tab's rows, label included (the test provider's model is not in the catalog, so its limits are asked for).
const MODEL_FIELDS = ['Base URL', 'API key', 'Model', 'Context tokens', 'Max output tokens', 'Parallel requests']
  .map((l) => `model.field.${l}`).concat(['model.remember']);
const STRUCTURE_FIELDS = ['Output language', 'Title style', 'Title emoji', 'Lead', 'Highlights', 'Introduction',
  'with subtitle##intro', 'Body sections', 'Section length', 'Length unit', 'Conclusion', 'with subtitle##concl', 'Quotes',
  'Links section', 'Dialogue', 'Dialogue as', 'Timestamps in headings', 'Timestamps in dialogue', 'Source link', 'Tone',
  'Audience', 'Instructions'];

async function assertNoLabelClipped(page, width) {
  await clickItem(page, 'tab.structure');
  const pane = await waitItem(page, 'structure.fields');
  assert.ok(pane.x >= 0 && pane.x + pane.w <= width + 0.5, `the fields pane fits in ${width}`);
  for (const label of STRUCTURE_FIELDS) {
    const r = await waitItem(page, `structure.field.${label}`);
    assert.ok(r.w > 0 && r.x >= pane.x - 0.5 && r.x + r.w <= pane.x + pane.w + 0.5,
              `${width} px: "${label}" spans ${r.x}..${r.x + r.w}, the pane ${pane.x}..${pane.x + pane.w}`);
  }
  // The Model tab's labelled fields end before the article pane (two columns) or the window's edge.
  const gen = width >= 700 ? await waitItem(page, 'generate.button') : null;
  const limit = gen ? gen.x - 24 : width;
  await clickItem(page, 'tab.model');
  for (const name of MODEL_FIELDS) {
    const r = await waitItem(page, name);
    assert.ok(r.x >= 0 && r.x + r.w <= limit + 0.5, `${width} px: ${name} with its label spans ${r.x}..${r.x + r.w}, the pane ends at ${limit}`);
  }
  await clickItem(page, 'tab.transcript');
  const speakers = await page.evaluate(() => window.talkpress.summary().speakers.length);
  assert.ok(speakers >= 2, 'the sample has speakers');
  for (let i = 0; i < speakers; ++i) {
    const label = await waitItem(page, `transcript.speaker.${i}`);
    const name = await waitItem(page, `transcript.speakerName.${i}`);
    assert.ok(label.x >= 0 && label.x + label.w <= name.x + 0.5,
              `${width} px: speaker ${i}'s label ends at ${label.x + label.w}, its name field starts at ${name.x}`);
  }
}

for (const width of [1280, 1000, 760]) {
  test(`${width} px: every toolbar control is inside the window and shift+wheel does not slide a pane`, async () => {
    fake.reset();
    const { page, context, problems } = await openApp(env.browser, env.url, { viewport: { width, height: 800 } });
    await generated(page);
    for (const name of TOOLBAR) {
      const r = await waitItem(page, name);
      assert.ok(r.x >= 0 && r.x + r.w <= width + 0.5, `${name} at ${r.x}..${r.x + r.w} fits in ${width}`);
    }
    const view = await waitItem(page, 'article.view');
    await page.mouse.move(view.x + view.w / 2, view.y + 40);
    await page.keyboard.down('Shift');
    for (let i = 0; i < 5; ++i) await page.mouse.wheel(0, 400);
    await page.keyboard.up('Shift');
    await page.waitForTimeout(200);
    const after = await waitItem(page, 'article.view');
    assert.equal(after.x, view.x, 'the article pane did not slide sideways');
    await shot(page, `${width}-done`);
    await clickItem(page, 'generate.checks');
    await shot(page, `${width}-checks`);
    for (const tab of ['structure', 'model']) {
      await clickItem(page, `tab.${tab}`);
      await shot(page, `${width}-${tab}`);
    }
    await assertNoLabelClipped(page, width);
    await shot(page, `${width}-transcript`);
    if (width === 760) {
      // The splitter dragged far left: the Structure tab's labels go above their fields, still whole.
      const gen = await waitItem(page, 'generate.button');
      const splitter = gen.x - 12 - 3;
      await page.mouse.move(splitter, 400);
      await page.mouse.down();
      await page.mouse.move(splitter - 100, 400, { steps: 5 });
      await page.mouse.move(250, 400, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction((x) => window.talkpress.itemRect('generate.button').x < x - 50, gen.x);
      await assertNoLabelClipped(page, width);   // labels go above their fields, whole
      await clickItem(page, 'tab.structure');
      await shot(page, `${width}-narrow-pane-structure`);
      await clickItem(page, 'tab.model');
      await waitItem(page, 'model.provider');
      await shot(page, `${width}-narrow-pane-model`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('390×844: one column of tabs, the article among them, touch-sized buttons', async () => {
  fake.reset();
  const { page, context, problems } = await openApp(env.browser, env.url, { viewport: { width: 390, height: 844 }, hasTouch: true });
  await generated(page);
  for (const tab of ['transcript', 'structure', 'model']) {
    const r = await clickItem(page, `tab.${tab}`);
    assert.ok(r.x + r.w <= 390.5, `tab ${tab} fits`);
    await shot(page, `390-${tab}`);
  }
  await assertNoLabelClipped(page, 390);
  await clickItem(page, 'tab.article');
  const view = await waitItem(page, 'article.view');
  assert.ok(view.x >= 0 && view.x + view.w <= 390.5, 'the article fills the one column');
  const gen = await waitItem(page, 'generate.button');
  assert.ok(gen.h >= 36, `Generate is a touch target (${gen.h} px high)`);
  for (const name of TOOLBAR) {
    const r = await waitItem(page, name);
    assert.ok(r.x >= 0 && r.x + r.w <= 390.5, `${name} at ${r.x}..${r.x + r.w} fits in 390`);
  }
  await shot(page, '390-article');
  // A message longer than the phone's width wraps: the bar grows and shows all of it.
  await api(page, (p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: 'sk-wrong-key', model: 'fake-gpt' });
  await api(page, () => window.talkpress.generate().catch(() => null));   // refused: the message is what is tested
  await page.waitForFunction(() => window.talkpress.status().error && window.talkpress.status().text.length > 80, null, { timeout: 15000 });
  // The bar takes the message's height in the frame after the one that first shows it.
  const text = await api(page, () => window.talkpress.status().text);
  const status = await page.waitForFunction(() => { const r = window.talkpress.itemRect('status'); return r.h > 30 ? r : null; }, null, { timeout: 5000 })
    .then((h) => h.jsonValue(), () => waitItem(page, 'status'));
  assert.ok(status.h > 30, `the ${text.length}-character message takes more than one line (${status.h} px)`);
  assert.ok(status.x >= 0 && status.x + status.w <= 390.5 && status.y + status.h <= 844.5,
            `the whole message is inside the window: ${JSON.stringify(status)}`);
  await shot(page, '390-long-status');
  // The controls and the long message do not squeeze the article away: it keeps half the pane.
  const squeezed = await waitItem(page, 'article.view');
  assert.ok(squeezed.h >= 844 * 0.3, `the article keeps its room beside a long message (${squeezed.h} px high)`);
  // The browser logs the refused request itself; nothing else went wrong.
  assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), []);
  await context.close();
});
