// PicoShare's service worker (issue 14): it makes the site an installable app
// and keeps the app shell (bundled scripts, stylesheets, icons) at hand. It
// caches nothing else: no page (pages show live state), no file, no API answer;
// every request not in SHELL goes to the network as if there were no worker.
// The server writes SHELL and VERSION above this line (src/http/service-worker.ts).
/* global SHELL, VERSION */

const CACHE = `picoshare-shell-${VERSION}`;
const shell = new Set(SHELL);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

// A new shell replaces the old one whole: its URLs are hashed, the old ones unused.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('picoshare-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search !== '' || !shell.has(url.pathname)) return;
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
