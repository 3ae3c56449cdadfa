// The alerts page's live list: server-sent events from /console/alerts/events put each alert that
// opened or ended at its place (open ones first) and say so to screen readers.
const body = document.getElementById('alerts');
const status = document.querySelector('[data-live-status]');
const empty = document.querySelector('[data-alerts-empty]');

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function put(a) {
  body.querySelector(`tr[data-alert="${CSS.escape(a.id)}"]`)?.remove();
  const tr = document.createElement('tr');
  tr.dataset.alert = a.id;
  tr.className = a.endedAt ? 'ended' : 'open';
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = a.label;
  tr.append(th, cell(a.endedAt ? body.dataset.endedLabel : body.dataset.openLabel), cell(a.started), cell(a.ended || '—'), cell(`${a.value}${a.unit}`), cell(`${a.threshold}${a.unit}`));
  if (a.endedAt) {
    const firstEnded = body.querySelector('tr.ended');
    body.insertBefore(tr, firstEnded);
  } else body.prepend(tr);
  if (empty) empty.hidden = true;
  if (status) status.textContent = `${a.label}：${a.endedAt ? body.dataset.endedLabel : body.dataset.openLabel}`;
}

if (body && window.EventSource) {
  const src = new EventSource(`/console/alerts/events?since=${encodeURIComponent(body.dataset.since)}`);
  src.addEventListener('alert', (e) => put(JSON.parse(e.data)));
  src.addEventListener('open', () => { document.documentElement.dataset.alertsLive = 'true'; });
}
