// The completion-report form: live share of members reached, unsaved-changes warning.
(function () {
  const form = document.getElementById("report-form");
  if (!form) return;
  const reached = form.querySelector("[name=members_reached]");
  const total = form.querySelector("[name=members_total]");
  const out = document.getElementById("reach-percent");
  const num = (el) => { const t = (el.value || "").replace(/[\s.]/g, ""); return /^\d+$/.test(t) ? parseInt(t, 10) : null; };
  const update = () => {
    const r = num(reached), t = num(total);
    out.textContent = (r !== null && t) ? (Math.round(1000 * r / t) / 10).toLocaleString("vi-VN") + "%" : "—";
  };
  reached.addEventListener("input", update); total.addEventListener("input", update);
  let dirty = false, sending = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => {
    sending = true;
    // The server ignores a repeated submission (per-form token); this only spares a second click.
    setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; }), 0);
  });
  window.addEventListener("beforeunload", (e) => { if (dirty && !sending) { e.preventDefault(); e.returnValue = ""; } });
})();
