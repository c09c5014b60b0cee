// The text box's hand-over (src/platform/web/web_textarea.js): the common start and end of the text the
// box held and the text it holds now, which leave the changed middle to send. Checked on random edits of
// texts with CRLF, accents, CJK, emoji (surrogate pairs) and unpaired surrogates: the middle put back
// between the kept start and end must give the new text exactly, and neither edge may split a pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from './browser.mjs';

let library = null;
vm.runInNewContext(fs.readFileSync(path.join(ROOT, 'src/platform/web/web_textarea.js'), 'utf8'),
                   { mergeInto: (_, lib) => { library = lib; }, LibraryManager: { library: {} } });
const O = library.$TPOverlay;

function splice(before, now) {
  const limit = Math.min(before.length, now.length);
  const start = O.commonStart(before, now, limit);
  const end = O.commonEnd(before, now, limit - start);
  return { start, end, middle: now.substring(start, now.length - end) };
}
const high = (s, i) => i >= 0 && i < s.length && (s.charCodeAt(i) & 0xFC00) === 0xD800;
const low = (s, i) => i >= 0 && i < s.length && (s.charCodeAt(i) & 0xFC00) === 0xDC00;

test('the kept start and end with the middle give the new text; no edge splits a surrogate pair', () => {
  const pieces = ['a', 'b', ' ', '\n', '\r\n', '\u00e9', '\u4e2d', '\u{1F44D}', '\u{1F600}', '\uD83D', '\uDC4D', 'Maya Chen: '];
  let seed = 7;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const text = (n) => Array.from({ length: n }, () => pieces[rnd(pieces.length)]).join('');
  let checked = 0;
  for (let round = 0; round < 20000; ++round) {
    const before = text(rnd(40));
    // An edit at any unit position, even inside a pair, as a paste or the browser's own editing could make.
    const a = rnd(before.length + 1), b = a + rnd(Math.min(4, before.length - a) + 1);
    const now = rnd(5) === 0 ? text(rnd(8)) : before.slice(0, a) + text(rnd(3)) + before.slice(b);
    const { start, end, middle } = splice(before, now);
    const context = JSON.stringify({ before, now, start, end });
    assert.equal(before.slice(0, start) + middle + before.slice(before.length - end), now, context);
    assert.ok(start + end <= Math.min(before.length, now.length), context);
    assert.ok(!(high(before, start - 1) && low(before, start)) && !(high(now, start - 1) && low(now, start)), `start splits a pair: ${context}`);
    assert.ok(!(high(before, before.length - end - 1) && low(before, before.length - end)) &&
              !(high(now, now.length - end - 1) && low(now, now.length - end)), `end splits a pair: ${context}`);
    checked++;
  }
  assert.equal(checked, 20000);
});

test('long texts: an edit in the middle of 250k characters sends only what changed', () => {
  const before = 'Maya Chen: a very good historian and a very poor reporter. \u4e2d\u6587 \u{1F44D}\r\n'.repeat(4000);
  for (const at of [0, 1, 125000, before.length - 1, before.length]) {
    const now = before.slice(0, at) + 'xy' + before.slice(at);
    const { start, end, middle } = splice(before, now);
    assert.equal(before.slice(0, start) + middle + before.slice(before.length - end), now);
    assert.ok(middle.length <= 4, `at ${at}: ${middle.length} units sent`);
  }
  const { middle } = splice(before, 'replaced');
  assert.equal(middle, 'replaced');
});
