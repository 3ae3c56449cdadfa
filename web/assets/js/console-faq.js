// FAQ CSV import: the file's bytes go to the API as they are (it detects UTF-8 or Shift_JIS and
// refuses anything else), with the page's CSRF token; the answer is shown, then the page reloads.
const form = document.querySelector('[data-faq-import]');
const out = document.getElementById('faq-result');
const token = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
form?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = form.querySelector('input[type=file]').files[0];
  if (!file) return;
  const res = await fetch('/api/faq.csv', { method: 'PUT', credentials: 'same-origin', headers: { 'content-type': 'text/csv', 'csrf-token': token }, body: file });
  const body = await res.json().catch(() => ({}));
  out.textContent = res.ok ? `${body.entries} ✓` : (body.message ?? `HTTP ${res.status}`);
  out.className = res.ok ? 'notice notice--success' : 'error-summary';
  if (res.ok) setTimeout(() => location.reload(), 800);
});
