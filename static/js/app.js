// Small behaviours that would otherwise be inline handlers (the Content-Security-Policy forbids those).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined && target.form) {
    target.form.submit();
  }
});
