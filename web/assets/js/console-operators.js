// The operator panel's live list: server-sent events from /console/operators/events add each
// hand-over at the top as it happens, and the "waited" column counts up every second.
const body = document.getElementById('transfers');
const status = document.querySelector('[data-live-status]');
const label = (k) => body.dataset[k];
const reasons = JSON.parse(body.dataset.reasons || '{}');

function waited(iso) {
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function add(e) {
  body.querySelector(`tr[data-call="${CSS.escape(e.callId)}"]`)?.remove();
  const tr = document.createElement('tr');
  tr.dataset.call = e.callId;
  if (e.failed) tr.className = 'failed';
  const at = new Date(e.at).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo' });
  const w = cell(waited(e.at));
  w.dataset.waited = e.at;
  tr.append(cell(at), w, cell(reasons[e.reason] ?? e.reason), cell(e.summary), cell(e.failed ? label('failedLabel') : label('okLabel')));
  body.prepend(tr);
}

const source = new EventSource('/console/operators/events');
source.addEventListener('open', () => { status.textContent = label('liveLabel'); });
source.addEventListener('error', () => { status.textContent = label('lostLabel'); });
source.addEventListener('transfer', (m) => add(JSON.parse(m.data)));
setInterval(() => {
  for (const td of body.querySelectorAll('[data-waited]')) td.textContent = waited(td.dataset.waited);
}, 1000);
