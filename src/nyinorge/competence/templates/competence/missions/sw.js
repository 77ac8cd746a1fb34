/* KomBo offline kit: the service worker. Keeps the kit's page, its form definition and its scripts and styles, so
   the kit opens with no network; records never pass through here (they live encrypted in IndexedDB). */
"use strict";
const CACHE = "{{ cache_name|escapejs }}";
const ASSETS = {{ assets_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const prefix = CACHE.replace(/-v[^-]*$/, "-v");
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(prefix) && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !ASSETS.includes(url.pathname)) return;
  const page = request.mode === "navigate" || url.pathname.endsWith("form.json");
  if (page) {
    // The page and the form definition: the network's when there is one (kept for next time), else the kept copy.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        return response;
      }
      return caches.match(url.pathname).then((kept) => kept || response);
    }).catch(() => caches.match(url.pathname)));
  } else {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(request)));
  }
});
