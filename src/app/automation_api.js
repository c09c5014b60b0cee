// window.talkpress: the automation API (tests, power users, embedding). Each method calls the C++
// entry point tp_api(method, argsJson), which looks the method up in one table (automation_api.cpp),
// and returns its parsed JSON; an {error} result is thrown as an Error carrying {code, message}. It
// drives the same App intents as the UI.
(function() {
  var loaded = false;
  // A JS string may hold a lone UTF-16 surrogate (a cut emoji); JSON.stringify writes it as "\ud83d",
  // which is not Unicode and which the C++ JSON reader refuses. Such a unit becomes U+FFFD, as a UTF-8
  // decoder does with a broken sequence, so the rest of the text still arrives.
  var loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  var loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;   // each one, for counting
  function wellFormed(s) {
    if (typeof s.toWellFormed === 'function') return s.toWellFormed();
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), pair = c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length &&
          s.charCodeAt(i + 1) >= 0xDC00 && s.charCodeAt(i + 1) <= 0xDFFF;
      if (pair) { out += s.substr(i, 2); i++; } else out += c >= 0xD800 && c <= 0xDFFF ? '\uFFFD' : s[i];
    }
    return out;
  }
  function clean(key, value) { return typeof value === 'string' && loneSurrogate.test(value) ? wellFormed(value) : value; }
  // JS -> wasm: each string copied into wasm memory as NUL-terminated UTF-8, use(pointers...) called
  // with them, and the copies freed after it returns; returns what use returned.
  function withUtf8(strings, use) {
    var sizes = [];
    var ptrs = strings.map(function(s) {
      var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
      stringToUTF8(s, p, n);
      sizes.push(n);
      return p;
    });
    // A string may hold a key: each copy is zeroed before its memory is reused.
    try { return use.apply(null, ptrs); }
    finally { ptrs.forEach(function(p, i) { HEAPU8.fill(0, p, p + sizes[i]); _free(p); }); }
  }
  // wasm -> JS: the JSON text at ptr (UTF-8, owned by C++) as a value.
  function jsonFromWasm(ptr) { return JSON.parse(UTF8ToString(ptr)); }
  function call(method, args) {
    if (!loaded) {   // the page script exists before the wasm module is compiled and started
      var err = new Error('TalkPress is still loading; wait for talkpress.ready.');
      err.code = 'not_ready';
      throw err;
    }
    var a = JSON.stringify(args === undefined ? {} : args, clean);
    var r = withUtf8([method, a], function(pm, pa) { return jsonFromWasm(_tp_api(pm, pa)); });
    a = args = null;   // the arguments may hold a key: no reference outlives the call
    // An API error is {error: {code, message}}; status() has a boolean "error" of its own.
    if (r && r.error && typeof r.error === 'object') { var e = new Error(r.error.message); e.code = r.error.code; throw e; }
    return r;
  }
  var nextPromise = 1;
  // Async methods: C++ settles the Promise later through tp_js_settle (main.cpp), which calls settle.
  function callAsync(method, args) {
    var id = nextPromise++;
    return new Promise(function(resolve, reject) {
      api._pending[id] = {resolve: resolve, reject: reject};
      var a = Object.assign({}, args || {}, {promiseId: id});
      try { call(method, a); } catch (e) { delete api._pending[id]; reject(e); }
    });
  }
  // The transcript goes to wasm memory as UTF-8 directly, not inside the JSON arguments (escaping, copying
  // and parsing 20 MB of JSON would itself block the page). TextEncoder writes U+FFFD for a lone surrogate.
  // Up to kEncodeSliceChars characters are encoded in the call itself; a longer text slice by slice, one
  // task each (about 10 ms per 2 million characters), so no task of the page takes long.
  var kEncodeSliceChars = 1 << 21;
  var transcriptCalls = 0;   // the newest setTranscript wins over one still being encoded
  // `fn` gets {ptr, length} of a copy of `bytes` in wasm memory, wiped and freed after it.
  function withWasmBytes(bytes, fn) {
    var p = _malloc(bytes.length + 1);
    HEAPU8.set(bytes, p);
    try { return fn({ptr: p, length: bytes.length}); }
    finally { HEAPU8.fill(0, p, p + bytes.length); _free(p); }
  }
  function replacedError() {
    var e = new Error('Another transcript replaced this one before it was read.');
    e.code = 'replaced';
    return e;
  }
  var readyResolve;
  var api = {
    ready: new Promise(function(res) { readyResolve = res; }),
    stats: function() { return call('stats'); },
    // Transcript: a Promise of the parse summary {format, turns, speakers, durationSec, language,
    // estimatedTokens, warnings}, resolved once the text is read (a large one is encoded and read across
    // frames while the page keeps drawing; a text of up to 2 million characters is the app's as soon as the
    // call returns). meta: {title,
    // sourceUrl, format, removeNoise, language}. Rejects with {code: 'bad_input'} for an empty text or one
    // over the size limit (kMaxTranscriptBytes, core/transcript_input.h), keeping the saved transcript, and
    // with {code: 'replaced'} when another setTranscript (or a paste, a file, a parse option) came first.
    setTranscript: function(text, meta) {
      if (!loaded) return callAsync('setTranscript', {});   // rejects with not_ready
      text = String(text);
      // Broken UTF-16 is repaired on the way in (TextEncoder writes U+FFFD); the app says so.
      var broken = loneSurrogate.test(text) ? text.match(loneSurrogates).length : 0;
      var m = broken ? Object.assign({}, meta || {}, {repairedCount: broken}) : meta || {};
      var callNo = ++transcriptCalls, encoder = new TextEncoder();
      if (text.length <= kEncodeSliceChars) {
        return withWasmBytes(encoder.encode(text), function(tb) { return callAsync('setTranscript', {textBytes: tb, meta: m}); });
      }
      // Each slice goes to the app as soon as it is encoded (stageTranscript), so the last task only hands
      // the assembled text over instead of copying all of it.
      return new Promise(function(resolve, reject) {
        var at = 0;
        (function next() {
          if (callNo !== transcriptCalls) return reject(replacedError());
          if (at >= text.length) return callAsync('setTranscript', {staged: true, meta: m}).then(resolve, reject);
          var end = Math.min(text.length, at + kEncodeSliceChars), last = text.charCodeAt(end - 1);
          if (end < text.length && last >= 0xD800 && last <= 0xDBFF) end++;   // a surrogate pair stays whole
          var first = at === 0;
          var staged = withWasmBytes(encoder.encode(text.slice(at, end)), function(tb) {
            return call('stageTranscript', {textBytes: tb, first: first, expectedBytes: first ? text.length : 0});
          });
          at = staged.overLimit ? text.length : end;   // refused by size: the rest need not be encoded
          setTimeout(next, 0);
        })();
      });
    },
    // The current parse summary, with {reading, readProgress} while a large transcript is being read.
    summary: function() { return call('summary'); },
    // What the Transcript tab shows: {title, sourceUrl, format, removeNoise, transcript, transcriptVersion,
    // darkTheme, editingMarkdown}; setProject({title, sourceUrl, removeNoise, darkTheme}) changes them.
    project: function() { return call('project'); },
    setProject: function(p) { return call('setProject', p || {}); },
    // The status bar: {text, error}.
    status: function() { return call('status'); },
    renameSpeaker: function(label, name, role) { return call('renameSpeaker', {label: label, name: name, role: role || ''}); },
    // Spec: a preset id or name, or a spec object. Returns {ok, errors, warnings, spec}.
    setSpec: function(presetNameOrObject) { return call('setSpec', {spec: presetNameOrObject}); },
    getSpec: function() { return call('getSpec'); },
    skeleton: function() { return call('skeleton'); },
    presets: function() { return call('presets'); },
    // Your own presets, saved on this device: savePreset(name) stores the current spec.
    savePreset: function(name) { return call('savePreset', {name: name}); },
    deletePreset: function(name) { return call('deletePreset', {name: name}); },
    // Providers. setProvider({kind|preset, baseUrl, apiKey, model, concurrency}); the key is never returned.
    providerPresets: function() { return call('providerPresets'); },
    setProvider: function(p) { return call('setProvider', p || {}); },
    getProvider: function() { return call('getProvider'); },
    // What choosing a preset in the Model tab does (a key never follows to another origin).
    chooseProviderPreset: function(id) { return call('chooseProviderPreset', {id: id}); },
    listModels: function() { return callAsync('listModels'); },
    // One request: {system, user, schema, maxTokens, stream, firstByteTimeoutMs, idleTimeoutMs, answerStallMs
    // (keep-alives without text once the answer started)} ->
    // Promise of {text, finishReason, usage, attempts}, rejecting with {code, message, partialText}.
    complete: function(req) { return callAsync('complete', req || {}); },
    cancel: function() { return call('cancel'); },
    // The whole article: Promise of {markdown, checks, usage}, rejecting with {code, message}.
    generate: function() { return callAsync('generate'); },
    // Progress: {status, steps:[{id, kind, state, attempts, inputTokens, outputTokens, error}], plan}.
    state: function() { return call('state'); },
    retryStep: function(id) { return call('retryStep', {id: id}); },
    // index from 0; resolves with {markdown (the article as shown, your edits elsewhere kept), generated, checks}.
    regenerateSection: function(index, instruction) { return callAsync('regenerateSection', {index: index, instruction: instruction || ''}); },
    // The article: {markdown, version, history, checks, title, downloadName}; setArticle(markdown) shows your
    // own Markdown (undoable); undo() brings back the version before the last replacement;
    // exportHtml() -> {html (standalone document), wechatHtml (fragment for the WeChat editor), fileName}.
    article: function() { return call('article'); },
    setArticle: function(markdown) { return call('setArticle', {markdown: String(markdown)}); },
    undo: function() { return call('undo'); },
    exportHtml: function() { return call('exportHtml'); },
    // Checks of the current article, or of the given Markdown, against the transcript and the spec.
    verify: function(markdown) { return call('verify', markdown === undefined ? {} : {markdown: String(markdown)}); },
    // The names and terms the run fixed: [{source, rendering, kind, note}]; a correction re-renders the article.
    glossary: function() { return call('glossary'); },
    correctGlossary: function(entry) { return call('correctGlossary', entry || {}); },
    // 'full' | 'key_exchanges' | 'off', keeping what is already written.
    setDialogueLength: function(length) { return call('setDialogueLength', {length: length}); },
    // Past articles (newest first): history() -> {loaded, entries: [{id, title, created, chars, model}]};
    // openHistory(id) brings one back (undoable); exportHistory() -> {json, fileName}.
    history: function() { return call('history'); },
    openHistory: function(id) { return call('openHistory', {id: String(id)}); },
    deleteHistory: function(id) { return call('deleteHistory', {id: String(id)}); },
    renameHistory: function(id, title) { return call('renameHistory', {id: String(id), title: String(title)}); },
    exportHistory: function() { return call('exportHistory'); },
    // Screen rectangle {x, y, w, h} (CSS px) of a named widget drawn in the last frame, for UI tests.
    itemRect: function(name) { return call('itemRect', {name: name}); },
    _pending: {},
  };
  // ok resolves the Promise with the JSON at jsonPtr; otherwise it rejects with an Error carrying the
  // JSON's fields (code, status, partialText, ...).
  function settle(promiseId, ok, jsonPtr) {
    var p = api._pending[promiseId];
    if (!p) return;
    delete api._pending[promiseId];
    var v = jsonFromWasm(jsonPtr);
    if (ok) { p.resolve(v); return; }
    var e = new Error(v.message);
    for (var k in v) if (k !== 'message') e[k] = v[k];
    p.reject(e);
  }
  api._call = call;
  api._settle = settle;
  window.talkpress = api;
  var prev = Module.onRuntimeInitialized;
  Module.onRuntimeInitialized = function() { if (prev) prev(); loaded = true; readyResolve(api); };
})();
