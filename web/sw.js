// Service worker: keeps TalkPress usable offline after the first visit. It answers only for the app's own
// files in its own folder (so the page works from any subpath); provider traffic and every other request
// pass by untouched, never cached. Network first: a reachable server always serves the current build, the
// cache answers when it is not.
// v2: boot.js and talkpress.css are inlined into index.html by the build (scripts/page_inline.mjs).
var CACHE = 'talkpress-v2';
var FILES = ['./', 'index.html', 'talkpress.js', 'talkpress.wasm', 'talkpress.deferred.wasm',
             'favicon.svg', 'manifest.webmanifest'];
var scope = self.registration.scope;
var ours = FILES.map(function(f) { return new URL(f, scope).href; });

self.addEventListener('install', function(e) {
  // talkpress.deferred.wasm exists only in a split build (cmake/Web.cmake): cached when it is there.
  e.waitUntil(caches.open(CACHE).then(function(c) {
    return c.addAll(FILES.filter(function(f) { return f !== 'talkpress.deferred.wasm'; }))
      .then(function() { return c.add('talkpress.deferred.wasm').catch(function() {}); });
  }).then(function() { return self.skipWaiting(); }));
});

self.addEventListener('activate', function(e) {
  e.waitUntil(caches.keys().then(function(keys) {
    return Promise.all(keys.filter(function(k) { return k.indexOf('talkpress-') === 0 && k !== CACHE; })
                           .map(function(k) { return caches.delete(k); }));
  }).then(function() { return self.clients.claim(); }));
});

self.addEventListener('fetch', function(e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  url.search = '';
  url.hash = '';
  if (ours.indexOf(url.href) < 0) return;   // not one of our files: the browser handles it, nothing is stored
  e.respondWith(fetch(req).then(function(res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function(c) { return c.put(url.href, copy); });
    }
    return res;
  }).catch(function() {
    return caches.match(url.href).then(function(hit) { return hit || Response.error(); });
  }));
});
