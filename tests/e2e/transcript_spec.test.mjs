// Transcript parsing, speaker renaming, presets, specs and the skeleton through window.talkpress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, ROOT, waitFirstFrame, saveScreenshot } from './browser.mjs';

let env, app;
before(async () => { env = await launch(); app = await openApp(env.browser, env.url); });
after(async () => { await app?.context.close(); await env?.close(); });

const fixture = (name) => fs.readFileSync(path.join(ROOT, 'tests/fixtures/transcripts', name), 'utf8');

test('setTranscript returns the parse summary for real-shaped files', async () => {
  const zoom = await app.page.evaluate((t) => window.talkpress.setTranscript(t, { sourceUrl: 'https://example.com/ep' }),
                                       fixture('zoom.vtt'));
  assert.equal(zoom.format, 'vtt');
  assert.equal(zoom.turns, 3);
  assert.deepEqual(zoom.speakers.map((s) => s.label), ['Harry Stebbings', 'Chamath Palihapitiya']);
  assert.equal(zoom.language, 'en');
  assert.ok(zoom.durationSec > 14);
  assert.ok(zoom.estimatedTokens > 20);
  assert.equal(zoom.sourceUrl, 'https://example.com/ep');

  const zh = await app.page.evaluate((t) => window.talkpress.setTranscript(t), fixture('chinese_meeting.txt'));
  assert.equal(zh.format, 'speaker');
  assert.equal(zh.language, 'zh');
  assert.equal(zh.speakers[0].label, '发言人1');

  const srt = await app.page.evaluate((t) => window.talkpress.setTranscript(t, { removeNoise: true }),
                                      fixture('youtube_export.srt'));
  assert.equal(srt.format, 'srt');
  assert.ok(srt.warnings.some((w) => /cue had no text/.test(w)));
});

test('bad input gets clear warnings and errors, never a crash', async () => {
  // An empty text is refused and the saved transcript stays as it was.
  const before = await app.page.evaluate(() => window.talkpress.summary());
  const empty = await app.page.evaluate(async () => {
    try { await window.talkpress.setTranscript(''); return null; } catch (e) { return { code: e.code, message: e.message }; }
  });
  assert.equal(empty.code, 'bad_input');
  assert.match(empty.message, /empty.*saved transcript is unchanged/);
  assert.deepEqual(await app.page.evaluate(() => window.talkpress.summary()), before);
  const err = await app.page.evaluate(async () => {
    try { await window.talkpress.setTranscript('x', { format: 'docx' }); return null; } catch (e) { return { code: e.code, message: e.message }; }
  });
  assert.equal(err.code, 'bad_request');
  assert.match(err.message, /Unknown transcript format "docx"/);
});

test('speakers can be renamed once and keep their names', async () => {
  await app.page.evaluate(() => window.talkpress.setTranscript('Speaker 1: Hello.\nSpeaker 2: Hi.\nSpeaker 1: Welcome.'));
  const s = await app.page.evaluate(() => window.talkpress.renameSpeaker('Speaker 1', 'Harry Stebbings', 'host'));
  assert.equal(s.speakers[0].name, 'Harry Stebbings');
  assert.equal(s.speakers[0].role, 'host');
  const missing = await app.page.evaluate(() => { try { window.talkpress.renameSpeaker('Speaker 9', 'X'); } catch (e) { return e.code; } });
  assert.equal(missing, 'not_found');
});

test('presets, spec validation and the skeleton', async () => {
  const presets = await app.page.evaluate(() => window.talkpress.presets());
  assert.ok(presets.length >= 5);
  assert.equal(presets[0].id, 'wechat_long_read_zh');
  const sk = await app.page.evaluate(() => window.talkpress.skeleton());
  assert.deepEqual(sk.filter((i) => !i.placeholder).map((i) => i.text), ['亮点 (4 bullets)', '详细对话']);

  const blog = await app.page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  assert.equal(blog.ok, true);
  assert.equal(blog.spec.output_language, 'en');

  const bad = await app.page.evaluate(() => window.talkpress.setSpec({ highlights: 99, title_style: 'clickbait' }));
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['highlights', 'title_style']);
  assert.equal(bad.spec.output_language, 'en', 'an invalid spec is not applied');

  const own = await app.page.evaluate(() => window.talkpress.setSpec({ output_language: 'ja', section_headings: ['背景', '議論'] }));
  assert.equal(own.ok, true);
  const sk2 = await app.page.evaluate(() => window.talkpress.skeleton());
  assert.ok(sk2.some((i) => i.text === '背景'));
  assert.ok(sk2.some((i) => i.text === 'ハイライト (4 bullets)'));
  assert.equal((await app.page.evaluate(() => window.talkpress.getSpec())).output_language, 'ja');

  const unknown = await app.page.evaluate(() => { try { window.talkpress.setSpec('nope'); } catch (e) { return e.message; } });
  assert.match(unknown, /There is no preset "nope"/);
});

test('the Transcript tab shows what was understood', async () => {
  await app.page.evaluate((t) => window.talkpress.setTranscript(t), fixture('otter.txt'));
  await app.page.waitForTimeout(300);
  await saveScreenshot(app.page, 'transcript-summary');
  assert.deepEqual(app.problems, []);
});

test('users save their own preset; it survives a reload and can be deleted', async () => {
  const { page, context } = await openApp(env.browser, env.url);
  await page.evaluate(() => window.talkpress.setSpec('blog_post_en'));
  await page.evaluate(() => window.talkpress.setSpec({ output_language: 'de', highlights: 6, tone: 'nüchtern' }));
  const saved = await page.evaluate(() => window.talkpress.savePreset('Mein Blog'));
  assert.equal(saved.id, 'user:Mein Blog');
  const clash = await page.evaluate(() => { try { window.talkpress.savePreset('Blog post (English)'); } catch (e) { return e.message; } });
  assert.match(clash, /built-in preset/);
  await page.reload();
  await waitFirstFrame(page);
  const presets = await page.evaluate(() => window.talkpress.presets());
  assert.ok(presets.some((p) => p.name === 'Mein Blog' && p.user));
  await page.evaluate(() => window.talkpress.setSpec('wechat_long_read_zh'));
  const back = await page.evaluate(() => window.talkpress.setSpec('Mein Blog'));
  assert.equal(back.spec.output_language, 'de');
  assert.equal(back.spec.highlights, 6);
  await page.evaluate(() => window.talkpress.deletePreset('Mein Blog'));
  assert.ok(!(await page.evaluate(() => window.talkpress.presets())).some((p) => p.user));
  await context.close();
});
