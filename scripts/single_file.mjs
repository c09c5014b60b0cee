// Builds the single-file variant: build/web/talkpress.html, one page with the stylesheet, scripts, icon
// and the wasm (base64) inlined, which works opened straight from disk (file://), where a browser will not
// fetch talkpress.wasm. The page policy stays as strict: inline scripts are allowed by their hashes only.
//   node scripts/single_file.mjs [dist folder] [output file]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'build/web/dist'));
const out = path.resolve(process.argv[3] || path.join(root, 'build/web/talkpress.html'));
const read = (f) => fs.readFileSync(path.join(dist, f));

let html = read('index.html').toString('utf8');
const hashes = [];
// A script's text inside <script>…</script>: "</script" and "<!--" cannot appear raw (the HTML parser
// would end or change the element); in JavaScript "<\/" means the same as "</" in strings and regexes.
function inlineScript(js) {
  const safe = js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  hashes.push(`'sha256-${crypto.createHash('sha256').update(safe, 'utf8').digest('base64')}'`);
  return `<script>${safe}</script>`;
}
function replaceOnce(from, to) {
  if (!html.includes(from)) throw new Error(`index.html no longer contains ${from}`);
  html = html.replace(from, () => to);
}

// Files that only make sense next to a server: preloads, the manifest (the service worker is not
// registered from file://, see boot.js).
html = html.replace(/<link rel="preload"[^>]*>\n?/g, '').replace(/<link rel="manifest"[^>]*>\n?/g, '');
replaceOnce('<link rel="stylesheet" href="talkpress.css">', `<style>${read('talkpress.css').toString('utf8')}</style>`);
replaceOnce('<link rel="icon" href="favicon.svg" type="image/svg+xml">',
            `<link rel="icon" href="data:image/svg+xml;base64,${read('favicon.svg').toString('base64')}" type="image/svg+xml">`);
// The wasm as base64; Emscripten instantiates Module.wasmBinary from bytes instead of fetching.
const wasmLoader = `(function(){var b=atob(document.getElementById('talkpress-wasm').textContent.trim());` +
  `var u=new Uint8Array(b.length);for(var i=0;i<b.length;++i)u[i]=b.charCodeAt(i);` +
  `if(window.Module)window.Module.wasmBinary=u;})();`;
// A split build's deferred code (cmake/Web.cmake) too, decoded by boot.js after the first frame, or
// when a call needs it sooner; it is in the page before any script runs.
const deferredWasm = fs.existsSync(path.join(dist, 'talkpress.deferred.wasm'))
  ? `<script type="application/octet-stream;base64" id="talkpress-deferred-wasm">${read('talkpress.deferred.wasm').toString('base64')}</script>\n`
  : '';
replaceOnce('<script src="boot.js"></script>',
            `<script type="application/octet-stream;base64" id="talkpress-wasm">${read('talkpress.wasm').toString('base64')}</script>\n` +
            deferredWasm +
            inlineScript(read('boot.js').toString('utf8')) + '\n' + inlineScript(wasmLoader));
replaceOnce('<script src="talkpress.js" async></script>', inlineScript(read('talkpress.js').toString('utf8')));
html = html.replace("script-src 'self' 'wasm-unsafe-eval'", `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`);
if (!html.includes(hashes[0])) throw new Error('the page policy in index.html changed: inline scripts would be blocked');

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
console.log(`Built: ${out} (${(html.length / 1e6).toFixed(1)} MB) — open it from disk, no server needed.`);
