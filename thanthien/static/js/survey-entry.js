// Fast entry of paper slips: a one-key answer moves the cursor on; the first empty answer gets the focus.
(() => {
  const form = document.querySelector("[data-slip-entry]");
  if (!form) return;
  const answers = Array.from(form.querySelectorAll("[data-slip-answer]"));
  const village = form.querySelector("select[name=village]");
  const first = village && !village.value ? village : answers.find((input) => !input.value) || answers[0];
  if (first) first.focus();
  form.addEventListener("input", (event) => {
    const input = event.target;
    if (!input.matches("[data-advance]") || !/^\d$/.test(input.value)) return;
    const next = answers[answers.indexOf(input) + 1];
    (next || form.querySelector("button[type=submit]")).focus();
  });
})();
