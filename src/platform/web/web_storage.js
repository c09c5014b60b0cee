// Storage seam (platform/storage.h) on window.localStorage.
// Quirks handled here: localStorage throws in some private modes and when the quota (~5 MB) is
// exceeded; both are reported as a failed save, never as an exception into C++.
mergeInto(LibraryManager.library, {
  tp_storage_set: function(keyPtr, valuePtr) {
    try { localStorage.setItem(UTF8ToString(keyPtr), UTF8ToString(valuePtr)); return 1; } catch (e) { return 0; }
  },
  tp_storage_get__deps: ['malloc'],
  tp_storage_get: function(keyPtr) {
    var v = null;
    try { v = localStorage.getItem(UTF8ToString(keyPtr)); } catch (e) { v = null; }
    if (v === null) return 0;
    var n = lengthBytesUTF8(v) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
  },
  tp_storage_remove: function(keyPtr) { try { localStorage.removeItem(UTF8ToString(keyPtr)); } catch (e) {} },
  // A step of a run that finished a moment before a reload was lost: the app saves at the end of a drawn
  // frame, and the reload came first. pagehide comes with a reload or a closed tab; a phone may end a page
  // in the background without it, so a page turning hidden saves too.
  tp_storage_save_when_hidden: function() {
    function save() { _tp_page_hiding(); }
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', function() { if (document.visibilityState === 'hidden') save(); });
  },
});
