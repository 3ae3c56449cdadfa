// The built-in FAQ, templates and scenario are what the service runs with when staff saved none:
// the API lists them, previews them, refuses template ids the messenger never sends, and reads a
// Shift_JIS FAQ CSV as Japanese (or refuses what is neither UTF-8 nor Shift_JIS).
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../testing/fresh-database.js';
import { testClock } from '../booking/testing/clock.js';
import { createBookingBook } from '../booking/index.js';
import { loadCityProfile } from '../cities/profile.js';
import { LiveFaq } from '../engine/nlu/faq.js';
import { buildAdminApi, createAccounts, createMetrics } from './index.js';
import { encodeSjis, login, PASSWORD } from './testing.js';
import { decodeJapaneseText } from './text-encoding.js';

let db: FreshDatabase;
let app: FastifyInstance;
let csrf: { token: string; secret: string };
let editor: string;
const shipped = readFileSync('cities/ichinomiya/faq.csv', 'utf8');
// As app/ does at start: the line answers from its city's faq.csv until staff save their own.
const liveFaq = new LiveFaq(shipped, loadCityProfile('ichinomiya').understanding.faq_stop_words);

beforeAll(async () => {
  db = await freshDatabase();
  const clock = testClock();
  app = Fastify();
  await app.register(buildAdminApi({ liveFaq, db: db.db, book: createBookingBook({ db: db.db, clock }), clock, metrics: createMetrics({ defaults: false }), loginRateLimit: 1000, builtInScenarios: [{ id: 'renewal', file: 'cities/ichinomiya/scenarios/renewal.yaml' }] }));
  await createAccounts(db.db, clock).create({ email: 'ed@city.example.jp', password: PASSWORD, role: 'editor' });
  editor = await login(app, 'ed@city.example.jp', PASSWORD);
  // Changes made with the session cookie carry the CSRF token, as the console sends it.
  const answer = await app.inject({ method: 'GET', url: '/auth/csrf', cookies: { sid: editor } });
  csrf = { token: answer.json().token, secret: answer.cookies.find((c: { name: string }) => c.name === '_csrf')!.value };
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: InjectOptions['payload'], headers: Record<string, string> = {}) =>
  app.inject({ method, url, cookies: { sid: editor, _csrf: csrf.secret }, headers: { 'csrf-token': csrf.token, ...headers }, ...(payload !== undefined ? { payload } : {}) });

describe('built-ins are visible', () => {
  it('lists the shipped FAQ (marked built-in) when none was saved', async () => {
    const faq = (await call('GET', '/faq')).json();
    expect(faq.length).toBeGreaterThan(5);
    expect(faq[0].builtIn).toBe(true);
  });

  it('lists the built-in templates and previews one', async () => {
    const list = (await call('GET', '/templates')).json<{ templates: { id: string }[] }>();
    expect(list.templates.map((t) => t.id)).toEqual(expect.arrayContaining(['booked-sms', 'booked-email', 'cancelled-sms']));
    const pv = await call('POST', '/templates/booked-email/preview', { vars: { ref: '123456' } });
    expect(pv.statusCode).toBe(200);
    expect(pv.json().subject).toContain('123456');
  });

  it('refuses a misspelt template id and the wrong channel', async () => {
    const r = await call('PUT', '/templates/booked-smss', { channel: 'sms', body: '予約 {{ref}}' });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('booked-sms');
    expect((await call('PUT', '/templates/booked-sms', { channel: 'email', subject: 'x', body: '予約 {{ref}}' })).statusCode).toBe(400);
    expect((await call('PUT', '/templates/booked-sms', { channel: 'sms', body: '予約 {{ref}}' })).statusCode).toBe(200);
  });

  it('lists the built-in scenario that answers calls as active version 0', async () => {
    const list = (await call('GET', '/scenarios')).json();
    expect(list).toContainEqual(expect.objectContaining({ scenarioId: 'renewal', version: 0, active: true, builtIn: true }));
  });
});

describe('FAQ CSV encodings', () => {
  const csv = 'id,category,question,answer,synonyms\nparking,施設,駐車場はありますか,庁舎の駐車場をご利用いただけます。,駐車場|車\n';

  it('stores a Shift_JIS (CP932) CSV as Japanese, and the bot answers with it', async () => {
    const sjis = Buffer.from(new Uint8Array(encodeSjis(csv)));
    expect(decodeJapaneseText(sjis)?.encoding).toBe('shift_jis');
    const r = await call('PUT', '/faq.csv', sjis, { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(200);
    const faq = (await call('GET', '/faq')).json();
    expect(faq[0]).toMatchObject({ id: 'parking', question: '駐車場はありますか', answer: '庁舎の駐車場をご利用いただけます。' });
    // The engine now answers from these entries (the text it would say is Japanese, not mojibake).
    expect(liveFaq.current().entries.map((e) => e.answer)).toEqual(['庁舎の駐車場をご利用いただけます。']);
  });

  it('takes UTF-8 with a BOM, and refuses bytes that are neither', async () => {
    expect((await call('PUT', '/faq.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), { 'content-type': 'text/csv' })).statusCode).toBe(200);
    expect((await call('GET', '/faq')).json()[0].id).toBe('parking');
    const junk = Buffer.from([0x69, 0x64, 0x2c, 0x81, 0x20, 0xff, 0xfe, 0x0a]);
    const r = await call('PUT', '/faq.csv', junk, { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('UTF-8');
  });
});

describe('FAQ import is planned before it is applied', () => {
  const two = 'id,category,question,answer,synonyms\nparking,施設,駐車場はありますか,庁舎の駐車場をご利用いただけます。,駐車場|車\nnew_one,その他,新しい質問,新しい答え,\n';
  const put = (body: string, mode = 'replace') => call('PUT', `/faq.csv?mode=${mode}`, Buffer.from(body), { 'content-type': 'text/csv' });

  it('refuses a file with no data rows (it would empty the FAQ), and keeps the FAQ as it was', async () => {
    expect((await put(shipped)).statusCode).toBe(200);
    const before = (await call('GET', '/faq')).json().length;
    const r = await put('id,category,question,answer,synonyms\n');
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('データの行がありません');
    expect((await call('GET', '/faq')).json()).toHaveLength(before);
  });

  it('previews a 2-row import: what it adds, changes and removes, storing nothing', async () => {
    expect((await put(shipped)).statusCode).toBe(200);
    const all = (await call('GET', '/faq')).json<{ id: string }[]>();
    const r = await call('POST', '/faq.csv/preview?mode=replace', Buffer.from(two), { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(200);
    const plan = r.json();
    expect(plan.added.map((e: { id: string }) => e.id)).toEqual(['parking', 'new_one'].filter((id) => !all.some((e) => e.id === id)));
    expect(plan.removed.length).toBe(all.length - all.filter((e) => e.id === 'parking' || e.id === 'new_one').length);
    expect((await call('GET', '/faq')).json()).toHaveLength(all.length); // nothing stored
    const merged = (await call('POST', '/faq.csv/preview?mode=merge', Buffer.from(two), { 'content-type': 'text/csv' })).json();
    expect(merged.removed).toEqual([]);
    expect(merged.entries).toBe(all.length + merged.added.length);
  });

  it('merge keeps the entries the file does not name (the 持ち物 answers stay)', async () => {
    expect((await put(shipped)).statusCode).toBe(200);
    const all = (await call('GET', '/faq')).json<{ id: string }[]>();
    const r = await put(two, 'merge');
    expect(r.statusCode).toBe(200);
    const after = (await call('GET', '/faq')).json<{ id: string }[]>();
    expect(after.map((e) => e.id)).toEqual(expect.arrayContaining(all.map((e) => e.id)));
    expect(after.map((e) => e.id)).toContain('new_one');
  });
});

describe('the built-in scenario is a version like the others (issue 19)', () => {
  it('a first activation rolls back to the built-in file, which can also be used again without tests', async () => {
    const renewal = readFileSync('cities/ichinomiya/scenarios/renewal.yaml', 'utf8');
    const up = await call('POST', '/scenarios', `# v1\n${renewal}`, { 'content-type': 'text/yaml' });
    const v = up.json<{ version: number }>().version;
    expect((await call('POST', `/scenarios/renewal/versions/${v}/activate`, { force: true })).statusCode).toBe(200);
    const listed = async () => (await call('GET', '/scenarios')).json<{ version: number; active: boolean; previous: boolean; builtIn?: boolean; note: string | null }[]>();
    expect((await listed()).find((x) => x.version === 0)).toMatchObject({ active: false, previous: true, note: null });
    // Before the fix: 404 "no such record" (the history held no earlier activation).
    const back = await call('POST', '/scenarios/renewal/rollback', {});
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual({ version: 0 });
    let list = await listed();
    expect(list.find((x) => x.version === 0)).toMatchObject({ active: true });
    expect(list.find((x) => x.version === v)).toMatchObject({ active: false, previous: true });
    // And forward again by a roll-back, then back to 標準 by its own activation.
    expect((await call('POST', '/scenarios/renewal/rollback', {})).json()).toEqual({ version: v });
    expect((await call('POST', '/scenarios/renewal/versions/0/activate', {})).statusCode).toBe(200);
    list = await listed();
    expect(list.find((x) => x.version === 0)).toMatchObject({ active: true });
    expect(list.find((x) => x.version === v)).toMatchObject({ active: false });
  });
});
