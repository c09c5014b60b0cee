// The served page: build/web/dist/index.html with boot.js and talkpress.css inlined, so a visit needs two
// fewer requests before the wasm compile can start (measured: the compile began 40-60 ms sooner on this
// machine, where every request waits for the browser's busy network and renderer processes). The page
// policy stays strict: the inline script is allowed by its hash only. web/index.html keeps the two
// as files, which is what a reader edits; the build runs this after copying web/ to the dist folder:
//   node scripts/page_inline.mjs [dist folder]
// scripts/single_file.mjs uses the same helpers for the single-file page.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const BOOT_TAG = '<script id="talkpress-boot">';

// A script's text inside <script>…</script>: "</script" and "<!--" cannot appear raw (the HTML parser
// would end or change the element); in JavaScript "<\/" means the same as "</" in strings and regexes.
// Returns the element and adds the text's hash, as the page policy names it, to `hashes`.
export function inlineScript(js, hashes, openTag = '<script>') {
  const safe = js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  hashes.push(`'sha256-${crypto.createHash('sha256').update(safe, 'utf8').digest('base64')}'`);
  return `${openTag}${safe}</script>`;
}

// The page policy with the inline scripts' hashes added to script-src.
export function allowScripts(html, hashes) {
  const from = "script-src 'self' 'wasm-unsafe-eval'";
  if (!html.includes(from)) throw new Error('the page policy in index.html changed: inline scripts would be blocked');
  return html.replace(from, () => `${from} ${hashes.join(' ')}`);
}

export function replaceOnce(html, from, to) {
  if (!html.includes(from)) throw new Error(`index.html no longer contains ${from}`);
  return html.replace(from, () => to);
}

export function inlineBootAndStyle(dist) {
  const read = (f) => fs.readFileSync(path.join(dist, f), 'utf8');
  const hashes = [];
  let html = read('index.html');
  if (html.includes(BOOT_TAG)) return;   // done already
  html = replaceOnce(html, '<link rel="stylesheet" href="talkpress.css">', `<style>${read('talkpress.css')}</style>`);
  html = replaceOnce(html, '<script src="boot.js"></script>', inlineScript(read('boot.js'), hashes, BOOT_TAG));
  fs.writeFileSync(path.join(dist, 'index.html'), allowScripts(html, hashes));
  // Nothing loads them any more; sw.js does not cache them.
  for (const f of ['boot.js', 'talkpress.css']) fs.rmSync(path.join(dist, f), { force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  inlineBootAndStyle(path.resolve(process.argv[2] || path.join(root, 'build/web/dist')));
}
