// What the FAQ lacks (tender 002: 蓄積データを分析し、FAQ 不足などの改善ニーズを抽出し報告): the
// questions the line did not settle (no entry fitted, out of scope, asked again, a person asked for
// after the answer; analytics_questions) grouped into topics by their content words. Words are
// compared by their reading, so a question in kana and one in kanji meet (じゅうみんひょう and
// 住民票). Each topic has its count beside the previous period's, a few examples with numbers
// masked (phone numbers, dates of birth), and, once an editor made an FAQ entry from it, how many
// later questions that entry answered.
import { sql, type QueryExecutorProvider } from 'kysely';
import { loadKuromoji, readingOf, tokenize } from '../engine/nlu/kuromoji.js';

export interface GapTopic {
  /** The topic's words by reading (stable: the key an FAQ entry made from it is linked by). */
  key: string;
  /** The words as callers wrote them most often. */
  label: string;
  count: number;
  previous: number;
  reasons: Record<string, number>;
  examples: string[];
  /** The FAQ entry made from this topic, and the questions it answered since. */
  entry: { faq: string; since: string; answered: number } | null;
}

/** Words that carry no topic (said around every question). */
const LIGHT_VERBS = new Set(['スル', 'アル', 'イル', 'ナル', 'デキル', 'イウ', 'オモウ', 'イク', 'クル', 'シル', 'ワカル', 'オシエル', 'ネガウ', 'ヨイ', 'イイ', 'ナイ', 'ホシイ', 'タイ']);
const LIGHT_NOUNS = new Set(['コト', 'ノ', 'ン', 'モノ', 'トコロ', 'ホウ', 'ナニ', 'ドコ', 'イツ', 'ドレ', 'ドウ', 'ソレ', 'コレ', 'アレ', 'ワタシ', 'ジブン', 'スミマセン', 'トキ', 'バアイ']);

interface Word { reading: string; surface: string }

/** The content words of a question: noun compounds (住民+票 is one word) and independent verbs
 *  and adjectives by their dictionary form, each by its reading. */
export function contentWords(text: string): Word[] {
  const toks = tokenize(text.normalize('NFKC')) ?? [];
  const out: Word[] = [];
  let compound: { reading: string; surface: string; head: boolean } | null = null;
  const close = () => {
    // A noun of hiragana alone is most often the analyser cutting kana speech badly: the
    // readings of other questions' words find what such a question says (questionWords).
    if (compound?.head && !/^[\u3041-\u309f]+$/.test(compound.surface)) push({ reading: compound.reading, surface: compound.surface });
    compound = null;
  };
  const push = (w: Word) => { if (w.reading.length > 1 && !LIGHT_NOUNS.has(w.reading) && !LIGHT_VERBS.has(w.reading)) out.push(w); };
  for (const t of toks) {
    const [pos, sub] = [t.pos, t.pos_detail_1];
    if (pos === '名詞' && !['代名詞', '数', '非自立', '副詞可能', '特殊'].includes(sub)) {
      const reading = t.reading && t.reading !== '*' ? t.reading : kata(t.surface_form);
      compound ??= { reading: '', surface: '', head: false };
      compound.reading += reading;
      compound.surface += t.surface_form;
      if (sub !== '接尾') compound.head = true;
      continue;
    }
    close();
    if ((pos === '動詞' || pos === '形容詞') && sub === '自立') {
      const base = t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form;
      push({ reading: readingOf(base) ?? kata(base), surface: base });
    }
  }
  close();
  return out;
}

/** The words of each question, and the words other questions said that a question's reading holds:
 *  a question in kana only (which the analyser cuts badly) still meets its kanji twin. */
export function questionWords(texts: string[]): Word[][] {
  const own = texts.map(contentWords);
  const vocab = new Map<string, string>();
  for (const ws of own) for (const w of ws) if (w.reading.length >= 3 && !vocab.has(w.reading)) vocab.set(w.reading, w.surface);
  return texts.map((text, i) => {
    const whole = kata(readingOf(text.normalize('NFKC')) ?? text);
    const words = [...own[i]!];
    for (const [reading, surface] of vocab) if (whole.includes(reading) && !words.some((w) => w.reading === reading)) words.push({ reading, surface });
    return words;
  });
}

const kata = (s: string) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

/** A caller's words as an example: runs of digits or numerals (numbers, dates) masked. */
export function maskExample(text: string): string {
  return text.normalize('NFKC').replace(/[0-9０-９〇一二三四五六七八九十百千]{3,}|\d+/g, '＊').slice(0, 120);
}

interface Question { id: string; words: Word[]; text: string | null; reason: string; current: boolean }

/** Groups questions: the word most questions share heads a topic, with the word most often said
 *  beside it; those questions leave the pool, and so on. One-off words make no topic of their own. */
export function groupTopics(qs: Question[]): { key: string; label: string; members: Question[] }[] {
  const pool = new Set(qs.filter((q) => q.words.length));
  const topics: { key: string; label: string; members: Question[] }[] = [];
  while (pool.size) {
    const by = new Map<string, Question[]>();
    for (const q of pool) for (const r of new Set(q.words.map((w) => w.reading))) by.set(r, [...(by.get(r) ?? []), q]);
    // Most questions first; between equals, the longer word says more.
    const [head, members] = [...by.entries()].sort((a, b) => b[1].length - a[1].length || b[0].length - a[0].length || a[0].localeCompare(b[0]))[0]!;
    if (members.length < 2 && topics.length) {
      // What is left are single questions: each its own topic, by its first word.
      for (const q of pool) topics.push({ key: q.words[0]!.reading, label: q.words[0]!.surface, members: [q] });
      break;
    }
    // The word most often said with the head makes the topic's name say more (住民票・取る).
    const beside = new Map<string, number>();
    for (const q of members) for (const r of new Set(q.words.map((w) => w.reading))) if (r !== head) beside.set(r, (beside.get(r) ?? 0) + 1);
    const second = [...beside.entries()].filter(([, n]) => n * 2 >= members.length && n > 1).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    const keys = second ? [head, second] : [head];
    const surface = (r: string) => {
      const seen = new Map<string, number>();
      for (const q of members) for (const w of q.words) if (w.reading === r) seen.set(w.surface, (seen.get(w.surface) ?? 0) + 1);
      return [...seen.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    };
    topics.push({ key: keys.join('・'), label: keys.map(surface).join('・'), members });
    for (const q of members) pool.delete(q);
  }
  return topics;
}

export async function faqGapTopics(db: QueryExecutorProvider, p: { from: string; to: string }, prev: { from: string; to: string }): Promise<GapTopic[]> {
  await loadKuromoji();
  const { rows } = await sql<{ id: string; question: string | null; reason: string; day: string }>`
    select id, question, reason, day::text as day from analytics_questions
    where day between ${prev.from}::date and ${p.to}::date and question is not null
    order by at desc limit 20000`.execute(db);
  const words = questionWords(rows.map((r) => r.question ?? ''));
  const qs: Question[] = rows.map((r, i) => ({ id: r.id, text: r.question, reason: r.reason, words: words[i]!, current: r.day >= p.from }));
  const links = await sql<{ topic: string; faq: string; created_at: Date }>`select topic, faq, created_at from admin_faq_gap_links`.execute(db);
  const linked = new Map(links.rows.map((l) => [l.topic, l]));
  const topics: GapTopic[] = [];
  for (const t of groupTopics(qs)) {
    const current = t.members.filter((q) => q.current);
    if (!current.length) continue;
    const reasons: Record<string, number> = {};
    for (const q of current) reasons[q.reason] = (reasons[q.reason] ?? 0) + 1;
    const link = linked.get(t.key);
    let entry: GapTopic['entry'] = null;
    if (link) {
      const a = await sql<{ n: string | null }>`select sum(count) as n from analytics_faq_day where faq = ${link.faq} and not test and day >= (${link.created_at}::timestamptz at time zone 'Asia/Tokyo')::date`.execute(db);
      entry = { faq: link.faq, since: link.created_at.toISOString(), answered: Number(a.rows[0]?.n ?? 0) };
    }
    topics.push({
      key: t.key, label: t.label, count: current.length, previous: t.members.length - current.length, reasons,
      examples: [...new Set(current.map((q) => maskExample(q.text ?? '')))].slice(0, 3), entry,
    });
  }
  return topics.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
