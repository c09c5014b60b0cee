// WebGL state the page reads back without asking the GPU process. Dear ImGui's OpenGL renderer saves the
// GL state it changes at the start of every frame and restores it at the end; in Chromium the scissor box,
// blend factors and blend equations are not cached in the page, so each of those seven getParameter calls
// waits for the GPU process to finish the work queued so far — most of a scrolling frame's CPU time with
// software WebGL. The page is the only user of its context, so every change to that state goes through
// the setters below: they record it, and glGetIntegerv answers from the record (asking WebGL once, the
// first time, and again after the context is lost and restored).
//
// The page's WebGL2 context is created early, while the .wasm compiles ($TPEarlyGL): creating one takes the
// browser 10-20 ms, and the main thread is idle then. main.cpp's CreateGlContext later asks the same canvas
// for the same kind of context and gets this one back (a canvas has one context; the attributes of the
// first request are the ones it keeps, so these must be CreateGlContext's).
mergeInto(LibraryManager.library, {
  $TPEarlyGL__deps: ['$tpWhileCompiling'],
  $TPEarlyGL__postset: 'TPEarlyGL.start();',
  $TPEarlyGL: {
    // main.cpp's CreateGlContext: WebGL2, no alpha, depth, stencil or antialiasing, not premultiplied.
    attrs: { alpha: false, depth: false, stencil: false, antialias: false, premultipliedAlpha: false,
             preserveDrawingBuffer: false, powerPreference: 'default', failIfMajorPerformanceCaveat: false },
    start: function() {
      if (typeof document === 'undefined') return;
      tpWhileCompiling(function() {
        try {
          var c = (Module.canvas && Module.canvas.getContext) ? Module.canvas : document.getElementById('canvas');
          if (c && c.getContext) c.getContext('webgl2', TPEarlyGL.attrs);
        } catch (e) { /* created (or reported as failing) by main */ }
      });
    },
  },

  $TPGLState: {
    ctx: null, v: {},
    // pname -> number of integers: GL_SCISSOR_BOX, GL_BLEND_{SRC,DST}_{RGB,ALPHA}, GL_BLEND_EQUATION_{RGB,ALPHA}
    shadowed: { 0x0C10: 4, 0x80C9: 1, 0x80C8: 1, 0x80CB: 1, 0x80CA: 1, 0x8009: 1, 0x883D: 1 },
    state: function() {
      if (TPGLState.ctx !== GLctx) {
        TPGLState.ctx = GLctx;
        TPGLState.v = {};
        if (GLctx && GLctx.canvas && GLctx.canvas.addEventListener)
          GLctx.canvas.addEventListener('webglcontextrestored', function() { TPGLState.v = {}; });
      }
      return TPGLState.v;
    },
    blend: function(srcRGB, dstRGB, srcA, dstA) {
      var v = TPGLState.state();
      v[0x80C9] = [srcRGB]; v[0x80C8] = [dstRGB]; v[0x80CB] = [srcA]; v[0x80CA] = [dstA];
    },
    equation: function(rgb, a) {
      var v = TPGLState.state();
      v[0x8009] = [rgb]; v[0x883D] = [a];
    },
  },

  glGetIntegerv__sig: 'vii',
  glGetIntegerv__deps: ['$emscriptenWebGLGet', '$TPGLState', '$TPEarlyGL'],
  glGetIntegerv: function(name_, p) {
    var n = TPGLState.shadowed[name_];
    if (!n || !p) { emscriptenWebGLGet(name_, p, {{{ cDefine('EM_FUNC_SIG_PARAM_I') }}}); return; }
    var v = TPGLState.state();
    if (!v[name_]) {
      emscriptenWebGLGet(name_, p, {{{ cDefine('EM_FUNC_SIG_PARAM_I') }}});
      v[name_] = Array.prototype.slice.call(HEAP32.subarray(p >> 2, (p >> 2) + n));
      return;
    }
    for (var i = 0; i < n; ++i) HEAP32[(p >> 2) + i] = v[name_][i];
  },

  glScissor__sig: 'viiii',
  glScissor__deps: ['$TPGLState'],
  glScissor: function(x, y, w, h) {
    GLctx.scissor(x, y, w, h);
    TPGLState.state()[0x0C10] = [x, y, w, h];
  },

  glBlendFunc__sig: 'vii',
  glBlendFunc__deps: ['$TPGLState'],
  glBlendFunc: function(src, dst) {
    GLctx.blendFunc(src, dst);
    TPGLState.blend(src, dst, src, dst);
  },

  glBlendFuncSeparate__sig: 'viiii',
  glBlendFuncSeparate__deps: ['$TPGLState'],
  glBlendFuncSeparate: function(srcRGB, dstRGB, srcA, dstA) {
    GLctx.blendFuncSeparate(srcRGB, dstRGB, srcA, dstA);
    TPGLState.blend(srcRGB, dstRGB, srcA, dstA);
  },

  glBlendEquation__sig: 'vi',
  glBlendEquation__deps: ['$TPGLState'],
  glBlendEquation: function(mode) {
    GLctx.blendEquation(mode);
    TPGLState.equation(mode, mode);
  },

  glBlendEquationSeparate__sig: 'vii',
  glBlendEquationSeparate__deps: ['$TPGLState'],
  glBlendEquationSeparate: function(rgb, a) {
    GLctx.blendEquationSeparate(rgb, a);
    TPGLState.equation(rgb, a);
  },
});
