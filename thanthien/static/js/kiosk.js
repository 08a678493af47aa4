// The kiosk at the desk, an installable app that opens and records offline. A citizen rates; the rating
// waits in IndexedDB (offline-queue.js) with its own idempotency key and is sent with the tablet's device key
// (never an officer's login), by Background Sync where the browser has it and by a timer otherwise. The
// commune, its levels and its officials come with the device key and are kept on the tablet.
(function () {
  "use strict";

  const root = document.querySelector("[data-kiosk]");
  if (!root) return;
  const Q = self.ThanThienQueue;
  const DB = root.dataset.db;
  const text = root.dataset;
  const form = root.querySelector("[data-kiosk-form]");
  const thanks = root.querySelector("[data-testid=kiosk-thanks]");
  const status = root.querySelector("[data-testid=kiosk-status]");
  const pending = root.querySelector("[data-testid=kiosk-pending]");
  const refused = root.querySelector("[data-testid=device-refused]");
  const unpaired = root.querySelector("[data-testid=device-unpaired]");
  const error = root.querySelector("[data-kiosk-error]");
  const officials = root.querySelector("[data-kiosk-officials]");
  const THANKS_MS = 2000;
  const RETRY_MS = 10000;
  const COUNT_MS = 1500;

  let chosenLevel = null;
  let settings = null;

  function say(message) { status.textContent = message; }

  async function showPending() {
    const counts = await Q.counts(DB);
    pending.textContent = String(counts.waiting);
    const refusal = await Q.getMeta(DB, "refused");
    refused.hidden = !refusal;
    if (refusal) refused.textContent = text.textRevoked;
  }

  function el(tag, attributes, content) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  async function render() {
    root.querySelector("[data-testid=kiosk-commune]").textContent = settings.commune_name;
    const levels = root.querySelector("[data-kiosk-levels]");
    levels.querySelectorAll("[data-level]").forEach((node) => node.remove());
    settings.levels.forEach((level) => {
      const button = el("button", { type: "button", class: "kiosk-level kiosk-level-" + level.sentiment,
        "data-level": String(level.value), "aria-pressed": "false" }, level.label);
      button.addEventListener("click", () => choose(button));
      levels.appendChild(button);
    });
    const reasons = root.querySelector("[data-kiosk-reasons]");
    reasons.querySelectorAll("label").forEach((node) => node.remove());
    settings.reasons.forEach(([key, label]) => {
      const row = el("label");
      row.appendChild(el("input", { type: "checkbox", name: "reasons", value: key }));
      row.appendChild(document.createTextNode(" " + label));
      reasons.appendChild(row);
    });
    officials.querySelectorAll("option[value]:not([value=''])").forEach((node) => node.remove());
    settings.officials.forEach((person) => {
      officials.appendChild(el("option", { value: String(person.id) }, person.full_name + " – " + person.title));
    });
    const chosen = (await Q.getMeta(DB, "official")) || "";
    officials.value = settings.officials.some((p) => String(p.id) === chosen) ? chosen : "";
    showOfficial();
    form.hidden = false;
  }

  function showOfficial() {
    const person = settings.officials.find((p) => String(p.id) === officials.value);
    root.querySelector("[data-kiosk-served]").hidden = !person;
    root.querySelector("[data-testid=kiosk-official]").textContent = person ? person.full_name : "";
  }

  function choose(button) {
    chosenLevel = parseInt(button.dataset.level, 10);
    root.querySelectorAll("[data-level]").forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
    error.hidden = true;
  }

  function reset() {
    form.reset();
    chosenLevel = null;
    root.querySelectorAll("[data-level]").forEach((b) => b.setAttribute("aria-pressed", "false"));
    error.hidden = true;
    thanks.hidden = true;
    form.hidden = false;
  }

  async function submit(event) {
    event.preventDefault();
    if (chosenLevel === null) {
      error.textContent = text.textChoose;
      error.hidden = false;
      return;
    }
    const key = Q.newKey();
    const rating = {
      level: chosenLevel,
      official_id: officials.value ? parseInt(officials.value, 10) : null,
      reasons: Array.from(form.querySelectorAll("input[name=reasons]:checked"), (box) => box.value),
      comment: form.elements.comment.value.trim(),
      idempotency_key: key,
      rated_at: new Date().toISOString(),
    };
    await Q.enqueue(DB, text.ratingsUrl, rating, key);
    form.hidden = true;
    thanks.hidden = false;
    setTimeout(reset, THANKS_MS);
    await showPending();
    Q.requestSync(DB);
    flush();
  }

  async function flush() {
    await Q.flushAndSay(DB, text, say);
    await showPending();
  }

  async function loadSettings(deviceKey) {
    const answer = await Q.fetchJson(text.settingsUrl, deviceKey);
    if (answer.status === 200) {
      await Q.setMeta(DB, "settings", answer.body);
      await Q.setMeta(DB, "refused", "");
    } else if (answer.status === 401 || answer.status === 403) {
      await Q.setMeta(DB, "refused", (answer.body && answer.body.errors || []).join(" ") || "401");
    }
    return (await Q.getMeta(DB, "settings")) || null;
  }

  async function moveOldQueue() {
    // Ratings kept by the former kiosk page (localStorage, sent with the officer's session) join the queue.
    const name = "thanthien.kiosk.queue." + settings.commune_code;
    let old = [];
    try { old = JSON.parse(localStorage.getItem(name) || "[]"); } catch (e) { old = []; }
    for (const item of Array.isArray(old) ? old : []) {
      if (!item || !item.idempotency_key) continue;
      const { commune_code, channel, details, ...rating } = item;
      await Q.enqueue(DB, text.ratingsUrl, rating, item.idempotency_key);
    }
    localStorage.removeItem(name);
  }

  async function start() {
    Q.registerWorker(root.dataset.swUrl);
    const deviceKey = await Q.getMeta(DB, "deviceKey");
    await showPending();
    if (!deviceKey) {
      unpaired.hidden = false;
      say("");
      return;
    }
    settings = await loadSettings(deviceKey);
    await showPending();
    if (!settings) {
      unpaired.hidden = false;
      return;
    }
    await render();
    await moveOldQueue();
    form.addEventListener("submit", submit);
    officials.addEventListener("change", async () => { await Q.setMeta(DB, "official", officials.value); showOfficial(); });
    window.addEventListener("online", flush);
    window.addEventListener("offline", () => say(text.textOffline));
    setInterval(flush, RETRY_MS);
    setInterval(showPending, COUNT_MS); // the service worker may have sent some meanwhile
    flush();
  }

  start().catch((e) => console.error("Kiosk:", e));
})();
