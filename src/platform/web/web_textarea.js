// Text overlay seam (platform/text_overlay.h): real <textarea> elements laid over ImGui rectangles.
// Quirks handled here:
// - Positions are ImGui coordinates = CSS pixels relative to the canvas, so they follow scroll, resize
//   and devicePixelRatio changes without conversion.
// - Overlays sit above the canvas in the DOM, so ImGui popups cannot draw over them: C++ does not place
//   an overlay while a popup is open, and every overlay not placed in a frame is hidden at its end.
// - Edits reach C++ debounced (150 ms): a 1 MB transcript is copied once per pause, not per keystroke.
// - Keys typed in an overlay must not reach ImGui's text agent: the overlay keeps its own focus, and
//   clicks on the canvas give focus back to the agent (web_input.js).
// - The font stack matches the Canvas2D glyphs (web_fonts.js), so the overlay looks like the app.
mergeInto(LibraryManager.library, {
  $TPOverlay: { els: {}, placed: {}, dirty: {}, timers: {} },

  tp_overlay_place__deps: ['$TPOverlay'],
  tp_overlay_place: function(idPtr, x, y, w, h, fontSize, placeholderPtr, dark) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el) {
      el = document.createElement('textarea');
      el.id = 'tp-overlay-' + id;
      el.className = 'tp-overlay';
      el.setAttribute('spellcheck', 'false');
      el.addEventListener('input', function() {
        clearTimeout(TPOverlay.timers[id]);
        TPOverlay.timers[id] = setTimeout(function() { TPOverlay.dirty[id] = true; _tp_wake(); }, 150);
      });
      // Paste, IME and undo are the textarea's own; only wake the app so the UI can follow.
      el.addEventListener('keydown', function(e) { e.stopPropagation(); });
      document.getElementById('app').appendChild(el);
      TPOverlay.els[id] = el;
    }
    var c = document.getElementById('canvas');
    var s = el.style;
    s.left = (c.offsetLeft + x) + 'px'; s.top = (c.offsetTop + y) + 'px';
    s.width = Math.max(0, w) + 'px'; s.height = Math.max(0, h) + 'px';
    s.fontSize = fontSize + 'px';
    el.placeholder = UTF8ToString(placeholderPtr);
    el.classList.toggle('dark', !!dark);
    if (el.hidden) el.hidden = false;
    TPOverlay.placed[id] = true;
  },

  tp_overlay_set__deps: ['$TPOverlay'],
  tp_overlay_set: function(idPtr, textPtr) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el) return;
    var t = UTF8ToString(textPtr);
    if (el.value !== t) el.value = t;
    TPOverlay.dirty[id] = false;
  },

  // Returns a malloc'd UTF-8 copy of the text when the user edited it since the last call, else 0.
  tp_overlay_take__deps: ['$TPOverlay', 'malloc'],
  tp_overlay_take: function(idPtr) {
    var id = UTF8ToString(idPtr), el = TPOverlay.els[id];
    if (!el || !TPOverlay.dirty[id]) return 0;
    TPOverlay.dirty[id] = false;
    var n = lengthBytesUTF8(el.value) + 1, p = _malloc(n);
    stringToUTF8(el.value, p, n);
    return p;
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
