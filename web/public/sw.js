/**
 * Keyway's service worker: the app shell works without a connection, and nothing else is kept.
 *
 * - The shell is index.html (every app path serves it) plus the hashed files it names, found at install by
 *   reading the built index, and refreshed by every navigation made online.
 * - Navigations: network first, the cached shell when the network fails (or hangs), so a reload at a door with
 *   no signal opens the app instead of the browser's error page.
 * - /assets/*: hashed names never change content, so cache first (a chunk loaded later is kept too).
 * - /api/ is never touched: answers carry PINs and sessions. What the phone must carry offline (sealed Bluetooth
 *   bundles, receipts to upload) the app keeps itself, in IndexedDB.
 */
const SHELL = 'keyway-shell-v1';
const STATIC = ['/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png', '/apple-touch-icon.png'];
const NAVIGATION_TIMEOUT_MS = 5000;

/** The same-origin files the built index.html loads: its scripts, styles and preloads. */
function assetsOf(html) {
  const urls = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) urls.add(match[1]);
  return [...urls];
}

/**
 * Stores this index and the files it names. When the index names other files than the cached one (a new build),
 * the older build's assets go: hashed names are never reused, so nothing still shown needs them.
 */
async function storeShell(cache, response) {
  const assets = assetsOf(await response.clone().text());
  const previous = await cache.match('/');
  const before = previous ? assetsOf(await previous.text()) : [];
  await cache.addAll(assets);
  await cache.put('/', response);
  if (before.length === assets.length && before.every((url) => assets.includes(url))) return;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !assets.includes(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const index = await fetch('/', { cache: 'no-cache', headers: { accept: 'text/html' } });
      if (!index.ok) throw new Error(`index.html: ${index.status}`);
      await storeShell(cache, index);
      await cache.addAll(STATIC);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL) await caches.delete(name);
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function navigate(event) {
  const cache = await caches.open(SHELL);
  try {
    const response = await withTimeout(fetch(event.request), NAVIGATION_TIMEOUT_MS);
    const type = response.headers.get('content-type') ?? '';
    // Every app path answers with index.html (guest pages and /docs never come here): refresh the shell.
    if (response.ok && !response.redirected && type.startsWith('text/html')) {
      event.waitUntil(storeShell(cache, response.clone()).catch(() => undefined));
    }
    return response;
  } catch {
    const shell = await cache.match('/');
    if (shell) return shell;
    throw new Error('offline and no app shell cached');
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Guest share pages and the API docs are server pages, not the app: never answer them with the shell.
    if (url.pathname.startsWith('/g/') || url.pathname.startsWith('/docs')) return;
    event.respondWith(navigate(event));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
    return;
  }
  if (STATIC.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  }
});
