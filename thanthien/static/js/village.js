// The village head's phone app: requests and reflections written down in the village, kept on the phone
// (IndexedDB, offline-queue.js) and sent each once (a client key) with the phone's device key when the
// network is back; then what became of each item brought, kept on the phone for the days without network.
(function () {
  "use strict";

  const root = document.querySelector("[data-village]");
  if (!root) return;
  const Q = self.ThanThienQueue;
  const DB = root.dataset.db;
  const text = root.dataset;
  const form = root.querySelector("[data-village-form]");
  const error = root.querySelector("[data-village-error]");
  const saved = root.querySelector("[data-testid=village-saved]");
  const status = root.querySelector("[data-testid=village-status]");
  const pending = root.querySelector("[data-testid=village-pending]");
  const refused = root.querySelector("[data-testid=device-refused]");
  const unpaired = root.querySelector("[data-testid=device-unpaired]");
  const queueList = root.querySelector("[data-testid=village-queue]");
  const broughtList = root.querySelector("[data-testid=village-brought]");
  const RETRY_MS = 15000;
  let settings = null;
  let lastWaiting = null;

  function say(message) { status.textContent = message; }

  function el(tag, attributes, content) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function kindLabel(value) {
    const kind = settings.kinds.find((k) => k.value === value);
    return kind ? kind.label : value;
  }

  async function showQueue() {
    const items = await Q.items(DB);
    const waiting = items.filter((item) => item.state === "waiting").length;
    pending.textContent = String(waiting);
    // Fewer waiting: some went out (from this page or the service worker); ask what became of them.
    const wentOut = lastWaiting !== null && waiting < lastWaiting;
    lastWaiting = waiting;
    if (wentOut) refreshBrought(await Q.getMeta(DB, "deviceKey"));
    queueList.replaceChildren();
    items.forEach((item) => {
      const row = el("li", { "data-state": item.state });
      row.appendChild(el("strong", {}, kindLabel(item.body.kind) + ": "));
      row.appendChild(document.createTextNode(item.body.content.slice(0, 120) + " "));
      if (item.state === "refused") {
        row.appendChild(el("span", { class: "state refused" }, text.textNotSent + " " + item.error + " "));
        const drop = el("button", { type: "button", class: "link" }, text.textDelete);
        drop.addEventListener("click", async () => { await Q.remove(DB, item.key); showQueue(); });
        row.appendChild(drop);
      } else {
        row.appendChild(el("span", { class: "state" }, "(" + text.textWaitingItem + ")"));
      }
      queueList.appendChild(row);
    });
    const refusal = await Q.getMeta(DB, "refused");
    refused.hidden = !refusal;
    if (refusal) refused.textContent = text.textRevoked;
  }

  function shownTime(moment) {
    // dd/mm/yyyy hh:mm, as every date of the site.
    const two = (n) => String(n).padStart(2, "0");
    return two(moment.getDate()) + "/" + two(moment.getMonth() + 1) + "/" + moment.getFullYear() + " " +
      two(moment.getHours()) + ":" + two(moment.getMinutes());
  }

  async function showBrought() {
    const brought = (await Q.getMeta(DB, "brought")) || { items: [], at: "" };
    root.querySelector("[data-village-as-of]").textContent =
      brought.at ? text.textAsOf + " " + shownTime(new Date(brought.at)) : "";
    broughtList.replaceChildren();
    if (!brought.items.length) broughtList.appendChild(el("li", {}, text.textNone));
    brought.items.forEach((item) => {
      const row = el("li", { "data-code": item.tracking_code });
      row.appendChild(el("strong", {}, item.tracking_code + " · " + item.kind_label));
      row.appendChild(el("div", {}, item.content));
      row.appendChild(el("div", { class: "state", "data-testid": "brought-status" }, item.status_label));
      if (item.public_answer) row.appendChild(el("div", { class: "muted" }, item.public_answer));
      broughtList.appendChild(row);
    });
  }

  async function refreshBrought(deviceKey) {
    const answer = await Q.fetchJson(text.itemsUrl, deviceKey);
    if (answer.status === 200) await Q.setMeta(DB, "brought", { items: answer.body, at: new Date().toISOString() });
    await showBrought();
  }

  function render() {
    root.querySelector("[data-testid=village-name]").textContent = settings.village_name;
    root.querySelector("[data-testid=village-commune]").textContent = settings.commune_name;
    root.querySelector("[data-testid=village-head]").textContent = settings.head;
    const kinds = form.elements.kind;
    kinds.replaceChildren(...settings.kinds.map((k) => el("option", { value: k.value }, k.label)));
    const topics = form.elements.topic;
    topics.replaceChildren(...settings.topics.map((t) => el("option", { value: t.value }, t.label)));
    topics.value = "other";
    form.hidden = false;
  }

  function problem(body) {
    if (!body.content) return text.textNeedContent;
    const kind = settings.kinds.find((k) => k.value === body.kind);
    if (kind && !kind.may_be_anonymous && (body.is_anonymous || !body.name)) return text.textNeedName;
    const hasIdentity = body.name || body.address || body.contact;
    if (!body.is_anonymous && hasIdentity && !body.has_consent) return text.textNeedConsent;
    return "";
  }

  async function submit(event) {
    event.preventDefault();
    const f = form.elements;
    const anonymous = f.is_anonymous.checked;
    const body = {
      client_key: Q.newKey(),
      kind: f.kind.value,
      topic: f.topic.value,
      content: f.content.value.trim(),
      is_anonymous: anonymous,
      name: anonymous ? "" : f.name.value.trim(),
      address: anonymous ? "" : f.address.value.trim(),
      contact: anonymous ? "" : f.contact.value.trim(),
      has_consent: !anonymous && f.has_consent.checked,
    };
    const wrong = problem(body);
    error.hidden = !wrong;
    error.textContent = wrong;
    if (wrong) return;
    await Q.enqueue(DB, text.itemsUrl, body, body.client_key);
    form.reset();
    form.elements.topic.value = "other";
    root.querySelector("[data-village-identity]").disabled = false;
    saved.textContent = text.textSaved;
    saved.hidden = false;
    setTimeout(() => { saved.hidden = true; }, 3000);
    await showQueue();
    Q.requestSync(DB);
    flush();
  }

  async function flush() {
    if ((await Q.counts(DB)).waiting) say(text.textSending);
    const outcome = await Q.flush(DB);
    if (outcome === "offline") say(navigator.onLine === false ? text.textOffline : text.textWaiting);
    else if (outcome === "sent") say(text.textSent);
    else if (outcome === "empty") say(navigator.onLine === false ? text.textOffline : text.textOnline);
    await showQueue();
  }

  async function start() {
    Q.registerWorker(root.dataset.swUrl);
    const deviceKey = await Q.getMeta(DB, "deviceKey");
    if (!deviceKey) {
      unpaired.hidden = false;
      return;
    }
    const answer = await Q.fetchJson(text.settingsUrl, deviceKey);
    if (answer.status === 200) {
      await Q.setMeta(DB, "settings", answer.body);
      await Q.setMeta(DB, "refused", "");
    } else if (answer.status === 401 || answer.status === 403) {
      await Q.setMeta(DB, "refused", (answer.body && answer.body.errors || []).join(" ") || "401");
    }
    settings = await Q.getMeta(DB, "settings");
    if (!settings) {
      unpaired.hidden = false;
      return;
    }
    render();
    await showQueue();
    await showBrought();
    form.addEventListener("submit", submit);
    form.elements.is_anonymous.addEventListener("change", (e) => {
      root.querySelector("[data-village-identity]").disabled = e.target.checked;
    });
    window.addEventListener("online", flush);
    window.addEventListener("offline", () => say(text.textOffline));
    setInterval(flush, RETRY_MS);
    setInterval(showQueue, 2000);
    say(navigator.onLine === false ? text.textOffline : text.textOnline);
    await flush();
    if (answer.status === 200) await refreshBrought(deviceKey);
  }

  start().catch((e) => console.error("Village app:", e));
})();
