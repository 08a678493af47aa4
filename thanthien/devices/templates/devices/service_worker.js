{% autoescape off %}// The service worker of the {{ app }} app (rendered by Django: the cache's name and the files' addresses).
"use strict";
importScripts("{{ queue_script|escapejs }}");

const CACHE = "{{ cache|escapejs }}";
const START = "{{ start|escapejs }}";
const ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const DB = "{{ db|escapejs }}";
const STATIC = "{{ static_prefix|escapejs }}";
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([START, ...ASSETS])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const prefix = CACHE.replace(/-[0-9a-f]+$/, "-");
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(prefix) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function pageFirstFromNetwork(request) {
  // The page from the network when it answers soon (a new version), else the copy kept here.
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error("slow")), NETWORK_WAIT_MS)),
    ]);
    if (response.ok) await cache.put(START, response.clone());
    return response;
  } catch (e) {
    const kept = await cache.match(START);
    if (kept) return kept;
    throw e;
  }
}

async function fileFromCache(event) {
  // The kept copy at once, refreshed from the network behind it (a file changed without a new name).
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request, { ignoreSearch: true });
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) return cache.put(event.request, response.clone()).then(() => response);
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => null));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === START) {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (ASSETS.includes(url.pathname) || url.pathname.startsWith(STATIC)) {
    event.respondWith(fileFromCache(event));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "thanthien-queue") return;
  // A rejected promise asks the browser to try again later (network still down, server unwell).
  event.waitUntil(self.ThanThienQueue.flush(DB).then((outcome) => {
    if (outcome === "offline") throw new Error("still offline");
  }));
});
{% endautoescape %}
