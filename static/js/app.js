// Small behaviours that would otherwise be inline handlers (the Content-Security-Policy forbids those).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined && target.form) {
    target.form.submit();
  }
});

// Read-only fields people copy from (calendar feed URLs): one click selects the whole value.
document.addEventListener("click", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.dataset.selectOnClick !== undefined) {
    target.select();
  }
});
