// Text overlay seam (platform/text_overlay.h): real <textarea> elements laid over ImGui rectangles.
// Quirks handled here:
// - Positions are ImGui coordinates = CSS pixels relative to the canvas, so they follow scroll, resize
//   and devicePixelRatio changes without conversion. The canvas's own offset comes from web_input.js's
//   last resize: reading offsetLeft here would lay out the page inside the frame, new box included.
// - Overlays sit above the canvas in the DOM, so ImGui popups cannot draw over them: C++ does not place
//   an overlay while a popup is open, and every overlay not placed in a frame is hidden at its end.
// - A paste that would take the text over the app's limit (LimitTextOverlay) is cancelled in the paste
//   event, before the textarea inserts it, and reported to C++ by its size.
// - Edits reach C++ after a short pause in typing (kHandOverMs), and only the changed range crosses:
//   the box's text is compared with the text it held at the last hand-over (common start and end), and
//   the middle is sent with its position in UTF-16 units; C++ applies it to its copy of that text
//   (utf8::ApplyUtf16Splice) and asks for the whole text when the copy is not what the box was shown.
// - Text set before the element exists (a reload restores it before the tab is drawn) is kept and
//   shown when the element is created; every edit carries the version of the text it was made on, so
//   C++ refuses an edit typed into a box that did not yet show the current text.
// - Ctrl/Cmd+Z in a box the user has not typed in since its text was set goes to the app's own
//   history (setting .value leaves the textarea nothing to undo).
// - Keys typed in an overlay must not reach ImGui's text agent: the overlay keeps its own focus, and
//   clicks on the canvas give focus back to the agent (web_input.js).
// - The font stack matches the Canvas2D glyphs (web_fonts.js), so the overlay looks like the app.
mergeInto(LibraryManager.library, {
  $TPOverlay: { els: {}, placed: {}, dirty: {}, timers: {}, text: {}, version: {}, pristine: {}, undo: {}, limit: {}, refused: {},
                shown: {},      // id -> the text the box held at the last set or hand-over: the base of the next splice
                inputAt: -1e9,  // when the user last typed in any box (performance.now())
    // The pause in typing after which the box's text is handed to the app. The hand-over costs a few
    // milliseconds whatever the text's size (only the changed range crosses, in a frame that does not
    // draw, after any key waiting to be shown), so its timing barely matters for smoothness and is chosen
    // for the user: a fluent typist's keys mostly come under 150 ms apart, so a word is handed over once,
    // not per key, while the app's counts and Generate follow within a blink of a pause. A reload or a
    // closed tab inside the pause loses nothing (pagehide hands over and saves at once).
    kHandOverMs: 150,
    // Common start of a and b, in UTF-16 units, never splitting a surrogate pair: compared in blocks
    // (string equality runs in native code even before the JIT has seen this function).
    commonStart: function(a, b, limit) {
      var i = 0;
      for (var step = 65536; step >= 1; step >>= 4)
        while (i + step <= limit && a.substr(i, step) === b.substr(i, step)) i += step;
      if (i > 0 && (b.charCodeAt(i - 1) & 0xFC00) === 0xD800) i--;
      return i;
    },
    commonEnd: function(a, b, limit) {
      var i = 0, na = a.length, nb = b.length;
      for (var step = 65536; step >= 1; step >>= 4)
        while (i + step <= limit && a.substr(na - i - step, step) === b.substr(nb - i - step, step)) i += step;
      if (i > 0 && (b.charCodeAt(nb - i) & 0xFC00) === 0xDC00) i--;
      return i;
    },
    // Unpaired UTF-16 surrogates (pasted halves of an emoji) become U+FFFD, counted: Emscripten's
    // encoder would otherwise pair a lone surrogate with the character after it into a wrong code point.
    encode: function(text, lengthPtr, brokenPtr) {
      var broken = 0;
      text = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        function() { broken++; return '\uFFFD'; });
      var n = lengthBytesUTF8(text) + 1, p = _malloc(n);
      stringToUTF8(text, p, n);
      HEAP32[lengthPtr >> 2] = n - 1;
      HEAP32[brokenPtr >> 2] = broken;
      return p;
    },
  },

  tp_overlay_place__deps: ['$TPOverlay', '$TPWeb'],
  tp_overlay_place: function(idPtr, x, y, w, h, fontSize, placeholderPtr, dark) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el) {
      el = document.createElement('textarea');
      el.id = 'tp-overlay-' + id;
      el.className = 'tp-overlay';
      el.setAttribute('spellcheck', 'false');
      el.addEventListener('input', function() {
        TPOverlay.pristine[id] = false;
        TPOverlay.inputAt = performance.now();
        clearTimeout(TPOverlay.timers[id]);
        // One frame: it takes the edit without drawing (main.cpp); a change to show asks for more.
        TPOverlay.timers[id] = setTimeout(function() { TPOverlay.timers[id] = 0; TPOverlay.dirty[id] = true; _tp_wake_once(); },
                                          TPOverlay.kHandOverMs);
      });
      // A reload or a closed tab within the pause: what was typed is handed over and saved now.
      if (!TPOverlay.flushOnHide) {
        TPOverlay.flushOnHide = true;
        window.addEventListener('pagehide', function() {
          for (var k in TPOverlay.timers) if (TPOverlay.timers[k]) {
            clearTimeout(TPOverlay.timers[k]);
            TPOverlay.timers[k] = 0;
            TPOverlay.dirty[k] = true;
          }
          _tp_page_hiding();   // also saves an edit handed over but not saved yet
        });
      }
      // A paste that would put more than the app's limit into the box is cancelled here, before the
      // textarea takes it in (50 MB takes the browser most of a minute), and the app says why.
      el.addEventListener('paste', function(e) {
        var max = TPOverlay.limit[id];
        if (!max || !e.clipboardData) return;
        var t = e.clipboardData.getData('text/plain');
        var a = el.selectionStart, b = el.selectionEnd, units = el.value.length - (b - a) + t.length;
        if (units * 3 <= max) return;   // fits, whatever its characters
        // A UTF-16 unit is at least one UTF-8 byte; the exact count only near the limit.
        var bytes = units > max ? units
            : lengthBytesUTF8(el.value.slice(0, a)) + lengthBytesUTF8(t) + lengthBytesUTF8(el.value.slice(b));
        if (bytes <= max) return;
        e.preventDefault();
        TPOverlay.refused[id] = bytes;
        _tp_wake();
      });
      // Paste, IME and undo are the textarea's own; only wake the app so the UI can follow.
      el.addEventListener('keydown', function(e) {
        e.stopPropagation();
        var cmd = /Mac|iPhone|iPad/.test(navigator.platform || '') ? e.metaKey : e.ctrlKey;
        if (cmd && !e.shiftKey && (e.key === 'z' || e.key === 'Z') && TPOverlay.pristine[id] !== false) {
          e.preventDefault();
          TPOverlay.undo[id] = true;
          _tp_wake();
        }
      });
      document.getElementById('app').appendChild(el);
      TPOverlay.els[id] = el;
      if (TPOverlay.text[id] !== undefined) el.value = TPOverlay.text[id];
    }
    var s = el.style, b = TPWeb.box;   // the canvas's offset as of its last resize: no layout inside the frame
    s.left = (b.left + x) + 'px'; s.top = (b.top + y) + 'px';
    s.width = Math.max(0, w) + 'px'; s.height = Math.max(0, h) + 'px';
    s.fontSize = fontSize + 'px';
    el.placeholder = UTF8ToString(placeholderPtr);
    el.classList.toggle('dark', !!dark);
    if (el.hidden) el.hidden = false;
    el.tpBox = b;   // web_input.js replaces TPWeb.box on every resize
    TPOverlay.placed[id] = true;
  },

  // The box stays where tp_overlay_place last put it (C++ compared the arguments): marked placed for
  // this frame. 0 when it must be placed again: it does not exist yet, was hidden, or the canvas moved.
  tp_overlay_keep__deps: ['$TPOverlay', '$TPWeb'],
  tp_overlay_keep: function(idPtr) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el || el.hidden || el.tpBox !== TPWeb.box) return 0;
    TPOverlay.placed[id] = true;
    return 1;
  },

  tp_overlay_set__deps: ['$TPOverlay'],
  tp_overlay_set: function(idPtr, textPtr, version) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    var t = UTF8ToString(textPtr);
    TPOverlay.version[id] = version;
    TPOverlay.shown[id] = t;   // C++ keeps these same bytes as the base of the next splice
    TPOverlay.pristine[id] = true;
    TPOverlay.dirty[id] = false;
    clearTimeout(TPOverlay.timers[id]);
    TPOverlay.timers[id] = 0;
    if (!el) { TPOverlay.text[id] = t; return; }   // shown when the element is created
    delete TPOverlay.text[id];
    if (el.value !== t) el.value = t;
  },

  // Returns a malloc'd UTF-8 string when the user edited the text since the last call, else 0: the text
  // that replaces the units splicePtr[1]..splicePtr[1]+splicePtr[2] of the text last shown or handed over
  // (splicePtr[0] = 1; splicePtr[3] = that text's length in units), or the whole text (splicePtr[0] = 0:
  // the box holds no earlier text). *basePtr receives the version the box showed (-1 when the app never
  // set its text), *lengthPtr the length in bytes (the text may hold NUL characters), *brokenPtr how many
  // unpaired UTF-16 surrogates were replaced with U+FFFD (see encode).
  tp_overlay_take__deps: ['$TPOverlay', 'malloc'],
  tp_overlay_take: function(idPtr, basePtr, lengthPtr, brokenPtr, splicePtr) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el || !TPOverlay.dirty[id]) return 0;
    TPOverlay.dirty[id] = false;
    HEAP32[basePtr >> 2] = TPOverlay.version[id] === undefined ? -1 : TPOverlay.version[id];
    var now = el.value, before = TPOverlay.shown[id];
    TPOverlay.shown[id] = now;
    if (before === undefined) {
      HEAP32[splicePtr >> 2] = 0;
      return TPOverlay.encode(now, lengthPtr, brokenPtr);
    }
    var limit = Math.min(before.length, now.length);
    var start = TPOverlay.commonStart(before, now, limit);
    var end = TPOverlay.commonEnd(before, now, limit - start);
    HEAP32[splicePtr >> 2] = 1;
    HEAP32[(splicePtr >> 2) + 1] = start;
    HEAP32[(splicePtr >> 2) + 2] = before.length - start - end;
    HEAP32[(splicePtr >> 2) + 3] = before.length;
    return TPOverlay.encode(now.substring(start, now.length - end), lengthPtr, brokenPtr);
  },

  // The whole text of the last hand-over, when C++ could not apply its splice (malloc'd, as above).
  tp_overlay_take_whole__deps: ['$TPOverlay', 'malloc'],
  tp_overlay_take_whole: function(idPtr, lengthPtr, brokenPtr) {
    var id = UTF8ToString(idPtr);
    return TPOverlay.encode(TPOverlay.shown[id] || '', lengthPtr, brokenPtr);
  },

  tp_overlay_edit_pending__deps: ['$TPOverlay'],
  tp_overlay_edit_pending: function(idPtr) {
    var id = UTF8ToString(idPtr);
    return TPOverlay.els[id] && TPOverlay.dirty[id] ? 1 : 0;
  },

  // True when the user typed in a box within the last frame (its picture is not shown yet) or the
  // browser holds input not yet dispatched: work that can wait a frame waits.
  tp_overlay_input_waiting__deps: ['$TPOverlay'],
  tp_overlay_input_waiting: function() {
    if (performance.now() - TPOverlay.inputAt < 17) return 1;
    var s = navigator.scheduling;
    return s && s.isInputPending && s.isInputPending() ? 1 : 0;
  },

  tp_overlay_limit__deps: ['$TPOverlay'],
  tp_overlay_limit: function(idPtr, maxBytes) { TPOverlay.limit[UTF8ToString(idPtr)] = maxBytes; },

  // The size of a paste refused since the last call (0 when none).
  tp_overlay_take_refusal__deps: ['$TPOverlay'],
  tp_overlay_take_refusal: function(idPtr) {
    var id = UTF8ToString(idPtr), b = TPOverlay.refused[id] || 0;
    TPOverlay.refused[id] = 0;
    return b;
  },

  tp_overlay_take_undo__deps: ['$TPOverlay'],
  tp_overlay_take_undo: function(idPtr) {
    var id = UTF8ToString(idPtr);
    if (!TPOverlay.undo[id]) return 0;
    TPOverlay.undo[id] = false;
    return 1;
  },

  tp_overlay_end_frame__deps: ['$TPOverlay'],
  tp_overlay_end_frame: function() {
    for (var id in TPOverlay.els) {
      var el = TPOverlay.els[id];
      if (!TPOverlay.placed[id] && !el.hidden) {
        if (document.activeElement === el) el.blur();
        el.hidden = true;
      }
    }
    TPOverlay.placed = {};
  },
});
