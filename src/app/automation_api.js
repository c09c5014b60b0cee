// window.talkpress: the automation API (tests, power users, embedding). Each method calls the C++
// entry point tp_api(method, argsJson) and returns its parsed JSON; an {error} result is thrown as
// an Error carrying {code, message}. It drives the same code paths as the UI.
(function() {
  function call(method, args) {
    var a = JSON.stringify(args === undefined ? {} : args);
    var n1 = lengthBytesUTF8(method) + 1, n2 = lengthBytesUTF8(a) + 1;
    var pm = _malloc(n1), pa = _malloc(n2);
    stringToUTF8(method, pm, n1); stringToUTF8(a, pa, n2);
    var out = UTF8ToString(_tp_api(pm, pa));
    _free(pm); _free(pa);
    var r = JSON.parse(out);
    if (r && r.error) { var e = new Error(r.error.message); e.code = r.error.code; throw e; }
    return r;
  }
  var readyResolve;
  var api = {
    ready: new Promise(function(res) { readyResolve = res; }),
    stats: function() { return call('stats'); },
    // Transcript: parse summary {format, turns, speakers, durationSec, language, estimatedTokens, warnings}.
    // meta: {title, sourceUrl, format, removeNoise, language}
    setTranscript: function(text, meta) { return call('setTranscript', {text: String(text), meta: meta || {}}); },
    summary: function() { return call('summary'); },
    renameSpeaker: function(label, name, role) { return call('renameSpeaker', {label: label, name: name, role: role || ''}); },
    // Spec: a preset id or name, or a spec object. Returns {ok, errors, warnings, spec}.
    setSpec: function(presetNameOrObject) { return call('setSpec', {spec: presetNameOrObject}); },
    getSpec: function() { return call('getSpec'); },
    skeleton: function() { return call('skeleton'); },
    presets: function() { return call('presets'); },
  };
  api._call = call;
  window.talkpress = api;
  var prev = Module.onRuntimeInitialized;
  Module.onRuntimeInitialized = function() { if (prev) prev(); readyResolve(api); };
})();
