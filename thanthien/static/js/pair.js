// After pairing: keep the device's key in its own storage (IndexedDB), where the app and its service worker
// read it. The queue is left as it is: what waited under a revoked key is sent with the new one.
(function () {
  "use strict";
  const root = document.querySelector("[data-paired]");
  if (!root) return;
  const Q = self.ThanThienQueue;
  const status = root.querySelector("[data-testid=pair-status]");
  Q.setMeta(root.dataset.db, "deviceKey", root.dataset.key)
    .then(() => Q.setMeta(root.dataset.db, "refused", ""))
    .then(() => {
      status.textContent = root.querySelector(".pair-saved").dataset.textSaved;
      root.querySelector("[data-testid=pair-done]").disabled = false;
      root.querySelector("[data-testid=pair-open]").hidden = false;
      root.removeAttribute("data-key");
    })
    .catch((error) => { status.textContent = String(error); });
})();
