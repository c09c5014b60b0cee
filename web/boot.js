// Page boot: configures the Emscripten Module before talkpress.js loads, shows loading and failure states.
// Kept outside index.html so the Content-Security-Policy can forbid inline scripts.
(function() {
  var loading = document.getElementById('loading');
  function fatal(kind, detail) {
    var msgs = {
      webgl2: 'Your browser could not create a WebGL2 context. TalkPress draws its interface with WebGL2: ' +
              'try a current Chrome, Edge, Firefox or Safari, and make sure hardware acceleration is not disabled.',
      wasm: 'The application code (talkpress.wasm) could not be loaded. If you opened the file directly from disk, ' +
            'serve the folder with a static web server instead (see the README). ',
      nowasm: 'This browser does not support WebAssembly, which TalkPress needs.',
    };
    loading.hidden = true;
    document.getElementById('fatal-text').textContent = (msgs[kind] || 'An unexpected error stopped TalkPress.') +
      (detail ? ' (' + detail + ')' : '');
    document.getElementById('fatal').hidden = false;
  }
  window.talkpressFatal = fatal;
  window.talkpressOnFirstFrame = function() { loading.hidden = true; };
  if (typeof WebAssembly !== 'object') { fatal('nowasm'); return; }
  var probe = document.createElement('canvas').getContext('webgl2');
  if (!probe) { fatal('webgl2'); return; }
  window.Module = {
    canvas: document.getElementById('canvas'),
    print: function(t) { console.log(t); },
    printErr: function(t) { console.warn(t); },
    onAbort: function(what) { fatal('wasm', String(what)); },
  };
  window.addEventListener('error', function(e) {
    if (e.target && e.target.tagName === 'SCRIPT') fatal('wasm', 'talkpress.js failed to load');
  }, true);
})();
