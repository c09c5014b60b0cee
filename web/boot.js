// Page boot, before talkpress.js: the page policy for the chosen provider, the Emscripten Module, the
// loading and start-up failure states, and the service worker. Kept outside index.html so the
// Content-Security-Policy can forbid inline scripts.
// Index: failure screen · page policy · Module · the .wasm · the deferred .wasm · service worker.
(function() {
  // boot.js runs in the page's <head> (index.html says why): the body's elements are looked up when used,
  // and a failure found before the body exists is shown once it does.
  function fatal(kind, detail) {
    if (!document.getElementById('fatal')) {
      document.addEventListener('DOMContentLoaded', function() { fatal(kind, detail); });
      return;
    }
    var msgs = {
      webgl2: 'Your browser could not create a WebGL2 context. TalkPress draws its interface with WebGL2: ' +
              'try a current Chrome, Edge, Firefox or Safari, and make sure hardware acceleration is not disabled.',
      wasm: 'The application code (talkpress.wasm) could not be loaded. If you opened the file directly from disk, ' +
            'use the single-file talkpress.html or serve the folder with a static web server (see the README). ',
      nowasm: 'This browser does not support WebAssembly, which TalkPress needs.',
    };
    document.getElementById('loading').hidden = true;
    document.getElementById('fatal-text').textContent = (msgs[kind] || 'An unexpected error stopped TalkPress.') +
      (detail ? ' (' + detail + ')' : '');
    document.getElementById('fatal').hidden = false;
  }
  window.talkpressFatal = fatal;
  window.talkpressOnFirstFrame = function() {
    Module.firstFrameAt = performance.now();
    document.getElementById('loading').hidden = true;
    loadDeferred();
  };

  // ---- page policy: the page may connect to itself and to the chosen provider's origin, nothing else.
  // index.html's policy allows any http(s) destination so a provider on the local network can be chosen;
  // this second policy, read from the saved settings before any of our code runs, narrows it (a page obeys
  // every policy it has, so a later script cannot widen it). Choosing a provider on another origin saves
  // the settings and reloads the page (web_http.js), which brings the new origin in here. Before anything
  // is saved (a first visit) the page may reach https origins and this machine, as a first choice needs,
  // until a provider is chosen (or first requested): then a third policy allows only its origin, as a
  // saved provider's does; a later choice elsewhere goes through the same reload.
  var providerOrigin = '';
  try {
    var saved = JSON.parse(localStorage.getItem('talkpress.settings') || '{}');
    var p = saved && saved.provider;
    if (p && p.baseUrl) {
      var u = new URL(String(p.baseUrl));
      if (u.protocol === 'https:' || u.protocol === 'http:') providerOrigin = u.origin;
    }
  } catch (e) { /* unreadable settings or storage: a first visit's policy */ }
  var LOOPBACK = "http://localhost:* http://127.0.0.1:*";
  var FIRST_VISIT = "https: " + LOOPBACK;
  function addPolicy(sources) {
    var meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "connect-src 'self' " + sources;
    document.head.appendChild(meta);
  }
  addPolicy(providerOrigin || FIRST_VISIT);
  window.talkpressPolicy = {
    origin: providerOrigin,   // the saved provider's, when the page loaded
    chosen: '',               // a first visit's chosen provider
    allows: function(url) {
      try {
        var u = new URL(url, location.href);
        if (u.origin === location.origin || u.origin === this.origin) return true;
        if (this.origin) return false;
        var loopback = u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
        if (this.chosen) return u.origin === this.chosen;
        return u.protocol === 'https:' || loopback;
      } catch (e) { return false; }
    },
    // A first visit's provider choice (web_http.js): from now on only it. A later choice elsewhere is let
    // through by the reload that follows its save.
    choose: function(origin) {
      if (this.origin || this.chosen || !origin || origin === location.origin || !this.allows(origin)) return;
      this.chosen = origin;
      addPolicy(origin);
    },
  };

  // ---- Module. Feature tests only: creating a WebGL2 context here would cost as much as the app's own;
  // a context that fails later is reported by main.cpp through talkpressFatal('webgl2').
  if (typeof WebAssembly !== 'object') { fatal('nowasm'); return; }
  if (typeof WebGL2RenderingContext !== 'function') { fatal('webgl2'); return; }
  window.Module = {
    // Read by talkpress.js, which runs after the body is parsed (its script element ends the body), and
    // written back by it (Object.assign, which throws on a property without a setter).
    get canvas() { return this._canvas || document.getElementById('canvas'); },
    set canvas(el) { this._canvas = el; },
    print: function(t) { console.log(t); },
    // The deferred code being loaded when a call first needs it (below) is expected, not worth a warning.
    printErr: function(t) { if (!/^(placeholder function called|instantiated deferred module)/.test(t)) console.warn(t); },
    onAbort: function(what) { fatal('wasm', String(what)); },
  };
  // ---- the .wasm: its compile starts here, as soon as boot.js runs, on the response index.html preloads:
  // talkpress.js is still arriving and being evaluated meanwhile, and the compile runs on the browser's
  // compile threads, so by the time Emscripten asks for the module (Module.instantiateWasm) most of it is
  // done. Left to instantiateWasm, it would start only after talkpress.js had run (50-80 ms later on a
  // loaded machine). Work the page can do while it compiles (talkpress.js's font warm-up and WebGL context,
  // handed to Module.whileCompiling) runs once Emscripten has asked for the module: run earlier, it would
  // keep the main thread from handing the compile its bytes; left to a timer, it would wait behind the
  // page's loading tasks until after main(). The single-file page has the bytes already
  // (Module.wasmBinary, set by the script that follows this one).
  var compileStarted = false, waiting = [];
  Module.whileCompiling = function(work) {
    if (compileStarted) setTimeout(work, 0); else waiting.push(work);
  };
  function startWaiting() {
    compileStarted = true;
    waiting.splice(0).forEach(function(work) {
      try { work(); } catch (e) { console.warn(e); }
    });
  }
  function fetchWasm() {
    return fetch('talkpress.wasm', { credentials: 'same-origin' }).then(function(r) {
      if (!r.ok) throw new Error('talkpress.wasm: HTTP ' + r.status);
      return r;
    });
  }
  function compileFromBytes() {
    return fetchWasm().then(function(r) { return r.arrayBuffer(); }).then(function(b) { return WebAssembly.compile(b); });
  }
  var moduleCompiling = null;   // Promise of the WebAssembly.Module, from a served page
  var compiledModule = null;    // the module, once compiled
  if (!document.getElementById('talkpress-wasm')) {
    moduleCompiling = typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(fetchWasm()).catch(function(e) {
          // Served with a type other than application/wasm: compile from the bytes instead. An HTTP error
          // fails again there, with its own message.
          return compileFromBytes();
        })
      : compileFromBytes();
    moduleCompiling.then(function(m) { compiledModule = m; }, function() { /* reported by instantiateWasm */ });
  }
  Module.instantiateWasm = function(imports, receiveInstance) {
    var compiled;
    if (window.Module.wasmBinary || !moduleCompiling) {
      compiled = WebAssembly.instantiate(window.Module.wasmBinary, imports);
    } else if (compiledModule && !(imports.placeholder && savedWork())) {
      // Compiled already (the usual case: the compile began before talkpress.js arrived). Instantiated at
      // once, in a microtask: the asynchronous instantiate would resolve only after the tasks queued
      // meanwhile (the font warm-up's slices), 20-30 ms later. Not synchronously: Emscripten would then run
      // main() before the rest of talkpress.js (the automation API) had run.
      var module = compiledModule;
      compiled = Promise.resolve().then(function() {
        return { instance: new WebAssembly.Instance(module, imports), module: module };
      });
    } else {
      // Still compiling: instantiated the moment it is compiled, in the same task, for the same reason.
      compiled = moduleCompiling.then(function(module) {
        return { instance: new WebAssembly.Instance(module, imports), module: module };
      });
    }
    startWaiting();
    // A split build (its module imports placeholders): a page with saved work restores it before its
    // first frame, with code from the deferred module, so it loads both modules before starting.
    deferred.split = !!imports.placeholder;
    if (deferred.split && savedWork()) {
      compiled = Promise.all([compiled, compileDeferred(Promise.resolve()).catch(function(e) {
        console.warn('talkpress.deferred.wasm: ' + ((e && e.message) || e) + '; loading it when first needed');
      })]).then(function(both) { return both[0]; });
    }
    compiled.then(function(result) { receiveInstance(result.instance, result.module); },
                  function(e) { startWaiting(); fatal('wasm', String((e && e.message) || e)); });
    return {};   // the exports arrive through receiveInstance
  };

  // ---- the deferred .wasm: the build splits the code into talkpress.wasm, what the first frames run, and
  // talkpress.deferred.wasm, the rest (cmake/Web.cmake). The rest is fetched and compiled after the first
  // frame, then instantiated against the first module's exports, which puts its functions into the shared
  // table. Until then, the first module calls placeholders in their place; a placeholder called first
  // (Module.loadSplitModule, from talkpress.js) loads the rest on the spot, synchronously: the call waits
  // for it and then goes on as if it had always been there. The single-file page carries the bytes inline.
  var deferred = { split: false, module: null, instance: null, compiling: null, bytes: null };
  Module.firstFrameAt = null;      // performance.now() at the end of the first frame
  Module.deferredReadyAt = null;   // performance.now() when the deferred code became callable
  // performance.now() when a call needed the deferred code before it had arrived and loaded it on the
  // spot (null: never). At start-up that means cmake/wasm_first_frame.txt is stale (tests/e2e/start_split.test.mjs).
  Module.deferredNeededAt = null;
  function embeddedDeferred() {
    var el = document.getElementById('talkpress-deferred-wasm');
    if (!el) return null;
    var b = atob(el.textContent.trim()), u = new Uint8Array(b.length);
    for (var i = 0; i < b.length; ++i) u[i] = b.charCodeAt(i);
    return u;
  }
  function deferredBytesNow() {
    var bytes = deferred.bytes || embeddedDeferred();   // downloaded already, compile still under way
    if (bytes) return bytes;
    var x = new XMLHttpRequest();   // synchronous on purpose: the wasm call that needs the code is waiting
    x.open('GET', 'talkpress.deferred.wasm', false);
    x.overrideMimeType('text/plain; charset=x-user-defined');
    x.send();
    if (x.status !== 200 && x.status !== 0) throw new Error('talkpress.deferred.wasm: HTTP ' + x.status);
    var s = x.responseText;
    bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; ++i) bytes[i] = s.charCodeAt(i) & 0xff;
    return bytes;
  }
  function instantiateDeferred() {
    if (deferred.instance) return;
    if (!deferred.module) deferred.module = new WebAssembly.Module(deferredBytesNow());
    deferred.instance = new WebAssembly.Instance(deferred.module, { primary: Module.asm });
    Module.deferredReadyAt = performance.now();
  }
  Module.loadSplitModule = function(file, imports, placeholder) {
    if (!deferred.instance && Module.deferredNeededAt === null) Module.deferredNeededAt = performance.now();
    try { instantiateDeferred(); } catch (e) {
      fatal('wasm', 'talkpress.deferred.wasm could not be loaded: ' + ((e && e.message) || e));
      throw e;
    }
  };
  // Compiles the deferred module once `when` has resolved; the download starts at once.
  function compileDeferred(when) {
    if (!deferred.compiling) {
      var compile = function(b) { return WebAssembly.compile(b); };
      var compiling = document.getElementById('talkpress-deferred-wasm')
        ? when.then(function() { return compile(embeddedDeferred()); })
        : Promise.all([fetch('talkpress.deferred.wasm', { credentials: 'same-origin' }), when]).then(function(got) {
            var r = got[0];
            if (!r.ok) throw new Error('HTTP ' + r.status);
            // A copy of the bytes, kept until the compile ends, so that a call needing the code meanwhile
            // compiles it on the spot from them instead of downloading it a second time.
            r.clone().arrayBuffer().then(function(b) { if (!deferred.module) deferred.bytes = b; }, function() {});
            return typeof WebAssembly.compileStreaming === 'function'
              ? WebAssembly.compileStreaming(r).catch(function() {   // not served as application/wasm
                  return fetch('talkpress.deferred.wasm', { credentials: 'same-origin' })
                    .then(function(again) { return again.arrayBuffer(); }).then(compile);
                })
              : r.arrayBuffer().then(compile);
          });
      deferred.compiling = compiling.then(function(m) { if (!deferred.module) deferred.module = m; deferred.bytes = null; });
    }
    return deferred.compiling;
  }
  function savedWork() {
    try {
      for (var i = 0; i < localStorage.length; ++i) if (String(localStorage.key(i)).indexOf('talkpress.') === 0) return true;
    } catch (e) { /* storage blocked: nothing to restore */ }
    return false;
  }
  // After the first frame, the download starts at once and the compile waits until that frame is on the
  // screen (the next animation frame, which the browser starts once it has drawn the first): on a machine
  // that draws WebGL in software, compiling meanwhile would take the cores that draw it.
  var firstFrameShown = new Promise(function(resolve) {
    Module.whenFirstFrameShown = function() {
      requestAnimationFrame(function() { setTimeout(resolve, 0); });
    };
  });
  function loadDeferred() {
    Module.whenFirstFrameShown();
    // Loaded on the spot already (a call before the first frame needed it): no second download.
    if (!deferred.split || deferred.instance) return;
    compileDeferred(firstFrameShown).then(instantiateDeferred).catch(function(e) {   // tried again when a call needs it
      console.warn('talkpress.deferred.wasm: ' + ((e && e.message) || e) + '; loading it when first needed');
    });
  }

  // Only our own script failing to load stops the app; an extension's script blocked by the policy does not.
  window.addEventListener('error', function(e) {
    var t = e.target;
    if (!t || t.tagName !== 'SCRIPT' || !t.src) return;
    var ours = new URL('talkpress.js', document.baseURI).href;
    if (t.src === ours || t.getAttribute('data-talkpress') !== null) fatal('wasm', 'talkpress.js failed to load');
  }, true);

  // ---- service worker: installable and usable offline after the first visit (sw.js caches our files only).
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === 'localhost' ||
                                       location.hostname === '127.0.0.1')) {
    // Registered once the start-up is over: installing it downloads every file again, work that would
    // otherwise compete with the first frames and the deferred code.
    var register = function() {
      navigator.serviceWorker.register('sw.js').catch(function(e) { console.warn('offline copy unavailable: ' + e); });
    };
    Promise.all([new Promise(function(r) { window.addEventListener('load', r); }), firstFrameShown])
      .then(function() { setTimeout(register, 1000); });
  }
})();
