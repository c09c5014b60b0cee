// History store for the browser (history_store.h): IndexedDB database "talkpress", object store
// "articles", records {id, json} keyed by id. Quirks handled here:
// - indexedDB.open fails or throws in some private modes and when storage is blocked: reported as an error.
// - A quota failure surfaces on the transaction (QuotaExceededError on tx.onabort), not on the request,
//   so completion is judged by the transaction: oncomplete is success, onerror/onabort a failure.
// - The database handle is opened once and reused; "versionchange" from another tab closes it so the
//   other tab's upgrade is not blocked, and the next call opens it again.
// - Results reach C++ through tp_history_done(request, ok, error, payload); payload is a JSON array of
//   the stored record strings for a load.
mergeInto(LibraryManager.library, {
  $TPHistory: {
    db: null,
    open: function() {
      if (TPHistory.db) return Promise.resolve(TPHistory.db);
      return new Promise(function(resolve, reject) {
        var req;
        try { req = indexedDB.open('talkpress', 1); } catch (e) { reject(e); return; }
        req.onupgradeneeded = function() {
          if (!req.result.objectStoreNames.contains('articles')) req.result.createObjectStore('articles', { keyPath: 'id' });
        };
        req.onsuccess = function() {
          var db = req.result;
          db.onversionchange = function() { db.close(); TPHistory.db = null; };
          TPHistory.db = db;
          resolve(db);
        };
        req.onerror = function() { reject(req.error || new Error('IndexedDB could not be opened')); };
        req.onblocked = function() { reject(new Error('IndexedDB is in use by an older TalkPress tab')); };
      });
    },
    // Runs fn(store) in a transaction; resolves with fn's request result when the transaction completes.
    run: function(mode, fn) {
      return TPHistory.open().then(function(db) {
        return new Promise(function(resolve, reject) {
          var tx = db.transaction('articles', mode), result;
          var req = fn(tx.objectStore('articles'));
          req.onsuccess = function() { result = req.result; };
          tx.oncomplete = function() { resolve(result); };
          tx.onerror = function() { reject(tx.error || req.error || new Error('IndexedDB write failed')); };
          tx.onabort = function() { reject(tx.error || new Error('IndexedDB transaction aborted')); };
        });
      });
    },
    done: function(request, ok, error, payload) {
      var e = String(error || ''), p = String(payload || '');
      var ne = lengthBytesUTF8(e) + 1, pe = _malloc(ne);
      stringToUTF8(e, pe, ne);
      var np = lengthBytesUTF8(p) + 1, pp = _malloc(np);
      stringToUTF8(p, pp, np);
      _tp_history_done(request, ok ? 1 : 0, pe, pp);
      _free(pe);
      _free(pp);
    },
    fail: function(request) {
      return function(err) {
        var name = err && err.name ? err.name + ': ' : '';
        TPHistory.done(request, false, name + ((err && err.message) || err || 'IndexedDB failed'), '');
      };
    },
  },

  tp_history_put__deps: ['$TPHistory', 'malloc', 'free'],
  tp_history_put: function(request, idPtr, jsonPtr) {
    var rec = { id: UTF8ToString(idPtr), json: UTF8ToString(jsonPtr) };
    TPHistory.run('readwrite', function(s) { return s.put(rec); })
      .then(function() { TPHistory.done(request, true, '', ''); }, TPHistory.fail(request));
  },

  tp_history_delete__deps: ['$TPHistory', 'malloc', 'free'],
  tp_history_delete: function(request, idPtr) {
    var id = UTF8ToString(idPtr);
    TPHistory.run('readwrite', function(s) { return s.delete(id); })
      .then(function() { TPHistory.done(request, true, '', ''); }, TPHistory.fail(request));
  },

  tp_history_load__deps: ['$TPHistory', 'malloc', 'free'],
  tp_history_load: function(request) {
    TPHistory.run('readonly', function(s) { return s.getAll(); })
      .then(function(rows) {
        TPHistory.done(request, true, '', JSON.stringify((rows || []).map(function(r) { return r.json; })));
      }, TPHistory.fail(request));
  },
});
