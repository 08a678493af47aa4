// The kiosk at the desk: a citizen rates, the rating is queued in localStorage, and a loop sends the queue
// one rating at a time. Each rating carries its own idempotency key, so a rating sent twice (a lost answer,
// a second tab) is counted once by the server. Texts come from data-attributes rendered by Django.
(function () {
  "use strict";

  const root = document.querySelector("[data-kiosk]");
  if (!root) return;

  const form = root.querySelector("[data-kiosk-form]");
  const thanks = root.querySelector("[data-testid=kiosk-thanks]");
  const status = root.querySelector("[data-testid=kiosk-status]");
  const pending = root.querySelector("[data-testid=kiosk-pending]");
  const error = root.querySelector("[data-kiosk-error]");
  const levels = Array.from(root.querySelectorAll("[data-level]"));
  const text = root.dataset;
  const communeCode = root.dataset.communeCode;
  const officialId = root.dataset.officialId ? parseInt(root.dataset.officialId, 10) : null;
  const apiUrl = root.dataset.apiUrl;
  const queueKey = "thanthien.kiosk.queue." + communeCode;
  const THANKS_MS = 2000;
  const RETRY_MS = 10000;

  let chosenLevel = null;
  let flushing = false;

  function readQueue() {
    try {
      const items = JSON.parse(localStorage.getItem(queueKey) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function writeQueue(items) {
    localStorage.setItem(queueKey, JSON.stringify(items));
    showPending();
  }

  function removeFromQueue(key) {
    // Re-read: a rating may have been queued while this one was on its way.
    writeQueue(readQueue().filter((item) => item.idempotency_key !== key));
  }

  function showPending() {
    pending.textContent = String(readQueue().length);
  }

  function say(message) {
    status.textContent = message;
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; a tablet on plain http in a closed network may lack it.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function sendOne(item) {
    // Returns "sent", "dropped" or "kept".
    let response;
    try {
      response = await fetch(apiUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(item),
      });
    } catch (e) {
      return "kept"; // no network
    }
    if (response.status === 200 || response.status === 201) return "sent";
    if (response.status === 401 || response.status === 403) {
      // The session ended or its CSRF token changed: the ratings are fine, the login is not. Keep them.
      say(text.textSignIn);
      return "blocked";
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      let body = null;
      try { body = await response.json(); } catch (e) { /* not JSON */ }
      console.warn("Kiosk: the server refused a rating; dropped.", response.status, body, item);
      return "dropped";
    }
    return "kept"; // 408, 429, 5xx: try again later
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      let queue = readQueue();
      if (queue.length) say(text.textSending);
      while (queue.length) {
        const item = queue[0];
        const outcome = await sendOne(item);
        if (outcome === "blocked") return;
        if (outcome === "kept") {
          say(navigator.onLine === false ? text.textOffline : text.textWaiting);
          return;
        }
        removeFromQueue(item.idempotency_key);
        queue = readQueue();
      }
      say(text.textSent);
    } finally {
      flushing = false;
      showPending();
    }
  }

  function choose(button) {
    chosenLevel = parseInt(button.dataset.level, 10);
    levels.forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
    error.hidden = true;
  }

  function reset() {
    form.reset();
    chosenLevel = null;
    levels.forEach((b) => b.setAttribute("aria-pressed", "false"));
    error.hidden = true;
    thanks.hidden = true;
    form.hidden = false;
  }

  function submit(event) {
    event.preventDefault();
    if (chosenLevel === null) {
      error.textContent = text.textChoose;
      error.hidden = false;
      return;
    }
    const reasons = Array.from(form.querySelectorAll("input[name=reasons]:checked"), (box) => box.value);
    const rating = {
      commune_code: communeCode,
      level: chosenLevel,
      channel: "kiosk",
      official_id: officialId,
      details: {},
      reasons: reasons,
      comment: form.elements.comment.value.trim(),
      idempotency_key: newKey(),
      rated_at: new Date().toISOString(),
    };
    const queue = readQueue();
    queue.push(rating);
    writeQueue(queue);
    form.hidden = true;
    thanks.hidden = false;
    setTimeout(reset, THANKS_MS);
    flush();
  }

  levels.forEach((button) => button.addEventListener("click", () => choose(button)));
  form.addEventListener("submit", submit);
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => say(text.textOffline));
  // Another tab of the kiosk changed the queue.
  window.addEventListener("storage", (event) => { if (event.key === queueKey) showPending(); });
  setInterval(flush, RETRY_MS);

  showPending();
  say(navigator.onLine === false ? text.textOffline : text.textOnline);
  flush();
})();
