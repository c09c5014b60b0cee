// Font seam for the browser: glyphs rasterised by Canvas2D with the browser's own fonts (CJK, colour
// emoji, accents, symbols), for the ImFontLoader in canvas_font_loader.cpp. No font file is downloaded.
// Quirks handled here:
// - One OffscreenCanvas (or a detached <canvas>) with willReadFrequently: getImageData is the cost.
// - A code point no installed font has renders as the browser's "tofu" box; it is recognised by
//   comparing with the rendering of U+0378 (unassigned) at the same size, so ImGui can fall back.
// - Colour glyphs (emoji) ignore fillStyle: drawn in white, any non-white pixel means colour.
// - measureText's fontBoundingBox* is missing in old browsers: actualBoundingBox of "Hg中" is the fallback.
//   Where it exists, the metrics are read from "Hg", so no CJK face is opened before one is needed.
// - The first text measured in a font list makes the browser resolve the list and its fallbacks (tens of
//   ms). A warm-up measures both lists while the .wasm is still downloading and compiling, so the first
//   frame finds them resolved and their metrics known.
// - The first frame's glyphs are the interface's own text in the regular face at the interface's size:
//   the warm-up rasterises printable ASCII and the UI's "·" and "…" at that size too, in small slices while
//   the main thread would otherwise wait for the .wasm, and the first frame takes them from there
//   (`prepared`, each handed out once) instead of drawing them one by one on its own time.
mergeInto(LibraryManager.library, {
  // Runs `work` while the .wasm compiles: web/boot.js starts it once the .wasm's response has arrived
  // (earlier, it would hold that response up); a page without boot.js runs it on the next task.
  $tpWhileCompiling: function(work) {
    if (typeof Module.whileCompiling === 'function') Module.whileCompiling(work);
    else if (typeof setTimeout === 'function') setTimeout(work, 0);
  },

  $TPFonts__deps: ['$tpWhileCompiling'],
  $TPFonts__postset: 'TPFonts.warmUp();',
  $TPFonts: {
    ctx: null, size: 0, tofu: {}, metrics: {},
    uiPx: 15,        // the interface's text size (Dear ImGui's FontSizeBase, set from here by LoadFonts)
    uiFont: '{px} {sans}',   // the regular face (canvas_font_loader.cpp's LoadFonts, slot 0)
    prepared: {},    // font|px|code point -> draw() result, rasterised by the warm-up; taken once
    started: false,  // the app has asked for a glyph: the warm-up stops
    // The font lists a font string names as {sans} or {mono}: system UI fonts first, then CJK faces
    // (Simplified Chinese forms first), then colour emoji.
    families: {
      sans: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "PingFang SC", ' +
            '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Apple Color Emoji", ' +
            '"Segoe UI Emoji", "Noto Color Emoji", sans-serif',
      mono: 'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Noto Sans CJK SC", ' +
            '"Noto Color Emoji", monospace',
    },
    css: function(font, px) {
      return font.replace('{px}', px + 'px').replace(/\{(sans|mono)\}/, function(_, f) { return TPFonts.families[f]; });
    },
    // Ascent and descent as ratios of the pixel size, per font list (weights and styles of one list share them).
    metricsOf: function(font) {
      var key = font.replace(/^.*\{px\}\s*/, '');
      if (!TPFonts.metrics[key]) {
        var ctx = TPFonts.context(16), px = 100;
        ctx.font = TPFonts.css('{px} ' + key, px);
        // fontBoundingBox* is the first font's, whatever the text: "Hg" alone leaves the CJK fallback
        // unresolved until a CJK glyph is drawn. Without it, the ink of "Hg中" stands in.
        var m = ctx.measureText('Hg');
        if (m.fontBoundingBoxAscent === undefined) m = ctx.measureText('Hg中');
        TPFonts.metrics[key] = [(m.fontBoundingBoxAscent || m.actualBoundingBoxAscent || 80) / px,
                                (m.fontBoundingBoxDescent || m.actualBoundingBoxDescent || 20) / px];
      }
      return TPFonts.metrics[key];
    },
    // The pixel size canvas_font_loader.cpp's BakedLoadGlyph asks for: ImGui's size is ascent + descent,
    // times the device pixel ratio, to a quarter pixel.
    rasterPx: function(font, size) {
      var m = TPFonts.metricsOf(font);
      return Math.round(size / (m[0] + m[1]) * (window.devicePixelRatio || 1) * 4) / 4;
    },
    warmUp: function() {
      if (typeof setTimeout !== 'function' || typeof window === 'undefined') return;
      tpWhileCompiling(function() {
        try { TPFonts.metricsOf('{px} {sans}'); TPFonts.metricsOf('{px} {mono}'); } catch (e) { return; /* measured again on first use */ }
        // Letters first (most of any label), then digits and punctuation.
        var font = TPFonts.uiFont, px = TPFonts.rasterPx(font, TPFonts.uiPx), cps = [];
        var chars = ' etaoinsrhldcumfpgwybvkxjqzTSACPMDERBLINOHFGWUVKJYQXZ0123456789.,:;()/-?!\'"[]&%+·…@#$*<=>^_`{|}~\\';
        for (var i = 0; i < chars.length; ++i) cps.push(chars.codePointAt(i));
        // Slices of 16 glyphs (a few ms each): instantiating the .wasm and main() run as soon as they can.
        (function slice(at) {
          if (TPFonts.started) return;   // the app draws glyphs itself now: it rasterises what it needs
          try {
            for (var i = at; i < Math.min(at + 16, cps.length); ++i)
              TPFonts.prepared[font + '|' + px + '|' + cps[i]] = TPFonts.draw(font, String.fromCodePoint(cps[i]), px);
          } catch (e) { return; }
          if (at + 16 < cps.length) setTimeout(function() { slice(at + 16); }, 0);
        })(0);
      });
    },
    context: function(need) {
      if (!TPFonts.ctx || TPFonts.size < need) {
        var n = Math.max(need, 128, TPFonts.size * 2);
        var c = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(n, n) : document.createElement('canvas');
        c.width = n; c.height = n;
        TPFonts.ctx = c.getContext('2d', { willReadFrequently: true });
        TPFonts.size = n;
      }
      return TPFonts.ctx;
    },
    // The advance of one string, without drawing it.
    advance: function(font, s, px) {
      var ctx = TPFonts.context(16);
      ctx.font = TPFonts.css(font, px);
      return ctx.measureText(s).width;
    },
    // Draws one string and returns {w, h, left, asc, adv, pixels} (pixels: RGBA of the ink box + padding).
    draw: function(font, s, px) {
      var ctx = TPFonts.context(16), css = TPFonts.css(font, px);
      ctx.font = css;
      var m = ctx.measureText(s);
      var left = Math.ceil(m.actualBoundingBoxLeft || 0), right = Math.ceil(m.actualBoundingBoxRight || m.width);
      var asc = Math.ceil(m.actualBoundingBoxAscent || px), desc = Math.ceil(m.actualBoundingBoxDescent || 0);
      var pad = 1, w = Math.max(0, left + right) + 2 * pad, h = Math.max(0, asc + desc) + 2 * pad;
      if (w <= 2 * pad || h <= 2 * pad) return { w: 0, h: 0, left: left, asc: asc, adv: m.width, pixels: null, pad: pad };
      ctx = TPFonts.context(Math.max(w, h));
      ctx.font = css;
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = '#fff';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(s, pad + left, pad + asc);
      return { w: w, h: h, left: left, asc: asc, adv: m.width, pixels: ctx.getImageData(0, 0, w, h).data, pad: pad };
    },
    sig: function(g) {
      if (!g.pixels) return g.adv + ':empty';
      var h = 0;
      for (var i = 3; i < g.pixels.length; i += 4) h = (h * 31 + g.pixels[i]) | 0;
      return g.adv + ':' + g.w + 'x' + g.h + ':' + h;
    },
  },

  // The interface's text size in CSS pixels (the warm-up prepares its glyphs at this size).
  tp_font_ui_size__deps: ['$TPFonts'],
  tp_font_ui_size: function() { return TPFonts.uiPx; },

  // Vertical metrics of a CSS font as ratios of the CSS pixel size: out[0] ascent, out[1] descent.
  tp_font_metrics__deps: ['$TPFonts'],
  tp_font_metrics: function(fontPtr, out) {
    var m = TPFonts.metricsOf(UTF8ToString(fontPtr));
    HEAPF32[out >> 2] = m[0];
    HEAPF32[(out >> 2) + 1] = m[1];
  },

  // Rasterises code point `cp` at `px` CSS pixels (already multiplied by the device pixel ratio).
  // Returns -1 when no installed font has the glyph, 0 for an empty glyph (space) or metrics only,
  // 1 with RGBA pixels written to out (cap bytes). m[0..5]: advance, left, ascent, w, h, colored.
  tp_font_glyph__deps: ['$TPFonts'],
  tp_font_glyph: function(fontPtr, cp, px, metricsOnly, out, cap, m) {
    var font = UTF8ToString(fontPtr), s = String.fromCodePoint(cp);
    var f = m >> 2;
    TPFonts.started = true;
    var key = font + '|' + px + '|' + cp, ready = TPFonts.prepared[key];
    // Some font on every system has ASCII, Latin-1, Latin Extended-A and General Punctuation (dashes,
    // quotes, bullet, ellipsis, the spaces): both font lists end in the browser's generic family, which
    // covers them. Those skip the tofu comparison (it costs a second rasterisation per face and size, on
    // the start-up path).
    var surelyPresent = cp <= 0x7e || (cp >= 0xa0 && cp <= 0x17f) || (cp >= 0x2000 && cp <= 0x206f) || cp === 0x3000;
    // Dear ImGui asks for a glyph's advance alone when it measures text (every label is measured before it
    // is drawn): measureText answers that without drawing and reading back pixels.
    if (metricsOnly && surelyPresent) {
      HEAPF32[f] = ready ? ready.adv : TPFonts.advance(font, s, px);
      HEAPF32[f + 1] = 0; HEAPF32[f + 2] = 0; HEAPF32[f + 3] = 0; HEAPF32[f + 4] = 0; HEAPF32[f + 5] = 0;
      return 0;
    }
    var g = ready || TPFonts.draw(font, s, px);
    if (ready && !metricsOnly) delete TPFonts.prepared[key];   // its pixels are recoloured below
    if (!surelyPresent) {
      var face = font + '|' + px;
      if (!(face in TPFonts.tofu)) TPFonts.tofu[face] = TPFonts.sig(TPFonts.draw(font, String.fromCodePoint(0x378), px));
      if (TPFonts.sig(g) === TPFonts.tofu[face]) return -1;
    }
    HEAPF32[f] = g.adv; HEAPF32[f + 1] = g.left + g.pad; HEAPF32[f + 2] = g.asc + g.pad;
    HEAPF32[f + 3] = g.w; HEAPF32[f + 4] = g.h; HEAPF32[f + 5] = 0;
    if (metricsOnly || !g.pixels) return 0;
    if (g.w * g.h * 4 > cap) return -2;
    var p = g.pixels, colored = false;
    for (var i = 0; i < p.length; i += 4) {
      if (p[i + 3] > 32 && (p[i] < 200 || p[i + 1] < 200 || p[i + 2] < 200)) { colored = true; break; }
    }
    if (!colored) for (var j = 0; j < p.length; j += 4) { p[j] = 255; p[j + 1] = 255; p[j + 2] = 255; }   // coverage in alpha
    HEAPF32[f + 5] = colored ? 1 : 0;
    HEAPU8.set(p, out);
    return 1;
  },
});
