// What the FAQ lacks, through the staff API: unanswered questions in kana and kanji meet in one
// topic, numbers are masked in the examples; an editor adds an FAQ entry from the topic, the FAQ's
// own check says the examples now find it, the line answers from it at once, and the topic counts
// the later questions it answered.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogEvent } from '../core/events.js';
import { contentWords, groupTopics, maskExample, questionWords } from './faq-gaps.js';
import { loadKuromoji } from '../engine/nlu/kuromoji.js';
import { harness, type Harness } from './testing.js';

let h: Harness;
const T = (iso: string) => new Date(iso);
const asked = (id: string, at: string, question: string, reason = 'out_of_scope'): DialogEvent =>
  ({ callId: id, at: T(at), type: 'question_unanswered', node: 'ask_intent', data: { reason: reason as 'out_of_scope', question } });

beforeAll(async () => {
  await loadKuromoji();
  h = await harness();
  const events: DialogEvent[] = [
    asked('g1', '2026-11-10T01:00:00Z', '住民票を取りたいんですが'),
    asked('g2', '2026-11-11T01:00:00Z', 'じゅうみんひょうはどこでとれますか'),
    asked('g3', '2026-11-12T01:00:00Z', '住民票の写しが欲しいです、電話番号は09012345678です'),
    asked('g4', '2026-11-13T01:00:00Z', '粗大ごみの出し方を教えてください', 'no_entry'),
    asked('g5', '2026-11-14T01:00:00Z', '粗大ごみを出したい', 'no_entry'),
    asked('g0', '2026-10-20T01:00:00Z', '住民票はコンビニで取れますか'),
  ];
  for (const e of events) h.sink.emit(e);
  await h.sink.close();
});
afterAll(async () => { await h?.close(); });

describe('what the FAQ lacks', () => {
  it('reads content words by their reading, so kana and kanji meet', () => {
    expect(contentWords('住民票を取りたいんですが').map((w) => w.reading)).toContain('ジュウミンヒョウ');
    expect(questionWords(['住民票を取りたい', 'じゅうみんひょうはどこでとれますか'])[1]!.map((w) => w.reading)).toContain('ジュウミンヒョウ');
    expect(maskExample('電話番号は09012345678です')).toBe('電話番号は＊です');
    const texts = ['住民票を取りたい', 'じゅうみんひょうが欲しい', '粗大ごみを出したい'];
    const words = questionWords(texts);
    const g = groupTopics(texts.map((text, i) => ({ id: String(i), text, reason: 'x', current: true, words: words[i]! })));
    expect(g.map((t) => [t.label, t.members.length])).toEqual([['住民票', 2], ['粗大ごみ', 1]]);
  });

  it('groups a period\'s unanswered questions into topics with counts, the previous period and masked examples', async () => {
    const ed = await h.as('editor');
    const r = await h.app.inject({ method: 'GET', url: '/faq/gaps?from=2026-11-01&to=2026-11-30', ...h.auth(ed.cookie) });
    expect(r.statusCode).toBe(200);
    const topics = r.json();
    expect(topics[0]).toMatchObject({ key: 'ジュウミンヒョウ', label: '住民票', count: 3, previous: 1, reasons: { out_of_scope: 3 }, entry: null });
    expect(topics[0].examples).toContain('住民票の写しが欲しいです、電話番号は＊です');
    expect(topics[1]).toMatchObject({ label: '粗大ごみ・出す', count: 2, previous: 0, reasons: { no_entry: 2 } });
    // A viewer may not read what callers asked.
    const v = await h.as('viewer');
    expect((await h.app.inject({ method: 'GET', url: '/faq/gaps?from=2026-11-01&to=2026-11-30', ...h.auth(v.cookie) })).statusCode).toBe(403);
  });

  it('an editor adds an FAQ entry from a topic: checked against the examples, live at once, and counted on the topic', async () => {
    const ed = await h.as('editor');
    const r = await h.app.inject({
      method: 'POST', url: '/faq/entries', ...h.auth(ed.cookie),
      payload: {
        id: 'juminhyo', category: '手続き', question: '住民票はどこで取れますか', topic: 'ジュウミンヒョウ',
        answer: '住民票は市民課の窓口か、マイナンバーカードがあればコンビニで取れます。',
        synonyms: ['住民票', '住民票の写し', '住民票を取りたい', 'じゅうみんひょう', '住民票はどこで'], examples: ['住民票を取りたいんですが', 'じゅうみんひょうはどこでとれますか'],
      },
    });
    expect(r.statusCode).toBe(200);
    const check: { question: string; answeredBy: string | null }[] = r.json().check;
    expect(check[0]).toEqual({ question: '住民票を取りたいんですが', answeredBy: 'juminhyo' });
    // The check says what the line itself now answers, example by example.
    for (const c of check) expect(c.answeredBy).toBe(h.faq.current().search(c.question)?.entry.id ?? null);
    // The line answers from it now, and the standard entries are still there.
    expect(h.faq.current().entries.map((e) => e.id)).toContain('juminhyo');
    expect(h.faq.current().entries.length).toBeGreaterThan(20);
    // A later call answered by it is counted on the topic.
    await sql`insert into analytics_faq_day (day, faq, count) values ('2026-11-25', 'juminhyo', 4)`.execute(h.db.db);
    const topics = (await h.app.inject({ method: 'GET', url: '/faq/gaps?from=2026-11-01&to=2026-11-30', ...h.auth(ed.cookie) })).json();
    expect(topics.find((t: { key: string }) => t.key === 'ジュウミンヒョウ').entry).toMatchObject({ faq: 'juminhyo', answered: 4 });
    // The same id twice is refused.
    const again = await h.app.inject({ method: 'POST', url: '/faq/entries', ...h.auth(ed.cookie), payload: { id: 'juminhyo', category: 'x', question: 'xx', answer: 'xx', synonyms: [] } });
    expect(again.statusCode).toBe(409);
  });
});
