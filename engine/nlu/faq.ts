// The FAQ: categories, questions, answers and synonyms, kept in a CSV that staff can edit
// (a city's `cities/<id>/faq.csv`, UTF-8; columns id, category, question, answer, synonyms with `|` between
// synonyms). A caller's question is matched by meaning (faq-match.ts): kana or kanji alike, the
// caller's own words through general paraphrases, and a test of fit, so that a question the FAQ
// does not answer is null even when it shares a word with an entry. When two entries fit about
// equally, the hit says so (`alternatives`) and the dialog asks which one was meant.

import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type KanaVocabulary, kanaAsFaqWords, kanaVocabulary } from './faq-kana.js';
import { FIT_MIN, type EntryTerms, entryTerms, readQuery, readingKey, scoreEntry } from './faq-match.js';
import { tokenize } from './kuromoji.js';
import { normalise } from './text.js';

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
  /** The entry's phrases found in the text (for the dialog log). */
  matched: string[];
  /** Other entries that fit about as well (best first): the dialog asks which one was meant. */
  alternatives?: FaqEntry[];
}

const COLUMNS = ['id', 'category', 'question', 'answer', 'synonyms'] as const;
/** Below this a question is not answered from the FAQ. Tuned on fixtures/nlu/faq-questions and faq-meaning. */
export const FAQ_THRESHOLD = 1.6;
/** A second entry within this share of the best one's score fits about equally. */
const AMBIGUOUS_SHARE = 0.9;

const STOP = new Set([
  'する', 'ある', 'いる', 'なる', 'できる', 'れる', 'られる', 'くる', '来る', 'いく', '行く', 'おる', 'ござる', 'いただく', 'くださる', 'もらう',
  'こと', 'もの', 'の', 'ん', 'よう', 'ため', '方', 'ほう', 'それ', 'これ', 'あれ', 'どれ', 'そこ', 'ここ', '何', 'なん', 'なに', '私', 'わたし',
  'いい', 'よい', '良い', 'です', 'ます', 'お願い', 'ください', 'ちょっと', '教える', '知る', '聞く', '分かる', 'わかる', '思う', '今', '場合',
  'ちゃう', 'しまう', 'てる', 'おく', 'みる', 'くれる', 'ほしい', '欲しい', 'たい', 'なる',
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

interface Indexed { entry: FaqEntry; terms: EntryTerms }

export class FaqIndex {
  readonly entries: FaqEntry[];
  private indexed: Indexed[] | null = null;
  private phraseDf = new Map<string, number>();
  private known = new Set<string>();
  private kana: KanaVocabulary = { words: new Map(), longest: 0 };
  private withWords = false;
  private stop: ReadonlySet<string>;
  private readonly stopWritten: ReadonlySet<string>;

  /** `stopWords`: the city's words too common in its FAQ to tell entries apart. */
  constructor(entries: FaqEntry[], readonly stopWords: readonly string[] = []) {
    this.entries = entries;
    this.stopWritten = stopWords.length ? new Set([...STOP, ...stopWords]) : STOP;
    this.stop = this.stopWritten;
  }

  private build(): Indexed[] {
    // words need kuromoji; rebuild once it becomes available
    const canWords = tokenize('') !== null;
    if (this.indexed && this.withWords === canWords) return this.indexed;
    this.withWords = canWords;
    // a stop word said in kana (`こうしん`) is the same stop word
    this.stop = new Set([...this.stopWritten, ...[...this.stopWritten].map(readingKey)]);
    this.phraseDf.clear();
    this.known.clear();
    this.indexed = this.entries.map((entry) => {
      const terms = entryTerms(entry, this.stop);
      // how rare a phrase is, among the entries that name it themselves (not by a general paraphrase)
      for (const p of terms.phrases) if (p.factor !== 0.75 && p.factor !== 0.9) this.phraseDf.set(p.key, (this.phraseDf.get(p.key) ?? 0) + 1);
      for (const w of terms.explains) this.known.add(w);
      return { entry, terms };
    });
    this.kana = kanaVocabulary(this.entries.flatMap((e) => [e.question, e.category, e.answer, ...e.synonyms]));
    return this.indexed;
  }

  /**
   * Builds the index now (once kuromoji is loaded): built on the first question instead, it held
   * the event loop, and so every call of the process, for a few hundred ms while a caller waited.
   */
  prepare(): void {
    if (tokenize('') !== null) this.build();
  }

  /** Every entry's score for the text, best first; entries that do not fit what was asked are
   *  left out. */
  rank(text: string): FaqHit[] {
    const idx = this.build();
    // a small FAQ (a city's first few entries) weighs its phrases as a full one would
    const n = Math.max(idx.length, 30);
    const q = readQuery(kanaAsFaqWords(text, this.kana), this.stop);
    if (!q.key) return [];
    const weight = (p: string) => Math.log(1 + n / (this.phraseDf.get(p) ?? 1)) * (0.6 + Math.min(p.length, 6) / 6);
    const known = (w: string) => this.known.has(w);
    const hits: FaqHit[] = [];
    for (const { entry, terms } of idx) {
      const s = scoreEntry(q, terms, weight, known);
      // the words of an entry's question alone only rank it: one of its synonyms must be said
      if (s.fit < FIT_MIN || !s.curated) continue;
      // of two entries that match as much, the one that explains more of the question fits better
      // (`再発行ってお金かかる`: the card's fee explains 再発行, the certificate's does not)
      const score = s.score * (0.5 + 0.5 * s.fit);
      hits.push({ entry, score: Math.round(score * 1000) / 1000, matched: s.matched });
    }
    return hits.sort((a, b) => b.score - a.score);
  }

  search(text: string, threshold = FAQ_THRESHOLD): FaqHit | null {
    const ranked = this.rank(text);
    const [best] = ranked;
    if (!best || best.score < threshold) return null;
    const close = ranked.slice(1).filter((h) => h.score >= threshold && h.score >= best.score * AMBIGUOUS_SHARE);
    return close.length ? { ...best, alternatives: close.map((h) => h.entry) } : best;
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

/** The FAQ one city's line answers from now: its faq.csv at start, replaced by staff's edits.
 *  Each city's understanding holds its own (cities/understanding.ts), so two cities in one
 *  process never answer from each other's FAQ. */
export class LiveFaq {
  private index: FaqIndex;

  /** `stopWords`: the city's (kept when staff's edits are loaded). */
  constructor(csvText: string | null, readonly stopWords: readonly string[] = []) {
    this.index = new FaqIndex(csvText ? parseFaqCsv(csvText) : [], stopWords);
  }

  /** Replaces the entries with the CSV's (staff's edits). */
  load(csvText: string): FaqEntry[] {
    const entries = parseFaqCsv(csvText);
    this.index = new FaqIndex(entries, this.stopWords);
    return entries;
  }

  current(): FaqIndex {
    return this.index;
  }
}
