// Reading the article: it appears in place while the run writes it; the checks can be clicked (the
// article scrolls to the finding, its source turns are shown beside it) and run again after an edit;
// Ctrl/Cmd+Enter generates and Esc cancels; Tab moves the keyboard focus through the controls; F1 and
// the help popups open; double-click selects a word, a Chinese one too. Screenshots go to
// build/test-artifacts/reading-*.png.
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

async function prepare(page) {
  await api(page, (t) => window.talkpress.setTranscript(t, { title: 'Signal and Noise', sourceUrl: 'https://example.com/ep42' }), SAMPLE);
  await api(page, (s) => window.talkpress.setSpec(s), 'blog_post_en');
  await api(page, (p) => window.talkpress.setProvider(p), { kind: 'openai', baseUrl: fake.urls.openai, apiKey: GOOD_KEY, model: 'fake-gpt', concurrency: 4 });
}

async function shot(page, name) {
  await page.waitForTimeout(250);
  await saveScreenshot(page, `reading-${name}`);
}

test('Ctrl+Enter generates; while it runs the article is shown in place; Esc cancels', async () => {
  fake.reset();
  const { page, context, problems } = await openApp(env.browser, env.url);
  await prepare(page);
  // The first three answers arrive whole; every later one stops after its first events and keeps the
  // connection open, so the run is still writing when Esc is pressed, however fast this machine is.
  let answered = 0;
  fake.state.rule = () => (++answered > 3 ? { type: 'stall', afterEvents: 2, ms: 60000, keepAliveMs: 200 } : null);
  await page.mouse.click(640, 400);   // focus the canvas, outside any text box
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => window.talkpress.state().status === 'running', null, { timeout: 5000 });
  await page.waitForFunction(() => window.talkpress.state().steps.filter((s) => s.state === 'done').length >= 2, null, { timeout: 20000 });
  await page.waitForFunction(() => window.talkpress.state().steps.some((s) => s.state === 'streaming' || s.state === 'running'), null, { timeout: 20000 });
  assert.equal((await api(page, () => window.talkpress.article())).markdown, '', 'no article is stored yet');
  await waitItem(page, 'article.view');   // yet the article view is drawn: the parts written so far
  await shot(page, 'streaming');
  const doneBefore = (await api(page, () => window.talkpress.state())).steps.filter((s) => s.state === 'done').length;
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.talkpress.state().status !== 'running', null, { timeout: 5000 });
  const after = await api(page, () => window.talkpress.state());
  assert.equal(after.status, 'cancelled');
  assert.equal(after.steps.filter((s) => s.state === 'done').length, doneBefore, 'finished steps are kept');
  // Cancel closes the stalled streams: the fake provider sees no request left open.
  await page.waitForTimeout(500);
  assert.equal(fake.state.inFlight, 0, 'no request is left open after Esc');
  // Cancel aborts the requests in flight: those are the only failures allowed.
  assert.deepEqual(problems.filter((p) => !p.includes('net::ERR_ABORTED')), []);
  await context.close();
});

test('a finding scrolls the article to its place and shows its source turns; checks run again after an edit', async () => {
  fake.reset();
  const { page, context, problems } = await openApp(env.browser, env.url);
  await prepare(page);
  await api(page, () => window.talkpress.generate());
  await clickItem(page, 'generate.checks');
  await waitItem(page, 'checks.coverage');
  const before = (await api(page, () => window.talkpress.article())).checks;
  assert.ok(Array.isArray(before.findings));
  await shot(page, 'checks');

  // An invented number typed into the Markdown is found by the checks that run after the edit.
  await clickItem(page, 'article.markdown');
  await page.waitForSelector('#tp-overlay-markdown:not([hidden])');
  await page.click('#tp-overlay-markdown');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\nRevenue grew by 987654 dollars last year.\n');
  await page.waitForFunction(() => JSON.stringify(window.talkpress.article().checks).includes('987654'), null, { timeout: 8000 });
  await clickItem(page, 'article.preview');
  const after = (await api(page, () => window.talkpress.article())).checks;
  const i = after.findings.findIndex((f) => JSON.stringify(f).includes('987654'));
  assert.ok(i >= 0, 'the invented number is a finding');
  assert.ok(after.findings[i].line > 0);
  await clickItem(page, 'checks.finding.0');
  await shot(page, 'finding-clicked');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the help popup of each tab opens and names its fields', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  // A control only the open tab draws: the switch has been drawn before "?" is clicked.
  const insideTab = { transcript: 'transcript.sample', structure: 'structure.preset', model: 'model.provider' };
  for (const tab of ['transcript', 'structure', 'model']) {
    await clickItem(page, `tab.${tab}`);
    await waitItem(page, insideTab[tab]);
    await clickItem(page, 'help.tab');
    await waitItem(page, 'help.popup');
    await shot(page, `help-${tab}`);
    await page.keyboard.press('Escape');
    // The popup closes on the next frame; a click before that would only close it.
    await page.waitForFunction(() => { try { window.talkpress.itemRect('help.popup'); return false; } catch { return true; } });
  }
  assert.deepEqual(problems, []);
  await context.close();
});

const sameRect = (a, b) => a && b && Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.w - b.w) < 1 && Math.abs(a.h - b.h) < 1;

test('Tab moves the keyboard focus from control to control, Space presses the focused one; F1 lists the shortcuts', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  const sample = await waitItem(page, 'transcript.sample');
  const title = await waitItem(page, 'transcript.title');
  await page.mouse.click(title.x + title.w - 4, title.y - 6);   // the pane, between two controls
  const seen = [];
  let onSample = false;
  for (let i = 0; i < 60 && !onSample; ++i) {
    const prev = seen[seen.length - 1] || null;
    await page.keyboard.press('Tab');
    // The next frame draws the focus on another control.
    const moved = await page.waitForFunction((p) => {
      let r = null;
      try { r = window.talkpress.itemRect('nav.focus'); } catch { return null; }
      const same = r && p && Math.abs(r.x - p.x) < 1 && Math.abs(r.y - p.y) < 1 && Math.abs(r.w - p.w) < 1 && Math.abs(r.h - p.h) < 1;
      return r && !same ? r : null;
    }, prev, { timeout: 3000 }).catch(() => null);
    assert.ok(moved, `Tab ${i + 1} moved the keyboard focus to another control (from ${JSON.stringify(prev)})`);
    const r = await moved.jsonValue();
    seen.push(r);
    onSample = sameRect(r, sample);
  }
  assert.ok(onSample, `Tab reached "Load sample" (${seen.length} presses)`);
  await shot(page, 'keyboard-focus');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.talkpress.summary().turns > 0, null, { timeout: 5000 });

  await page.keyboard.press('F1');
  await waitItem(page, 'help.popup');
  await shot(page, 'help-keys');
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});

// Double-click in the preview selects the word under the mouse: a Latin word by its letters, Chinese by
// its run of characters up to punctuation (segmentation rule: core/linebreak.h WordAround). Ctrl+C puts
// the selection on the clipboard.
test('double-click selects a word in the preview, in English and in Chinese', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  const article = '# 标题\n\n今天我们聊一聊人工智能的未来，以及它会怎样改变写作。\n\nSignal processing matters.\n';
  await api(page, (md) => window.talkpress.setArticle(md), article);
  const view = await waitItem(page, 'article.view');
  const copied = async (x, y) => {
    await page.evaluate(() => navigator.clipboard.writeText('-'));
    await page.mouse.dblclick(x, y);
    await page.waitForTimeout(100);
    await page.keyboard.press('Control+C');
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== '-'), null, { timeout: 800 });
    return page.evaluate(() => navigator.clipboard.readText());
  };
  // Find the lines by scanning down the view near its left edge: the first double-click that copies
  // Chinese and the first that copies Latin. A click between lines selects a whole block (a single
  // click's selection), as does one on the two-character heading: those are passed over.
  const blocks = new Set(['标题', '今天我们聊一聊人工智能的未来，以及它会怎样改变写作。', 'Signal processing matters.']);
  let zh = null, en = null;
  for (let y = view.y + 4; y < view.y + Math.min(view.h, 400) && !(zh && en); y += 6) {
    const x = view.x + 20;
    const t = await copied(x, y).catch(() => null);
    if (!t || blocks.has(t.trim())) continue;
    if (!zh && /[\u4e00-\u9fff]/.test(t)) zh = t;
    if (!en && /[A-Za-z]/.test(t)) en = t;
  }
  assert.equal(zh, '今天我们聊一聊人工智能的未来', 'the Chinese clause under the mouse, not one character');
  assert.equal(en, 'Signal', 'the English word under the mouse');

  // The transcript box is the browser's own text box: its double-click selects a dictionary word.
  await api(page, (t) => window.talkpress.setTranscript(t, { title: '人工智能' }), '主持人：今天我们聊一聊人工智能的未来。\n嘉宾：好的。\n');
  await clickItem(page, 'tab.transcript');
  const box = await (await page.waitForSelector('#tp-overlay-transcript:not([hidden])')).boundingBox();
  await page.mouse.dblclick(box.x + 100, box.y + 14);
  const word = await page.evaluate(() => { const t = document.getElementById('tp-overlay-transcript'); return t.value.slice(t.selectionStart, t.selectionEnd); });
  assert.ok(word.length >= 2 && /^[\u4e00-\u9fff]+$/.test(word), `the transcript box selects a word: "${word}"`);
  assert.deepEqual(problems, []);
  await context.close();
});
