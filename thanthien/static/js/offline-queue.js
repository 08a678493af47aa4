// The offline queue of a paired device (the rating kiosk, the village head's phone), shared by the page and
// its service worker. Each item waits in IndexedDB (it survives a reload and a restart of the browser) with
// its own idempotency key, and is sent with the device's key when the network is back; the server counts a
// resent item once. A revoked key stops the sending and leaves every item on the device.
(function (scope) {
  "use strict";

  const STORES = ["queue", "meta"];
  const opened = {};

  function open(dbName) {
    if (!opened[dbName]) {
      opened[dbName] = new Promise((resolve, reject) => {
        const request = indexedDB.open(dbName, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "key" });
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => { delete opened[dbName]; reject(request.error); };
      });
    }
    return opened[dbName];
  }

  async function run(dbName, store, mode, work) {
    if (!STORES.includes(store)) throw new Error("unknown store " + store);
    const db = await open(dbName);
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      let result;
      const request = work(transaction.objectStore(store));
      if (request) request.onsuccess = () => { result = request.result; };
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  const getMeta = (db, name) => run(db, "meta", "readonly", (s) => s.get(name));
  const setMeta = (db, name, value) => run(db, "meta", "readwrite", (s) => s.put(value, name));
  const put = (db, item) => run(db, "queue", "readwrite", (s) => s.put(item));
  const remove = (db, key) => run(db, "queue", "readwrite", (s) => s.delete(key));

  async function items(db) {
    const all = (await run(db, "queue", "readonly", (s) => s.getAll())) || [];
    return all.sort((a, b) => (a.queued_at < b.queued_at ? -1 : a.queued_at > b.queued_at ? 1 : 0));
  }

  async function counts(db) {
    const all = await items(db);
    return {
      waiting: all.filter((item) => item.state === "waiting").length,
      refused: all.filter((item) => item.state === "refused").length,
    };
  }

  function newKey() {
    if (scope.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function enqueue(db, url, body, key, label) {
    const item = { key: key, url: url, body: body, label: label || "", state: "waiting", error: "",
      queued_at: new Date().toISOString() };
    await put(db, item);
    return item;
  }

  async function errorsOf(response) {
    try {
      const body = await response.json();
      return (body.errors || []).join(" ");
    } catch (e) {
      return "";
    }
  }

  async function sendAll(db) {
    // Returns "empty", "sent", "offline" (or the server is unwell: try later), "refused" (the device key),
    // or "unpaired". Items the server will never take (a 4xx on the item itself) stay, marked "refused".
    const deviceKey = await getMeta(db, "deviceKey");
    const waiting = (await items(db)).filter((item) => item.state === "waiting");
    if (!waiting.length) return "empty";
    if (!deviceKey) return "unpaired";
    for (const item of waiting) {
      let response;
      try {
        response = await fetch(item.url, {
          method: "POST",
          credentials: "omit", // the device key, never somebody's login session
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + deviceKey },
          body: JSON.stringify(item.body),
        });
      } catch (e) {
        return "offline";
      }
      if (response.ok) {
        await remove(db, item.key);
        await setMeta(db, "refused", "");
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await setMeta(db, "refused", (await errorsOf(response)) || "401");
        return "refused";
      }
      if (response.status >= 400 && response.status < 500 && ![408, 409, 429].includes(response.status)) {
        item.state = "refused";
        item.error = await errorsOf(response);
        await put(db, item);
        continue;
      }
      return "offline";
    }
    return "sent";
  }

  function flush(db) {
    // One sender at a time per store, between the page and its service worker (the server would count a
    // double send once anyway).
    if (scope.navigator && navigator.locks) {
      return navigator.locks.request("thanthien-send-" + db, () => sendAll(db));
    }
    return sendAll(db);
  }

  async function flushAndSay(db, text, say) {
    // Send what waits and tell the person how it went, in the page's own words (its data-text-* strings).
    if ((await counts(db)).waiting) say(text.textSending);
    const outcome = await flush(db);
    if (outcome === "offline") say(navigator.onLine === false ? text.textOffline : text.textWaiting);
    else if (outcome === "sent") say(text.textSent);
    else if (outcome === "empty") say(navigator.onLine === false ? text.textOffline : text.textOnline);
    return outcome;
  }

  async function requestSync(db) {
    // Background Sync where the browser has it: the service worker sends when the network returns, even
    // after the page is closed. The page's own timer sends otherwise.
    if (!("serviceWorker" in navigator)) return false;
    try {
      const registration = await navigator.serviceWorker.ready;
      if (!registration.sync) return false;
      await registration.sync.register("thanthien-queue");
      return true;
    } catch (e) {
      return false;
    }
  }

  function registerWorker(url) {
    if (!("serviceWorker" in navigator)) return Promise.resolve(null);
    return navigator.serviceWorker.register(url).catch((error) => {
      console.warn("Offline app: the service worker could not be registered.", error);
      return null;
    });
  }

  async function fetchJson(url, deviceKey) {
    // Returns {status, body}; status 0 when there is no network.
    try {
      const response = await fetch(url, {
        credentials: "omit",
        headers: { Accept: "application/json", Authorization: "Bearer " + deviceKey },
        cache: "no-store",
      });
      let body = null;
      try { body = await response.json(); } catch (e) { /* not JSON */ }
      return { status: response.status, body: body };
    } catch (e) {
      return { status: 0, body: null };
    }
  }

  scope.ThanThienQueue = {
    getMeta, setMeta, items, counts, enqueue, remove, flush, flushAndSay, newKey, requestSync, registerWorker,
    fetchJson,
  };
})(self);
