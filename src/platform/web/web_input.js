// Browser input seam for the ImGui platform layer (src/platform/web/imgui_impl_web.cpp).
// Index: tp_web_install (listeners) · text agent (keyboard, IME, clipboard) · resize/DPR · cursor · IME caret
//
// Quirks handled here, each with its reason:
// - All keyboard input goes through one hidden <textarea> (the "text agent"): a canvas never receives
//   composition events, so IME (Chinese/Japanese/Korean) and mobile keyboards only work through a real
//   editable element.
// - Ctrl/Cmd+C/X/V keydowns are never preventDefault()ed and V is never forwarded as a key: the browser
//   must fire copy/cut/paste events, which are the only synchronous access to the OS clipboard.
// - Keys are dropped while an IME composes (isComposing or keyCode 229): the IME owns Enter/Backspace.
// - Modifiers are read from every event, and all keys are released on blur, so no key ever sticks
//   (macOS does not send keyup for keys pressed while Cmd is held).
// - Strings cross into C++ through malloc'd buffers, not the stack: a pasted transcript can be megabytes.
// - Timed wakes are coalesced into one timer (tp_web_schedule_wake).
mergeInto(LibraryManager.library, {
  $TPWeb: {
    canvas: null, agent: null, composing: false, lastDpr: 0, isMac: false,
    wakeTimer: 0, wakeDue: 0,   // the one pending timed wake (tp_web_schedule_wake)
    // The canvas's offset in #app and its CSS size, read when it is resized: code that runs inside a frame
    // (text boxes, the IME caret) reads these instead of the layout, which would make the browser lay out
    // the page there and then.
    box: {left: 0, top: 0, width: 0, height: 0},
    passStr: function(fn, s) {
      var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
      stringToUTF8(s, p, n); fn(p); _free(p);
    },
    mods: function(e) {
      return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    },
    // CSS-pixel position of an event relative to the canvas.
    pos: function(e) {
      var r = TPWeb.canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    },
    resize: function() {
      var c = TPWeb.canvas, r = c.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
      TPWeb.box = {left: c.offsetLeft, top: c.offsetTop, width: r.width, height: r.height};
      var w = Math.max(1, Math.round(r.width * dpr)), h = Math.max(1, Math.round(r.height * dpr));
      if (c.width !== w) c.width = w;
      if (c.height !== h) c.height = h;
      _tp_on_resize(r.width, r.height, dpr);
    },
    // Browser zoom changes devicePixelRatio; a media query for the current value fires once when it
    // stops matching, so it is re-armed after every change.
    watchDpr: function() {
      var dpr = window.devicePixelRatio || 1;
      var mq = window.matchMedia('(resolution: ' + dpr + 'dppx)');
      var onChange = function() { mq.removeEventListener('change', onChange); TPWeb.resize(); TPWeb.watchDpr(); };
      mq.addEventListener('change', onChange);
    },
    focusAgent: function() {
      if (document.activeElement !== TPWeb.agent) TPWeb.agent.focus({preventScroll: true});
    },
  },

  tp_web_install__deps: ['$TPWeb', 'malloc', 'free'],
  tp_web_install: function() {
    var c = document.getElementById('canvas');
    TPWeb.canvas = c;
    TPWeb.isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
    c.style.touchAction = 'none';

    // --- pointer: mouse, pen and touch share one path; touch is reported as its own source ---
    var btn = function(b) { return b === 0 ? 0 : b === 2 ? 1 : b === 1 ? 2 : b; };
    c.addEventListener('pointermove', function(e) {
      var p = TPWeb.pos(e); _tp_on_mouse_pos(p[0], p[1], e.pointerType === 'touch' ? 1 : 0);
    });
    c.addEventListener('pointerdown', function(e) {
      c.setPointerCapture(e.pointerId);
      var p = TPWeb.pos(e); _tp_on_mouse_pos(p[0], p[1], e.pointerType === 'touch' ? 1 : 0);
      // ImGui decides what is under the pointer in a frame: run one at the new position before the
      // press, or a tap (touch) or a fast synthetic click lands on whatever was hovered before.
      _tp_run_frame_now();
      _tp_on_mouse_button(btn(e.button), 1);
      e.preventDefault();
      TPWeb.focusAgent();
    });
    c.addEventListener('pointerup', function(e) {
      var p = TPWeb.pos(e); _tp_on_mouse_pos(p[0], p[1], e.pointerType === 'touch' ? 1 : 0);
      _tp_on_mouse_button(btn(e.button), 0);
      // Run the frame inside the gesture: copy buttons and link opening need transient activation.
      _tp_run_frame_now();
    });
    c.addEventListener('pointerleave', function() { _tp_on_mouse_pos(-3.4e38, -3.4e38, 0); });
    c.addEventListener('contextmenu', function(e) { e.preventDefault(); });
    // Wheel: the browser's own deltas (smooth trackpad scrolling), normalised to ImGui's "lines".
    c.addEventListener('wheel', function(e) {
      var k = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 10 : 1 / 100;
      _tp_on_wheel(-e.deltaX * k, -e.deltaY * k);
      e.preventDefault();
    }, {passive: false});

    // --- text agent: index.html has it (styled by talkpress.css), so the page lays it out before the app
    // starts; a page without it gets one here. ---
    var a = document.getElementById('tp-text-agent');
    if (!a) {
      a = document.createElement('textarea');
      a.id = 'tp-text-agent';
      a.setAttribute('aria-label', 'TalkPress keyboard input');
      ['autocomplete', 'autocorrect', 'autocapitalize'].forEach(function(k) { a.setAttribute(k, 'off'); });
      a.setAttribute('spellcheck', 'false');
      c.parentElement.appendChild(a);
    }
    TPWeb.agent = a;

    a.addEventListener('keydown', function(e) {
      if (e.isComposing || e.keyCode === 229) return;
      var k = e.key.length === 1 ? e.key.toLowerCase() : '';
      var cmd = TPWeb.isMac ? e.metaKey : e.ctrlKey;
      if (cmd && (k === 'c' || k === 'x' || k === 'v')) {
        // Let the browser fire copy/cut/paste; those handlers talk to ImGui.
        return;
      }
      // Browser zoom (Ctrl/Cmd +/-/0) stays with the browser.
      if (cmd && (k === '+' || k === '-' || k === '=' || k === '0')) return;
      TPWeb.passStr(function(p) { _tp_on_key(p, 1, TPWeb.mods(e)); }, e.code || e.key);
      var nav = ['Tab', 'Backspace', 'Delete', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
        'PageUp', 'PageDown', 'Home', 'End', 'Escape', 'F1'];   // F1: the app's shortcuts, not the browser's help
      if (nav.indexOf(e.key) >= 0 || (cmd && (k === 'a' || k === 'z' || k === 'y'))) e.preventDefault();
    });
    a.addEventListener('keyup', function(e) {
      if (e.isComposing || e.keyCode === 229) return;
      TPWeb.passStr(function(p) { _tp_on_key(p, 0, TPWeb.mods(e)); }, e.code || e.key);
      // macOS swallows keyups of keys pressed while Cmd was down: release them all with Cmd.
      if (TPWeb.isMac && e.key === 'Meta') _tp_on_release_all_keys();
    });
    a.addEventListener('compositionstart', function() { TPWeb.composing = true; _tp_wake(); });
    a.addEventListener('compositionupdate', function(e) {
      TPWeb.passStr(function(p) { _tp_on_preedit(p); }, e.data || '');
    });
    a.addEventListener('compositionend', function(e) {
      TPWeb.composing = false;
      TPWeb.passStr(function(p) { _tp_on_preedit(p); }, '');
      if (e.data) TPWeb.passStr(function(p) { _tp_on_text(p); }, e.data);
      a.value = '';
    });
    a.addEventListener('input', function(e) {
      if (e.isComposing || TPWeb.composing) return;
      if (e.inputType === 'insertText' && e.data) TPWeb.passStr(function(p) { _tp_on_text(p); }, e.data);
      else if (e.inputType === 'deleteContentBackward') _tp_on_tap_key(1);   // Android keyboards
      else if (e.inputType === 'deleteContentForward') _tp_on_tap_key(2);
      else if (e.inputType === 'insertLineBreak') _tp_on_tap_key(3);
      a.value = '';
    });
    a.addEventListener('paste', function(e) {
      e.preventDefault();
      var text = (e.clipboardData && e.clipboardData.getData('text/plain')) || '';
      TPWeb.passStr(function(p) { _tp_on_paste(p); }, text.replace(/\r\n?/g, '\n'));
    });
    var copyOut = function(e, cut) {
      var p = _tp_on_copy(cut ? 1 : 0);
      var s = UTF8ToString(p);
      if (s.length === 0) return;
      e.preventDefault();
      e.clipboardData.setData('text/plain', s);
    };
    a.addEventListener('copy', function(e) { copyOut(e, false); });
    a.addEventListener('cut', function(e) { copyOut(e, true); });
    a.addEventListener('blur', function() { _tp_on_focus(0); });
    a.addEventListener('focus', function() { _tp_on_focus(1); });
    window.addEventListener('blur', function() { _tp_on_focus(0); });

    // --- WebGL context loss (GPU reset, driver update, too many contexts): keep the app, redraw after ---
    c.addEventListener('webglcontextlost', function(e) { e.preventDefault(); _tp_gl_lost(); });
    c.addEventListener('webglcontextrestored', function() { _tp_gl_restored(); });

    // --- size and density ---
    if (window.ResizeObserver) new ResizeObserver(function() { TPWeb.resize(); }).observe(c);
    window.addEventListener('resize', function() { TPWeb.resize(); });
    TPWeb.watchDpr();
    TPWeb.focusAgent();
    TPWeb.resize();
  },

  tp_web_set_cursor__deps: ['$TPWeb'],
  tp_web_set_cursor: function(kind) {
    var names = ['default', 'text', 'move', 'ns-resize', 'ew-resize', 'nesw-resize', 'nwse-resize',
      'pointer', 'wait', 'progress', 'not-allowed'];
    var n = kind < 0 ? 'none' : (names[kind] || 'default');
    // Compared with the last one set: reading the element's style each frame costs more than this.
    if (TPWeb.canvas && TPWeb.cursor !== n) { TPWeb.canvas.style.cursor = n; TPWeb.cursor = n; }
  },

  // Follow ImGui's text caret so the OS IME candidate window opens next to it.
  tp_web_set_ime_rect__deps: ['$TPWeb'],
  tp_web_set_ime_rect: function(want, x, y, h) {
    var a = TPWeb.agent; if (!a) return;
    var b = TPWeb.box;
    var left = Math.min(Math.max(0, x), b.width - 4), top = Math.min(Math.max(0, y), b.height - h);
    a.style.left = (b.left + left) + 'px';
    a.style.top = (b.top + top) + 'px';
    a.style.height = h + 'px';
    if (want) TPWeb.focusAgent();
  },

  // Programmatic copy ("Copy Markdown" buttons). Runs inside a pointerup frame, so the Async Clipboard
  // API has transient activation; execCommand is the fallback for browsers that refuse it.
  tp_web_copy_text__deps: ['$TPWeb'],
  tp_web_copy_text: function(ptr) {
    var s = UTF8ToString(ptr);
    var fallback = function() {
      var t = document.createElement('textarea'); t.value = s; document.body.appendChild(t); t.select();
      try { document.execCommand('copy'); } catch (e) {}
      document.body.removeChild(t); TPWeb.focusAgent();
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(fallback);
    else fallback();
  },

  tp_web_open_url: function(ptr) {
    var u = UTF8ToString(ptr);
    if (!/^(https?:|mailto:)/i.test(u)) return;   // model output is untrusted: only web and mail links
    window.open(u, '_blank', 'noopener,noreferrer');
  },

  // One pending wake, the earliest asked for. Every drawn frame asks again while something is due later
  // (a parse after typing stops, a tooltip's delay); a timer per request would wake three frames per
  // timer, each asking for another timer, and keep the page drawing until the due time.
  tp_web_schedule_wake__deps: ['$TPWeb'],
  tp_web_schedule_wake: function(ms) {
    var due = performance.now() + ms;
    if (TPWeb.wakeTimer && TPWeb.wakeDue <= due) return;
    clearTimeout(TPWeb.wakeTimer);
    TPWeb.wakeDue = due;
    TPWeb.wakeTimer = setTimeout(function() { TPWeb.wakeTimer = 0; _tp_timer_wake(); }, ms);
  },

  tp_web_heap_bytes: function() { return HEAP8.length; },
});
