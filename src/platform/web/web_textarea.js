// Text overlay seam (platform/text_overlay.h): real <textarea> elements laid over ImGui rectangles.
// Quirks handled here:
// - Positions are ImGui coordinates = CSS pixels relative to the canvas, so they follow scroll, resize
//   and devicePixelRatio changes without conversion. The canvas's own offset comes from web_input.js's
//   last resize: reading offsetLeft here would lay out the page inside the frame, new box included.
// - Overlays sit above the canvas in the DOM, so ImGui popups cannot draw over them: C++ does not place
//   an overlay while a popup is open, and every overlay not placed in a frame is hidden at its end.
// - A paste that would take the text over the app's limit (LimitTextOverlay) is cancelled in the paste
//   event, before the textarea inserts it, and reported to C++ by its size.
// - Edits reach C++ debounced (150 ms): a 1 MB transcript is copied once per pause, not per keystroke.
// - Text set before the element exists (a reload restores it before the tab is drawn) is kept and
//   shown when the element is created; every edit carries the version of the text it was made on, so
//   C++ refuses an edit typed into a box that did not yet show the current text.
// - Ctrl/Cmd+Z in a box the user has not typed in since its text was set goes to the app's own
//   history (setting .value leaves the textarea nothing to undo).
// - Keys typed in an overlay must not reach ImGui's text agent: the overlay keeps its own focus, and
//   clicks on the canvas give focus back to the agent (web_input.js).
// - The font stack matches the Canvas2D glyphs (web_fonts.js), so the overlay looks like the app.
mergeInto(LibraryManager.library, {
  $TPOverlay: { els: {}, placed: {}, dirty: {}, timers: {}, text: {}, version: {}, pristine: {}, undo: {}, limit: {}, refused: {} },

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
        clearTimeout(TPOverlay.timers[id]);
        TPOverlay.timers[id] = setTimeout(function() { TPOverlay.dirty[id] = true; _tp_wake(); }, 150);
      });
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
    TPOverlay.placed[id] = true;
  },

  tp_overlay_set__deps: ['$TPOverlay'],
  tp_overlay_set: function(idPtr, textPtr, version) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    var t = UTF8ToString(textPtr);
    TPOverlay.version[id] = version;
    TPOverlay.pristine[id] = true;
    TPOverlay.dirty[id] = false;
    clearTimeout(TPOverlay.timers[id]);
    if (!el) { TPOverlay.text[id] = t; return; }   // shown when the element is created
    delete TPOverlay.text[id];
    if (el.value !== t) el.value = t;
  },

  // Returns a malloc'd UTF-8 copy of the text when the user edited it since the last call, else 0;
  // *basePtr receives the version the box showed (-1 when the app never set its text), *lengthPtr the
  // length in bytes (the text may hold NUL characters), *brokenPtr how many unpaired UTF-16 surrogates
  // (pasted halves of an emoji) were replaced with U+FFFD: Emscripten's encoder would otherwise pair a
  // lone surrogate with the character after it and turn both into a wrong code point.
  tp_overlay_take__deps: ['$TPOverlay', 'malloc'],
  tp_overlay_take: function(idPtr, basePtr, lengthPtr, brokenPtr) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el || !TPOverlay.dirty[id]) return 0;
    TPOverlay.dirty[id] = false;
    HEAP32[basePtr >> 2] = TPOverlay.version[id] === undefined ? -1 : TPOverlay.version[id];
    var broken = 0, text = el.value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      function() { broken++; return '\uFFFD'; });
    var n = lengthBytesUTF8(text) + 1, p = _malloc(n);
    stringToUTF8(text, p, n);
    HEAP32[lengthPtr >> 2] = n - 1;
    HEAP32[brokenPtr >> 2] = broken;
    return p;
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
