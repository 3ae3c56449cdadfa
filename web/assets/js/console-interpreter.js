// The interpreter view, live: server-sent events from /console/interpreter/<call>/events add each
// turn (caller or operator, original and translation) as it is translated, and the typed answer is
// sent without reloading the page. Without this script the form posts and the page reloads.
const body = document.getElementById('lines');
const status = document.querySelector('[data-live-status]');
const state = document.getElementById('call-state');
const form = document.getElementById('say-form');
const d = body.dataset;

function cell(text, lang) {
  const td = document.createElement('td');
  td.textContent = text;
  if (lang) td.lang = lang;
  return td;
}

function add(l) {
  if (body.querySelector(`tr[data-seq="${l.seq}"]`)) return;
  const tr = document.createElement('tr');
  tr.dataset.seq = l.seq;
  tr.className = l.from;
  const at = new Date(l.at).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo' });
  tr.append(cell(at), cell(l.from === 'caller' ? d.callerLabel : d.operatorLabel), cell(l.original, l.lang), cell(l.ok ? l.translated : d.untranslatedLabel, l.from === 'caller' ? 'ja' : d.callerLang));
  body.append(tr);
}

const source = new EventSource(`/console/interpreter/${encodeURIComponent(d.call)}/events`);
source.addEventListener('open', () => { status.textContent = status.dataset.liveLabel; });
source.addEventListener('error', () => { status.textContent = status.dataset.lostLabel; });
source.addEventListener('line', (m) => add(JSON.parse(m.data).line));
source.addEventListener('call', (m) => {
  const c = JSON.parse(m.data).call;
  if (c.endedBy) {
    state.textContent = state.dataset.endedLabel;
    form?.remove();
  }
});

form?.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = form.elements.text.value.trim();
  if (!text) return;
  const res = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(new FormData(form)),
  });
  if (res.ok) form.elements.text.value = '';
});
