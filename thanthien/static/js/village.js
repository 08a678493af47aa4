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
      if (item.body.campaign_id) {
        row.appendChild(el("strong", {}, text.textSlip + ": "));
        row.appendChild(document.createTextNode(item.label + " "));
      } else {
        row.appendChild(el("strong", {}, kindLabel(item.body.kind) + ": "));
        row.appendChild(document.createTextNode(item.body.content.slice(0, 120) + " "));
      }
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

  // --- Survey slips: a campaign's questions, drawn from the settings kept on the phone ---------------------
  const slipForm = root.querySelector("[data-village-slip]");
  const slipError = root.querySelector("[data-village-slip-error]");

  function campaignOf(id) {
    return settings.campaigns.find((c) => String(c.id) === String(id));
  }

  function option(type, name, value, label) {
    const row = el("label", { class: "check" });
    row.appendChild(el("input", { type: type, name: name, value: String(value) }));
    row.appendChild(document.createTextNode(" " + label));
    return row;
  }

  function renderQuestions() {
    const campaign = campaignOf(slipForm.elements.campaign.value);
    const box = root.querySelector("[data-village-questions]");
    box.replaceChildren();
    if (!campaign) return;
    campaign.questions.forEach((q) => {
      const set = el("fieldset", { "data-question": String(q.number), "data-kind": q.kind });
      set.appendChild(el("legend", {}, q.number + ". " + q.text));
      const name = "q" + q.number;
      if (q.kind === "scale") campaign.levels.forEach((l) => set.appendChild(option("radio", name, l.value, l.label)));
      if (q.kind === "single") q.choices.forEach((c) => set.appendChild(option("radio", name, c.number, c.label)));
      if (q.kind === "multiple") q.choices.forEach((c) => set.appendChild(option("checkbox", name, c.number, c.label)));
      if (q.kind === "text") set.appendChild(el("textarea", { name: name, rows: "2", maxlength: "2000" }));
      box.appendChild(set);
    });
  }

  function slipAnswers() {
    const answers = {};
    root.querySelectorAll("[data-question]").forEach((set) => {
      const number = set.dataset.question;
      const kind = set.dataset.kind;
      if (kind === "text") {
        const value = set.querySelector("textarea").value.trim();
        if (value) answers[number] = value;
      } else if (kind === "multiple") {
        const values = Array.from(set.querySelectorAll("input:checked"), (box) => parseInt(box.value, 10));
        if (values.length) answers[number] = values;
      } else {
        const chosen = set.querySelector("input:checked");
        if (chosen) answers[number] = parseInt(chosen.value, 10);
      }
    });
    return answers;
  }

  async function submitSlip(event) {
    event.preventDefault();
    const campaign = campaignOf(slipForm.elements.campaign.value);
    const answers = slipAnswers();
    slipError.hidden = Object.keys(answers).length > 0;
    slipError.textContent = text.textSlipEmpty;
    if (!campaign || !slipError.hidden) return;
    const key = Q.newKey();
    await Q.enqueue(DB, text.slipsUrl, { campaign_id: campaign.id, answers: answers, idempotency_key: key }, key,
      campaign.title);
    renderQuestions();
    const done = root.querySelector("[data-testid=village-slip-saved]");
    done.textContent = text.textSaved;
    done.hidden = false;
    setTimeout(() => { done.hidden = true; }, 3000);
    await showQueue();
    Q.requestSync(DB);
    flush();
  }

  function renderSlips() {
    const campaigns = settings.campaigns || [];
    slipForm.hidden = !campaigns.length;
    if (!campaigns.length) return;
    slipForm.elements.campaign.replaceChildren(...campaigns.map((c) => el("option", { value: String(c.id) }, c.title)));
    renderQuestions();
    slipForm.elements.campaign.addEventListener("change", renderQuestions);
    slipForm.addEventListener("submit", submitSlip);
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
    await Q.flushAndSay(DB, text, say);
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
    renderSlips();
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
