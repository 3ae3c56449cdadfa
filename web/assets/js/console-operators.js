// The operator panel's live lists: server-sent events from /console/operators/events add each
// hand-over (or call-back taken) at the top as it happens, the "waited" column counts up every
// second, and every operator's availability is kept current; the operator's own status form is
// sent without leaving the page (it works as a plain form without JavaScript).
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
  if (e.failed || e.callback) tr.className = 'failed';
  const at = new Date(e.at).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo' });
  const w = cell(waited(e.at));
  w.dataset.waited = e.at;
  tr.append(cell(at), w, cell(reasons[e.reason] ?? e.reason), cell(e.summary), cell(e.callback ? label('callbackLabel') : e.failed ? label('failedLabel') : label('okLabel')));
  body.prepend(tr);
}

const source = new EventSource('/console/operators/events');
source.addEventListener('open', () => { status.textContent = label('liveLabel'); });
source.addEventListener('error', () => { status.textContent = label('lostLabel'); });
source.addEventListener('transfer', (m) => add(JSON.parse(m.data)));

// --- who can take a call ---------------------------------------------------------------------
const operators = document.getElementById('operators');
const summary = document.getElementById('presence-summary');
const states = operators ? JSON.parse(operators.dataset.states || '{}') : {};

function putOperator(o) {
  const tr = document.createElement('tr');
  tr.dataset.operator = o.operator;
  tr.dataset.state = o.effective;
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = o.operator;
  const state = (states[o.effective] ?? o.effective) + (o.stale ? `（${operators.dataset.staleLabel}）` : '');
  tr.append(th, cell(state), cell(new Date(o.since).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo' })));
  const old = operators.querySelector(`tr[data-operator="${CSS.escape(o.operator)}"]`);
  if (old) old.replaceWith(tr);
  else operators.append(tr);
  document.querySelector('[data-presence-empty]')?.remove();
}

function summarise() {
  const anyone = operators.querySelector('tr[data-state="available"]') !== null;
  summary.textContent = anyone ? summary.dataset.anyone : summary.dataset.nobody;
  summary.className = `notice ${anyone ? 'notice--success' : 'notice--warning'}`;
}

if (operators && summary) {
  source.addEventListener('operators', (m) => {
    const list = JSON.parse(m.data);
    for (const tr of operators.querySelectorAll('tr[data-operator]')) if (!list.some((o) => o.operator === tr.dataset.operator)) tr.remove();
    for (const o of list) putOperator(o);
    summarise();
  });
  source.addEventListener('operator', (m) => { putOperator(JSON.parse(m.data)); summarise(); });
  const form = document.querySelector('[data-presence-form]');
  form?.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const res = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { accept: 'application/json' } });
    if (!res.ok) form.submit(); // let the server say what went wrong
  });
}
setInterval(() => {
  for (const td of body.querySelectorAll('[data-waited]')) td.textContent = waited(td.dataset.waited);
}, 1000);
