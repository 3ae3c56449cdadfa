// scripts/image.sh smoke's checks against the running image: a web booking through the public
// API (the first open slot the calendar offers), then a simulated phone call (signed webhook and
// media stream, typed keys) that hears the greeting. Plain node, no dependencies of the repo's.
const base = process.argv[2];
const api = `${base}/booking/api/v1`;
const json = async (r) => { if (!r.ok) throw new Error(`${r.url} → ${r.status} ${await r.text()}`); return r.json(); };

const venues = await json(await fetch(`${api}/venues`));
const venue = venues.find((v) => v.firstOpenDay);
if (!venue) throw new Error('no venue with an open day');
const day = await json(await fetch(`${api}/venues/${venue.id}/days/${venue.firstOpenDay}`));
const slot = day.slots.find((s) => s.remaining > 0);
const booked = await fetch(`${api}/bookings`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'idempotency-key': `smoke-${Date.now()}` },
  body: JSON.stringify({ procedure: 'ecert_renewal', venue: venue.id, date: venue.firstOpenDay, time: slot.time, name: 'スモーク テスト', phone: '09000000001' }),
});
const b = await json(booked);
console.log(`smoke: web booking ${booked.status} at ${venue.id} ${b.date} ${b.time} (reference issued: ${/^\d{6}$/.test(b.ref)})`);
