// The follow-ups page's live list: when /console/follow-ups/events says the list changed (a new
// call-back, one taken or closed elsewhere), the page is fetched again and its list put in place
// (the server draws it, as without JavaScript); screen readers hear that it changed.
const list = document.getElementById('follow-ups');
const status = document.querySelector('[data-live-status]');

async function refresh() {
  const res = await fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  if (!res.ok) return;
  const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('follow-ups');
  if (!fresh) return;
  list.replaceChildren(...fresh.childNodes);
  list.dataset.version = fresh.dataset.version;
  if (status) status.textContent = list.dataset.changedLabel || '';
}

if (list && window.EventSource) {
  const q = new URLSearchParams({ state: list.dataset.state || '', version: list.dataset.version || '' });
  const src = new EventSource(`/console/follow-ups/events?${q}`);
  src.addEventListener('changed', () => { void refresh(); });
  src.addEventListener('open', () => { document.documentElement.dataset.followUpsLive = 'true'; });
}
