// Improves the booking pages when scripts run (they work without): the error summary takes the
// focus so a screen reader reads it first, and a form marked data-once sends only once (the
// server is idempotent anyway; this only spares the citizen a second wait).
const summary = document.querySelector('[data-error-summary]');
if (summary) summary.focus();
for (const form of document.querySelectorAll('form[data-once]')) {
  form.addEventListener('submit', (e) => {
    if (form.dataset.sent) { e.preventDefault(); return; }
    form.dataset.sent = '1';
    for (const b of form.querySelectorAll('button[type="submit"]')) b.setAttribute('aria-disabled', 'true');
  });
}
