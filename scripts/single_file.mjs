// Builds the single-file variant: build/web/talkpress.html, one page with the stylesheet, scripts, icon
// and the wasm (base64) inlined, which works opened straight from disk (file://), where a browser will not
// fetch talkpress.wasm. The page policy stays as strict: inline scripts are allowed by their hashes only.
// It starts from the served page (boot.js and the stylesheet inlined already, scripts/page_inline.mjs).
//   node scripts/single_file.mjs [dist folder] [output file]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOT_TAG, inlineScript, allowScripts, replaceOnce, inlineBootAndStyle } from './page_inline.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'build/web/dist'));
const out = path.resolve(process.argv[3] || path.join(root, 'build/web/talkpress.html'));
const read = (f) => fs.readFileSync(path.join(dist, f));

inlineBootAndStyle(dist);   // a folder assembled without it (a no-op when done)
let html = read('index.html').toString('utf8');
const hashes = [];

// Files that only make sense next to a server: preloads, the manifest (the service worker is not
// registered from file://, see boot.js).
html = html.replace(/<link rel="preload"[^>]*>\n?/g, '').replace(/<link rel="manifest"[^>]*>\n?/g, '');
html = replaceOnce(html, '<link rel="icon" href="favicon.svg" type="image/svg+xml">',
                   `<link rel="icon" href="data:image/svg+xml;base64,${read('favicon.svg').toString('base64')}" type="image/svg+xml">`);
// The wasm as base64, before boot.js; after it, a loader that hands the bytes to Emscripten, which
// instantiates Module.wasmBinary instead of fetching.
const wasmLoader = `(function(){var b=atob(document.getElementById('talkpress-wasm').textContent.trim());` +
  `var u=new Uint8Array(b.length);for(var i=0;i<b.length;++i)u[i]=b.charCodeAt(i);` +
  `if(window.Module)window.Module.wasmBinary=u;})();`;
// A split build's deferred code (cmake/Web.cmake) too, decoded by boot.js after the first frame, or
// when a call needs it sooner; it is in the page before any script runs.
const deferredWasm = fs.existsSync(path.join(dist, 'talkpress.deferred.wasm'))
  ? `<script type="application/octet-stream;base64" id="talkpress-deferred-wasm">${read('talkpress.deferred.wasm').toString('base64')}</script>\n`
  : '';
const bootAt = html.indexOf(BOOT_TAG), bootEnd = html.indexOf('</script>', bootAt) + '</script>'.length;
if (bootAt < 0) throw new Error('the served page has no inline boot script');
html = html.slice(0, bootAt) +
       `<script type="application/octet-stream;base64" id="talkpress-wasm">${read('talkpress.wasm').toString('base64')}</script>\n` +
       deferredWasm + html.slice(bootAt, bootEnd) + '\n' + inlineScript(wasmLoader, hashes) + html.slice(bootEnd);
html = replaceOnce(html, '<script src="talkpress.js" async></script>', inlineScript(read('talkpress.js').toString('utf8'), hashes));
html = allowScripts(html, hashes);

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
console.log(`Built: ${out} (${(html.length / 1e6).toFixed(1)} MB) — open it from disk, no server needed.`);
