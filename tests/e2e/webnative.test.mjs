// Web-native behaviour of the ImGui app: idle rendering, the rich Markdown view with CJK and colour
// emoji at HiDPI, paste through a real ClipboardEvent, IME through CDP, file drop, native text boxes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, artifact, clickItem, waitItem, waitFirstFrame } from './browser.mjs';
import { decodePng } from './png.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ARTICLE = '# 实时信息的威力是什么？🚀\n\n> Daniel Okafor 认为，拥有实时数据的公司会赢。\n\n## 亮点\n\n' +
  '- 马斯克在 **10 天内**建造了一个数据中心。\n- 推理成本每年下降约 *十倍*。\n\n## 引言：速度是一种文化\n\n' +
  '他说：“把约束当成选择，而不是物理定律。”这就是 `speed` 的来源。见 [原节目](https://example.com/ep)。👍😀\n\n' +
  '```\nMaya Chen [00:04]：欢迎回来。\n```\n\n---\n\n1. first\n2. second\n';

test('an idle tab renders no frames', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.waitForTimeout(500);   // let load-time frames settle
  const a = await page.evaluate(() => window.talkpress.stats().framesRendered);
  await page.waitForTimeout(2000);
  const b = await page.evaluate(() => window.talkpress.stats().framesRendered);
  console.log(`# idle frames over 2 s: ${b - a}`);
  assert.ok(b - a <= 2, `frames while idle: ${b - a}`);
  await context.close();
});

test('the article view renders Chinese and colour emoji at devicePixelRatio 2', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url, { deviceScaleFactor: 2 });
  await page.evaluate((md) => window.talkpress.setArticle(md), ARTICLE);
  await page.waitForTimeout(400);
  const r = await waitItem(page, 'article.view');
  const png = await page.screenshot();
  fs.writeFileSync(artifact('article-hidpi.png'), png);
  const img = decodePng(png);
  assert.equal(img.width, 2560);
  // In the article's area: many dark text pixels, and coloured (emoji) pixels.
  let dark = 0, colour = 0;
  for (let y = Math.round(r.y * 2); y < Math.round((r.y + Math.min(r.h, 600)) * 2); y++) {
    for (let x = Math.round(r.x * 2); x < Math.round((r.x + r.w) * 2); x++) {
      const i = (y * img.width + x) * 4, R = img.data[i], G = img.data[i + 1], B = img.data[i + 2];
      if (R + G + B < 200) dark++;
      if (Math.max(R, G, B) - Math.min(R, G, B) > 90 && !(R > 150 && G < 110 && B < 60)) colour++;   // not the orange accent
    }
  }
  console.log(`# article area: ${dark} dark pixels, ${colour} colour pixels`);
  const st = await page.evaluate(() => window.talkpress.stats());
  console.log(`# glyphs rasterised: ${st.glyphsRasterized} in ${st.glyphMs.toFixed(1)} ms (${(st.glyphMs * 1000 / Math.max(1, st.glyphsRasterized)).toFixed(0)} µs each, DPR 2)`);
  assert.ok(dark > 20000, 'text is drawn');
  assert.ok(colour > 200, 'colour emoji are drawn');
  assert.deepEqual(problems, []);
  await context.close();
});

test('paste arrives in one step through a real ClipboardEvent', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await clickItem(page, 'tab.model');
  await clickItem(page, 'model.baseUrl', 0.3);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  const big = 'https://proxy.example.com/v1' + '/x'.repeat(50000);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.getElementById('tp-text-agent').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, big);
  await page.waitForFunction((n) => window.talkpress.getProvider().baseUrl.length === n, big.length, { timeout: 5000 });
  assert.equal((await page.evaluate(() => window.talkpress.getProvider())).baseUrl, big);
  await context.close();
});

test('an input method composes Chinese into an ImGui field and into the transcript box', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await clickItem(page, 'tab.model');
  await clickItem(page, 'model.baseUrl', 0.3);
  await page.keyboard.press('End');
  const cdp = await context.newCDPSession(page);
  // The composing text is drawn at the caret: the field's row changes while the IME composes. (The
  // caret's blink alone changes a line of pixels; the text changes many more.)
  const field = await waitItem(page, 'model.baseUrl');
  const clip = { x: Math.round(field.x), y: Math.round(field.y), width: Math.round(Math.min(field.w + 120, 1280 - field.x)), height: Math.round(field.h) };
  const rowPixels = async () => decodePng(await page.screenshot({ clip }));
  const before = await rowPixels();
  await cdp.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
  await page.waitForTimeout(200);
  const composing = await rowPixels();
  let changed = 0;
  for (let i = 0; i < before.data.length; i += 4)
    if (Math.abs(before.data[i] - composing.data[i]) + Math.abs(before.data[i + 1] - composing.data[i + 1]) > 80) changed++;
  fs.writeFileSync(artifact('ime-composing.png'), await page.screenshot({ clip }));
  assert.ok(changed > 60, `the composing text is shown at the caret (${changed} pixels changed)`);
  await cdp.send('Input.imeSetComposition', { text: '中文', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '中文' });
  await page.waitForFunction(() => window.talkpress.getProvider().baseUrl.endsWith('中文'), null, { timeout: 5000 });
  assert.ok(!(await page.evaluate(() => window.talkpress.getProvider().baseUrl)).includes('zhong'));

  await clickItem(page, 'tab.transcript');
  await page.waitForSelector('#tp-overlay-transcript:not([hidden])');
  await page.click('#tp-overlay-transcript');
  await page.keyboard.type('发言人1：');
  await cdp.send('Input.imeSetComposition', { text: 'nihao', selectionStart: 5, selectionEnd: 5 });
  await cdp.send('Input.insertText', { text: '你好，世界。' });
  await page.keyboard.type('\n发言人2：好。');
  await page.waitForFunction(() => window.talkpress.summary().turns === 2, null, { timeout: 5000 });
  const s = await page.evaluate(() => window.talkpress.summary());
  assert.equal(s.speakers[0].label, '发言人1');
  assert.equal(s.language, 'zh');
  await context.close();
});

// The box hands over only the range that changed (positions in UTF-16 units, applied to the UTF-8 text
// in C++): whatever the edit, the app's text must be exactly the box's, with unpaired surrogates as U+FFFD.
test('typing anywhere in the transcript box gives the app exactly the box\'s text; a reload right after typing keeps it, there and in the Markdown editor', async () => {
  const { page, context, problems } = await openApp(env.browser, env.url);
  await page.evaluate((t) => window.talkpress.setTranscript(t, {}), 'Alice: caf\u00e9 \u4e2d\u6587 \u{1F44D} end.\r\nBob: second line.\r\n');
  await page.waitForSelector('#tp-overlay-transcript:not([hidden])');
  await page.click('#tp-overlay-transcript');
  const boxText = () => page.evaluate(() => document.getElementById('tp-overlay-transcript').value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  const caretAt = (find, after) => page.evaluate(([f, a]) => {
    const el = document.getElementById('tp-overlay-transcript'), i = el.value.indexOf(f) + (a ? f.length : 0);
    el.setSelectionRange(i, i);
  }, [find, after]);
  const handedOver = async (what) => {
    const want = await boxText();
    await page.waitForFunction((t) => window.talkpress.project().transcript === t, want, { timeout: 5000 })
      .catch(() => assert.fail(`${what}: the app holds ${JSON.stringify(want)}?`));
    return want;
  };
  await page.keyboard.press('Control+End');
  await page.keyboard.type('Carol: last.');
  await handedOver('typed at the end (the box shows CRLF as LF)');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('>');
  await handedOver('typed at the start');
  await caretAt('\u{1F44D}', true);
  await page.keyboard.type('\u00e9\u4e2d');
  await handedOver('typed after an emoji');
  await caretAt('\u{1F44D}', true);
  await page.keyboard.press('Backspace');
  assert.ok(!(await boxText()).includes('\u{1F44D}'), 'Backspace removed the whole emoji');
  await handedOver('an emoji deleted');
  await page.evaluate(() => {   // half an emoji pasted in the middle of a word
    const el = document.getElementById('tp-overlay-transcript'), i = el.value.indexOf('second') + 3;
    el.setRangeText('\uD83D', i, i, 'end');
    el.dispatchEvent(new InputEvent('input', { bubbles: true }));
  });
  assert.match(await handedOver('an unpaired surrogate'), /sec\uFFFDond/);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Dan: a different talk.\nEve: yes.\n');
  await handedOver('everything replaced');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('Dan: typed just before the reload.');
  const typed = await boxText();
  await page.reload();   // at once: within the pause before the box hands its text over
  await waitFirstFrame(page);
  assert.equal((await page.evaluate(() => window.talkpress.project())).transcript, typed, 'the reload kept what was typed');
  assert.equal(await page.inputValue('#tp-overlay-transcript'), typed, 'the box shows it');

  // The same in the Markdown editor.
  await page.evaluate(() => window.talkpress.setArticle('# A title\n\nThe first paragraph.\n'));
  await clickItem(page, 'article.markdown');
  await page.waitForSelector('#tp-overlay-markdown:not([hidden])');
  await page.click('#tp-overlay-markdown');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('My own closing note.');
  const note = await page.inputValue('#tp-overlay-markdown');
  assert.ok(note.endsWith('My own closing note.'));
  await page.reload();
  await waitFirstFrame(page);
  assert.equal((await page.evaluate(() => window.talkpress.article())).markdown, note, 'the reload kept what was typed in the editor');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a dropped file is parsed, and the text box shows it', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.evaluate(() => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nAlice: Hello there.\n\n2\n00:00:02,500 --> 00:00:04,000\nBob: Hi Alice.\n';
    const dt = new DataTransfer();
    dt.items.add(new File([srt], 'episode-12.srt', { type: 'application/x-subrip' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => window.talkpress.summary().turns === 2, null, { timeout: 5000 });
  const s = await page.evaluate(() => window.talkpress.summary());
  assert.equal(s.format, 'srt');
  assert.equal(s.title, 'episode-12');
  assert.match(await page.inputValue('#tp-overlay-transcript'), /Bob: Hi Alice\./);
  await context.close();
});

test('a 1 MB transcript and a 100k-character article stay responsive', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  const line = 'Daniel Okafor: Because a model trained on last year\'s internet is a very good historian and a very poor reporter.\n';
  const big = line.repeat(Math.ceil((1 << 20) / line.length));
  await page.evaluate((t) => window.talkpress.setTranscript(t), big);
  await page.waitForTimeout(300);
  // A transcript this large is shown read-only (visible lines only); the editable box loads on demand.
  const summary = await page.evaluate(() => window.talkpress.summary());
  assert.equal(summary.turns, big.split('\n').filter(Boolean).length);
  const article = ('## 段落\n\n' + '未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。Speed is a cultural thing. '.repeat(20) + '\n\n').repeat(60);
  await page.evaluate((md) => window.talkpress.setArticle(md), article);
  const r = await waitItem(page, 'article.view');
  const times = [];
  for (let i = 0; i < 20; i++) {
    await page.mouse.move(r.x + r.w / 2, r.y + 100);
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(30);
    times.push(await page.evaluate(() => window.talkpress.stats().lastFrameMs));
  }
  times.sort((a, b) => a - b);
  console.log(`# ${article.length} characters of article: frame time median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms`);
  await context.close();
});

test('links open in a new tab; Copy Markdown and Download .md reach the OS', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
  const md = '# Title\n\nRead [the episode page](https://example.com/episode) for more.\n';
  await page.evaluate((m) => window.talkpress.setArticle(m), md);
  await context.route('https://example.com/**', (route) => route.fulfill({ status: 200, body: 'ok', contentType: 'text/plain' }));
  const [popup] = await Promise.all([context.waitForEvent('page'), clickItem(page, 'article.link')]);
  assert.equal(popup.url(), 'https://example.com/episode');
  assert.equal(await popup.evaluate(() => window.opener), null, 'opened with noopener');
  await popup.close();

  await clickItem(page, 'article.copyMarkdown');
  await page.waitForFunction((m) => navigator.clipboard.readText().then((t) => t === m), md, { timeout: 5000 });

  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'article.downloadMd')]);
  assert.equal(download.suggestedFilename(), 'Title.md', 'named after the article title');
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), md);
  await context.close();
});
