// Exports as a user meets them: "Copy for WeChat" puts inline-styled HTML on the clipboard that keeps its
// styles when pasted into a rich editor (a contenteditable, as the WeChat editor is), with the links as
// numbered footnotes; the downloads are named after the title and open as readable pages (lang, viewport,
// no sideways scrolling on a phone); hostile Markdown stays inert in the WeChat copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, clickItem, artifact } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ARTICLE = [
  '# 实时数据为什么重要？🚀',
  '',
  '> 一段导语，带 **加粗** 和 *斜体*。',
  '',
  '## 亮点',
  '',
  '- 第一点，见[原文](https://example.com/post)',
  '- 第二点 `code`',
  '',
  '## 详细对话',
  '',
  '```',
  '**Maya**：欢迎回来。',
  '',
  '**Daniel**：谢谢，' + '长'.repeat(400),
  '```',
  '',
  '再看[这里](https://blog.example/p?a=1&b=2)和[原文](https://example.com/post)。',
  '',
  '_原链接：https://example.com/ep42_',
  '',
].join('\n');

async function withArticle(markdown, spec = 'wechat_long_read_zh') {
  // Wide enough for the whole article toolbar (it does not wrap yet).
  const opened = await openApp(env.browser, env.url, { permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true,
                                                       viewport: { width: 1700, height: 800 } });
  await opened.page.evaluate((s) => window.talkpress.setSpec(s), spec);
  await opened.page.evaluate((m) => window.talkpress.setArticle(m), markdown);
  return opened;
}

// The clipboard write is asynchronous: wait until it holds the HTML.
async function clipboardHasHtml(page) {
  await page.waitForFunction(() => /WeChat/.test(window.talkpress.status().text));
  for (let i = 0; i < 50; ++i) {
    if (await page.evaluate(async () => (await navigator.clipboard.read()).some((it) => it.types.includes('text/html')))) return;
    await page.waitForTimeout(100);
  }
  assert.fail('the clipboard holds no HTML');
}

// Pastes the clipboard into a contenteditable of a page of its own; returns what the editor holds.
async function pasteIntoEditor(context) {
  const editor = await context.newPage();
  await editor.bringToFront();
  await editor.setContent('<!doctype html><meta charset="utf-8"><div id="ed" contenteditable="true" style="width:380px"></div>');
  await editor.click('#ed');
  await editor.keyboard.press('Control+V');
  await editor.waitForFunction(() => document.getElementById('ed').querySelectorAll('*').length > 3, null, { timeout: 5000 });
  return editor;
}

// A browser that refuses formatted text (the Async Clipboard API rejects the HTML item): the Markdown is
// copied instead, and the status line says so in red, for both rich copy buttons.
test('a refused rich copy falls back to the plain Markdown and tells the user', async () => {
  const { page, context, problems } = await withArticle(ARTICLE);
  await page.evaluate(() => {
    window.__richWrites = 0;
    navigator.clipboard.write = () => { window.__richWrites++; return Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')); };
  });
  const markdown = await page.evaluate(() => window.talkpress.article().markdown);
  for (const button of ['article.copyWeChat', 'article.copyRich']) {
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await clickItem(page, button);
    await page.waitForFunction((md) => navigator.clipboard.readText().then((t) => t === md), markdown, { timeout: 5000 });
    // The status line is set after the click's own "copied" message, once the clipboard has answered.
    await page.waitForFunction(() => window.talkpress.status().error && /plain Markdown/.test(window.talkpress.status().text), null, { timeout: 5000 });
  }
  assert.equal(await page.evaluate(() => window.__richWrites), 2, 'the formatted copy was tried first each time');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Copy for WeChat: the pasted article keeps its inline styles, links become numbered footnotes', async () => {
  const { page, context, problems } = await withArticle(ARTICLE);
  await clickItem(page, 'article.copyWeChat');
  await clipboardHasHtml(page);

  const editor = await pasteIntoEditor(context);
  const r = await editor.evaluate(() => {
    const ed = document.getElementById('ed');
    const all = [...ed.querySelectorAll('*')];
    const style = (sel) => { const e = ed.querySelector(sel); return e ? getComputedStyle(e) : null; };
    return {
      text: ed.innerText,
      links: ed.querySelectorAll('a').length,
      styled: all.filter((e) => e.getAttribute('style')).length,
      classes: all.filter((e) => e.getAttribute('class')).length,
      unstyled: all.filter((e) => !e.getAttribute('style') && e.tagName !== 'BR').map((e) => e.tagName),
      h1Size: parseFloat(style('h1')?.fontSize || '0'),
      quoteBorder: style('blockquote')?.borderLeftWidth,
      sup: ed.querySelectorAll('sup').length,
      wide: ed.scrollWidth > ed.clientWidth + 1,
    };
  });
  fs.writeFileSync(artifact('export-wechat-pasted.png'), await editor.screenshot({ fullPage: true }));
  assert.equal(r.links, 0, 'no link survives (the editor strips external links): they are footnotes');
  assert.equal(r.classes, 0);
  assert.deepEqual(r.unstyled, [], 'every pasted element carries its own style');
  assert.ok(r.styled > 10);
  assert.ok(r.h1Size > 20, `the title is large (${r.h1Size}px)`);
  assert.equal(r.quoteBorder, '4px', 'the lead keeps its bar');
  assert.equal(r.sup, 3, 'three citations');
  assert.match(r.text, /原文\s*\[1\]/);
  assert.match(r.text, /这里\s*\[2\]/);
  assert.match(r.text, /相关链接/, 'the footnotes sit under the localized links label');
  assert.match(r.text, /\[1\] https:\/\/example\.com\/post/);
  assert.match(r.text, /\[2\] https:\/\/blog\.example\/p\?a=1&b=2/);
  assert.match(r.text, /\*\*Maya\*\*：欢迎回来。/, 'the fenced dialogue stays literal, line by line');
  assert.equal(r.wide, false, 'a long dialogue line wraps in a narrow editor');
  assert.deepEqual(problems, []);
  await context.close();
});

test('downloads are named after the title and open as readable pages in the article language', async () => {
  const { page, context } = await withArticle(ARTICLE);
  const title = (await page.evaluate(() => window.talkpress.article())).title;
  assert.equal(title, '实时数据为什么重要？🚀');

  const [md] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'article.downloadMd')]);
  assert.equal(md.suggestedFilename(), (await page.evaluate(() => window.talkpress.article())).downloadName);
  assert.match(md.suggestedFilename(), /^实时数据为什么重要.*\.md$/);
  assert.equal(fs.readFileSync(await md.path(), 'utf8'), ARTICLE);

  const [html] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'article.downloadHtml')]);
  assert.match(html.suggestedFilename(), /^实时数据为什么重要.*\.html$/);
  const file = artifact('export-download.html');
  await html.saveAs(file);
  const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: true });
  const view = await phone.newPage();
  await view.goto('file://' + file);
  const r = await view.evaluate(() => ({
    lang: document.documentElement.lang,
    viewport: document.querySelector('meta[name=viewport]')?.content,
    wide: document.documentElement.scrollWidth > window.innerWidth + 1,
    title: document.title,
    links: [...document.querySelectorAll('a')].map((a) => a.href),
  }));
  fs.writeFileSync(artifact('export-download-phone.png'), await view.screenshot({ fullPage: true }));
  assert.equal(r.lang, 'zh-Hans');
  assert.match(r.viewport, /width=device-width/);
  assert.equal(r.wide, false, 'no sideways scrolling on a phone');
  assert.equal(r.title, title);
  assert.deepEqual(r.links, ['https://example.com/post', 'https://blog.example/p?a=1&b=2', 'https://example.com/post']);
  await phone.close();
  await context.close();
});

test('hostile Markdown copied for WeChat is inert when pasted', async () => {
  const hostile = '# T\n\n<img src=x onerror="window.__ran=1">\n\n[x](javascript:window.__ran=2) <script>window.__ran=3</script>\n\n' +
                  '<a href="javascript:window.__ran=4" onclick="window.__ran=5">raw</a>\n\n[ok](https://ok.example)\n';
  const { page, context } = await withArticle(hostile, 'blog_post_en');
  await clickItem(page, 'article.copyWeChat');
  await clipboardHasHtml(page);
  const editor = await pasteIntoEditor(context);
  const r = await editor.evaluate(async () => {
    await new Promise((res) => setTimeout(res, 200));
    const ed = document.getElementById('ed');
    ed.querySelectorAll('*').forEach((e) => e.click && e.click());
    return { ran: window.__ran, imgs: ed.querySelectorAll('img,script,iframe').length, links: ed.querySelectorAll('a').length,
             text: ed.innerText,
             handlers: [...ed.querySelectorAll('*')].some((e) => [...e.attributes].some((a) => /^on/i.test(a.name))) };
  });
  assert.equal(r.ran, undefined);
  assert.equal(r.imgs, 0);
  assert.equal(r.links, 0);
  assert.equal(r.handlers, false);
  assert.match(r.text, /<img src=x onerror/, 'raw HTML is shown as text');
  assert.match(r.text, /\[1\] https:\/\/ok\.example/);
  await context.close();
});
