// FAQ CSV import in two steps: the file's bytes go to the API's preview (it detects UTF-8 or
// Shift_JIS and refuses anything else), the page lists what would be added, changed and removed
// (with a warning when entries would go), and only "import this" applies it. The page's CSRF token
// rides in the `csrf-token` header; the texts come from the page (data-*), never from here.
const form = document.querySelector('[data-faq-import]');
const out = document.getElementById('faq-result');
const preview = document.getElementById('faq-preview');
const token = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const fill = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
let pending = null; // { file, mode }

function fail(message) {
  out.textContent = message;
  out.className = 'error-summary';
}

async function send(method, path, file) {
  const res = await fetch(path, { method, credentials: 'same-origin', headers: { 'content-type': 'text/csv', 'csrf-token': token }, body: file });
  const body = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, body };
}

form?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const file = form.querySelector('input[type=file]').files[0];
  const mode = form.querySelector('input[name=mode]:checked')?.value ?? 'merge';
  preview.hidden = true;
  if (!file) return fail(form.dataset.choose);
  const r = await send('POST', `/api/faq.csv/preview?mode=${mode}`, file);
  if (!r.ok) return fail(r.body.message ?? `HTTP ${r.status}`);
  out.textContent = '';
  out.className = '';
  pending = { file, mode };
  const p = r.body;
  const counts = { n: p.entries, added: p.added.length, changed: p.changed.length, removed: p.removed.length, unchanged: p.unchanged };
  preview.querySelector('[data-counts-out]').textContent = fill(form.dataset.counts, counts);
  const warn = preview.querySelector('[data-warning-out]');
  warn.hidden = p.removed.length === 0;
  warn.textContent = fill(form.dataset.warning, counts);
  for (const k of ['added', 'changed', 'removed']) {
    const box = preview.querySelector(`[data-list="${k}"]`);
    const ul = box.querySelector('ul');
    ul.replaceChildren(...p[k].map((e) => Object.assign(document.createElement('li'), { textContent: `${e.id}：${e.question}` })));
    box.hidden = p[k].length === 0;
  }
  preview.hidden = false;
  preview.querySelector('[data-apply]').focus();
});

preview?.querySelector('[data-apply]')?.addEventListener('click', async () => {
  if (!pending) return;
  const r = await send('PUT', `/api/faq.csv?mode=${pending.mode}`, pending.file);
  if (!r.ok) { preview.hidden = true; return fail(r.body.message ?? `HTTP ${r.status}`); }
  // The result is said on the reloaded page (counts only; no FAQ text in the address).
  location.assign(`/console/content?faq=${r.body.added.length},${r.body.changed.length},${r.body.removed.length}#faq`);
});

preview?.querySelector('[data-cancel]')?.addEventListener('click', () => {
  pending = null;
  preview.hidden = true;
  form.reset();
});
