// HTTP seam for the browser: fetch() with a streamed body reader, called from C++ (web_transport.cpp).
// Quirks handled here:
// - Only the headers C++ gives are sent: SDK-style extras (x-stainless-*, OpenAI-Beta) fail CORS
//   preflights on several providers.
// - Chunks reach C++ as they arrive (reader.read()), copied through malloc'd buffers.
// - Two watchdogs: first byte (until the first body chunk) and idle (between chunks). Any bytes,
//   including SSE keep-alive comments, reset the idle timer. A watchdog aborts through the same
//   AbortController as a user cancel, but is reported as a timeout.
// - After tp_http_abort(id) nothing more is reported for that id (the C++ side already moved on).
// - A rejected fetch() is a TypeError with no status: CORS, DNS, refused connection and offline all
//   look alike from a page; C++ turns it into an actionable message.
// - Retry-After is readable only when the provider exposes it (Access-Control-Expose-Headers).
// - The page policy (boot.js) allows only the provider origin saved when the page loaded (on a first
//   visit, https origins and this machine until a provider is chosen or first requested, then only that
//   origin). A request to the
//   origin the user has since chosen (already saved: settings are written at the end of the frame that
//   changed them) fails with a message and reloads the page once, which brings the new origin into the
//   policy; a request anywhere else is left to the policy to block.
mergeInto(LibraryManager.library, {
  $TPHttp: {
    live: {},
    // The origin of the saved provider when it is `origin`, else ''.
    savedProviderIs: function(origin) {
      try {
        var p = JSON.parse(localStorage.getItem('talkpress.settings') || '{}').provider || {};
        return new URL(String(p.baseUrl)).origin === origin;
      } catch (e) { return false; }
    },
    // True when the page will reload to let `url` through; once per origin per tab, so a policy that still
    // refuses it after the reload cannot loop.
    reloadFor: function(url) {
      var origin;
      try { origin = new URL(url).origin; } catch (e) { return false; }
      if (!TPHttp.savedProviderIs(origin)) return false;
      try {
        if (sessionStorage.getItem('talkpress.policyReload') === origin) return false;
        sessionStorage.setItem('talkpress.policyReload', origin);
      } catch (e) { return false; }
      setTimeout(function() { location.reload(); }, 400);
      return true;
    },
  },

  tp_http_start__deps: ['$TPHttp', 'malloc', 'free'],
  tp_http_start: function(id, methodPtr, urlPtr, headersJsonPtr, bodyPtr, bodyLen, firstByteMs, idleMs) {
    var method = UTF8ToString(methodPtr), url = UTF8ToString(urlPtr);
    var headers = JSON.parse(UTF8ToString(headersJsonPtr));
    var body = method === 'GET' ? undefined : HEAPU8.slice(bodyPtr, bodyPtr + bodyLen);
    var ctl = new AbortController();
    var st = { ctl: ctl, done: false, timedOut: 0, timer: 0 };
    TPHttp.live[id] = st;
    var report = function(fn) { if (!st.done) fn(); };
    var finish = function() { st.done = true; clearTimeout(st.timer); delete TPHttp.live[id]; };
    var arm = function(kind, ms) {
      clearTimeout(st.timer);
      st.timer = setTimeout(function() { st.timedOut = kind; ctl.abort(); }, ms);
    };
    var policy = window.talkpressPolicy;
    if (policy && policy.choose) { try { policy.choose(new URL(url).origin); } catch (e) { /* not a URL: fetch says so */ } }
    if (policy && !policy.allows(url) && TPHttp.reloadFor(url)) {
      setTimeout(function() {
        report(function() {
          finish();
          var msg = 'Reloading the page so it may connect to ' + new URL(url).origin +
                    ' (the page connects only to the chosen provider). Enter the key again if it is not remembered.';
          var n = lengthBytesUTF8(msg) + 1, p = _malloc(n);
          stringToUTF8(msg, p, n);
          _tp_http_on_fail(id, 0, p);
          _free(p);
        });
      }, 0);
      return;
    }
    arm(2, firstByteMs);
    fetch(url, { method: method, headers: headers, body: body, signal: ctl.signal, credentials: 'omit',
                 cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function(res) {
        report(function() {
          var ra = res.headers.get('retry-after') || '';
          var n = lengthBytesUTF8(ra) + 1, p = _malloc(n);
          stringToUTF8(ra, p, n);
          _tp_http_on_response(id, res.status, p);
          _free(p);
        });
        if (!res.body) return res.arrayBuffer().then(function(buf) { return [new Uint8Array(buf)]; });
        var reader = res.body.getReader();
        var pump = function() {
          return reader.read().then(function(r) {
            if (st.done) { reader.cancel().catch(function() {}); return null; }
            if (r.done) return null;
            arm(3, idleMs);
            var chunk = r.value, p = _malloc(chunk.length || 1);
            HEAPU8.set(chunk, p);
            _tp_http_on_body(id, p, chunk.length);
            _free(p);
            return pump();
          });
        };
        return pump();
      })
      .then(function(rest) {
        if (rest) rest.forEach(function(chunk) {
          report(function() { var p = _malloc(chunk.length || 1); HEAPU8.set(chunk, p); _tp_http_on_body(id, p, chunk.length); _free(p); });
        });
        report(function() { finish(); _tp_http_on_end(id); });
      })
      .catch(function(err) {
        report(function() {
          var kind = st.timedOut || (err && err.name === 'AbortError' ? 1 : 0);
          var msg = String((err && err.message) || err || 'network error');
          finish();
          var n = lengthBytesUTF8(msg) + 1, p = _malloc(n);
          stringToUTF8(msg, p, n);
          _tp_http_on_fail(id, kind, p);
          _free(p);
        });
      });
  },

  tp_http_abort__deps: ['$TPHttp'],
  tp_http_abort: function(id) {
    var st = TPHttp.live[id];
    if (!st) return;
    st.done = true;
    clearTimeout(st.timer);
    delete TPHttp.live[id];
    st.ctl.abort();
  },

  tp_http_choose_origin: function(originPtr) {
    var policy = window.talkpressPolicy;
    if (policy && policy.choose) policy.choose(UTF8ToString(originPtr));
  },

  tp_timer_set: function(id, ms) {
    return setTimeout(function() { _tp_timer_fire(id); }, ms);
  },
  tp_timer_clear: function(handle) { clearTimeout(handle); },
});
