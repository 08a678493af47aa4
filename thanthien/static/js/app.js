// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.submit();
});
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
document.addEventListener("click", (event) => {
  const printer = event.target.closest("[data-print]");
  if (printer) { window.print(); return; }
  const option = event.target.closest("[data-procedure-id]");
  if (!option) return;
  event.preventDefault();
  const hidden = document.getElementById("id_procedure");
  if (!hidden) return;
  hidden.value = option.dataset.procedureId;
  const chosen = document.getElementById("procedure-chosen");
  if (chosen) chosen.textContent = "✓ " + option.textContent.trim().replace(/\s+/g, " ");
  const list = document.getElementById("procedure-options");
  if (list) list.innerHTML = "";
  const next = document.getElementById("id_applicant_name");
  if (next) next.focus();
});
// A "select all" box ticks every box of its form named by data-check-all (the leader's queue of letters).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all) return;
  all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
// The main menu folds behind its button on a phone: the button says whether it is open (aria-expanded).
(function () {
  const button = document.querySelector("[data-menu-toggle]");
  const bar = button && button.closest("[data-menu]");
  if (!bar) return;
  const narrow = window.matchMedia("(max-width: 40rem)");
  const set = (open) => {
    bar.dataset.menu = open ? "open" : "closed";
    button.setAttribute("aria-expanded", String(open));
  };
  button.hidden = false;
  set(!narrow.matches);
  narrow.addEventListener("change", () => set(!narrow.matches));
  button.addEventListener("click", () => set(bar.dataset.menu !== "open"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && narrow.matches && bar.dataset.menu === "open") {
      set(false);
      button.focus();
    }
  });
})();
// A form (or the button that sends it) with data-confirm asks before an action that cannot be undone.
// The Content-Security-Policy forbids inline handlers, so this is the one way to ask.
document.addEventListener(
  "submit",
  (event) => {
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  },
  true,
);
// The desk's procedure picker works from the keyboard: ↓/↑ move through the options the search lists,
// Enter picks the highlighted one (the first if none is) instead of sending the form, Esc closes the list.
document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.id !== "procedure-search") return;
  const list = document.getElementById("procedure-options");
  const options = list ? Array.from(list.querySelectorAll("[data-procedure-id]")) : [];
  const current = options.findIndex((option) => option.getAttribute("aria-selected") === "true");
  const highlight = (index) => {
    options.forEach((option, position) => {
      if (!option.id) option.id = `procedure-option-${position}`;
      option.setAttribute("aria-selected", String(position === index));
      option.classList.toggle("active", position === index);
    });
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    if (!options.length) return;
    event.preventDefault();
    const step = event.key === "ArrowDown" ? 1 : -1;
    const start = current === -1 ? (step === 1 ? -1 : 0) : current;
    highlight((start + step + options.length) % options.length);
  } else if (event.key === "Enter") {
    if (!options.length) return;
    event.preventDefault(); // Enter in the search box picks; it never sends the half-filled form
    options[current === -1 ? 0 : current].click();
    input.removeAttribute("aria-activedescendant");
  } else if (event.key === "Escape" && options.length) {
    list.innerHTML = "";
    input.removeAttribute("aria-activedescendant");
  }
});
