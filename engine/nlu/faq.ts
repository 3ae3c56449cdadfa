// The FAQ: categories, questions, answers and synonyms, kept in a CSV that staff can edit
// (a city's `cities/<id>/faq.csv`, UTF-8; columns id, category, question, answer, synonyms with `|` between
// synonyms). A caller's question is matched by meaning words, not exact strings:
// - synonym phrases found in the question (weighted by how specific they are: longer and rarer
//   phrases count more),
// - content words (kuromoji base forms of nouns, verbs, adjectives) shared with the entry's
//   question, synonyms and category, weighted by inverse document frequency.
// The best entry above a threshold answers; below it, null (the dialog says it does not know).

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { tokenize } from './kuromoji.js';
import { normalise, toHira } from './text.js';

export interface FaqEntry {
  id: string;
  category: string;
  question: string;
  answer: string;
  synonyms: string[];
}

export interface FaqHit {
  entry: FaqEntry;
  score: number;
  /** The entry's synonym phrases found in the text (for the dialog log). */
  matched: string[];
}

const COLUMNS = ['id', 'category', 'question', 'answer', 'synonyms'] as const;
/** Below this a question is not answered from the FAQ. Tuned on fixtures/nlu/faq-questions. */
export const FAQ_THRESHOLD = 2.2;

const STOP = new Set([
  'する', 'ある', 'いる', 'なる', 'できる', 'れる', 'られる', 'くる', '来る', 'いく', '行く', 'おる', 'ござる', 'いただく', 'くださる', 'もらう',
  'こと', 'もの', 'の', 'ん', 'よう', 'ため', '方', 'ほう', 'それ', 'これ', 'あれ', 'どれ', 'そこ', 'ここ', '何', 'なん', 'なに', '私', 'わたし',
  'いい', 'よい', '良い', 'です', 'ます', 'お願い', 'ください', 'ちょっと', '教える', '知る', '聞く', '分かる', 'わかる', '思う', '今', '場合',
]);

/** Content words of a text: base forms of nouns, verbs and adjectives, stop words removed (the
 *  generic ones, and a city's own: its name, the service every entry is about). */
export function contentWords(text: string, stop: ReadonlySet<string> = STOP): string[] {
  const toks = tokenize(normalise(text));
  if (!toks) return [];
  const out: string[] = [];
  for (const t of toks) {
    const pos = t.pos;
    if (pos !== '名詞' && pos !== '動詞' && pos !== '形容詞') continue;
    if (t.pos_detail_1 === '非自立' || t.pos_detail_1 === '代名詞' || t.pos_detail_1 === '数' || t.pos_detail_1 === '接尾') continue;
    const base = t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form;
    if (stop.has(base) || base.length < 1) continue;
    out.push(base);
  }
  return out;
}

function key(s: string): string {
  return toHira(normalise(s)).toLowerCase();
}

/** Substring match, except that a phrase starting with a digit must not continue a number
 *  (`5年` is not in `昭和45年`). */
function containsPhrase(q: string, p: string): boolean {
  if (!/^\d/u.test(p)) return q.includes(p);
  let i = q.indexOf(p);
  while (i >= 0) {
    if (i === 0 || !/\d/u.test(q[i - 1])) return true;
    i = q.indexOf(p, i + 1);
  }
  return false;
}

interface Indexed { entry: FaqEntry; phrases: string[]; words: Set<string> }

export class FaqIndex {
  readonly entries: FaqEntry[];
  private indexed: Indexed[] | null = null;
  private phraseDf = new Map<string, number>();
  private wordDf = new Map<string, number>();
  private withWords = false;
  private readonly stop: ReadonlySet<string>;

  /** `stopWords`: the city's words too common in its FAQ to tell entries apart. */
  constructor(entries: FaqEntry[], readonly stopWords: readonly string[] = []) {
    this.entries = entries;
    this.stop = stopWords.length ? new Set([...STOP, ...stopWords]) : STOP;
  }

  private build(): Indexed[] {
    // words need kuromoji; rebuild once it becomes available
    const canWords = tokenize('') !== null;
    if (this.indexed && this.withWords === canWords) return this.indexed;
    this.withWords = canWords;
    this.phraseDf.clear();
    this.wordDf.clear();
    this.indexed = this.entries.map((entry) => {
      const phrases = [...new Set(entry.synonyms.map(key).filter((p) => p.length >= 1))];
      const words = new Set<string>([
        ...contentWords(entry.question, this.stop), ...contentWords(entry.category, this.stop), ...entry.synonyms.flatMap((s) => contentWords(s, this.stop)),
      ]);
      for (const p of phrases) this.phraseDf.set(p, (this.phraseDf.get(p) ?? 0) + 1);
      for (const w of words) this.wordDf.set(w, (this.wordDf.get(w) ?? 0) + 1);
      return { entry, phrases, words };
    });
    return this.indexed;
  }

  /** Every entry's score for the text, best first. */
  rank(text: string): FaqHit[] {
    const idx = this.build();
    const n = idx.length || 1;
    const q = key(text);
    if (!q) return [];
    const qWords = new Set(contentWords(text, this.stop));
    const hits: FaqHit[] = idx.map(({ entry, phrases, words }) => {
      let score = 0;
      const matched: string[] = [];
      for (const p of phrases) {
        if (!containsPhrase(q, p)) continue;
        matched.push(p);
        const idf = Math.log(1 + n / (this.phraseDf.get(p) ?? 1));
        score += idf * (0.6 + Math.min(p.length, 6) / 6);
      }
      for (const w of qWords) {
        if (!words.has(w)) continue;
        score += Math.log(1 + n / (this.wordDf.get(w) ?? 1)) * 0.6;
      }
      return { entry, score: Math.round(score * 1000) / 1000, matched };
    });
    return hits.sort((a, b) => b.score - a.score);
  }

  search(text: string, threshold = FAQ_THRESHOLD): FaqHit | null {
    const [best] = this.rank(text);
    return best && best.score >= threshold ? best : null;
  }
}

export function parseFaqCsv(csvText: string): FaqEntry[] {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    for (const c of ['id', 'question', 'answer'] as const) {
      if (!r[c]) throw new Error(`faq.csv row ${i + 2}: column "${c}" is empty`);
    }
    return {
      id: r.id,
      category: r.category ?? '',
      question: r.question,
      answer: r.answer,
      synonyms: (r.synonyms ?? '').split('|').map((s) => s.trim()).filter(Boolean),
    };
  });
}

export function faqToCsv(entries: FaqEntry[]): string {
  return stringify(
    entries.map((e) => [e.id, e.category, e.question, e.answer, e.synonyms.join('|')]),
    { header: true, columns: [...COLUMNS] },
  );
}

// One process serves one city: app/ loads that city's FAQ (its faq.csv, or staff's edits) here.
let active: FaqIndex = new FaqIndex([]);

/** Replaces the FAQ used by `searchFaq` (and by the `faq` intent) with the CSV's entries. The
 *  stop words stay those given last (a reload of staff's edits keeps the city's). */
export function loadFaq(csvText: string, stopWords: readonly string[] = active.stopWords): FaqEntry[] {
  const entries = parseFaqCsv(csvText);
  active = new FaqIndex(entries, stopWords);
  return entries;
}

/** The active FAQ; empty until `loadFaq` is called. */
export function activeFaq(): FaqIndex {
  return active;
}

export function searchFaq(text: string): FaqHit | null {
  return activeFaq().search(text);
}
