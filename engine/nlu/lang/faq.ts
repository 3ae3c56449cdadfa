// The FAQ in a foreign language (cities/<id>/languages/faq.<lang>.csv: the Japanese file's ids and
// columns, questions, answers and synonyms in that language). A question is matched by the
// entry's synonym phrases found in it (longer and rarer phrases weigh more) and by the content
// words it shares with the entry's question, synonyms and category (rarer words weigh more), as
// the Japanese FAQ does; the best entry above a threshold answers, and a question no entry fits
// gets null, also when it shares a word or two with one (`can I book a park?`).
import type { FaqEntry, FaqHit } from '../faq.js';
import { FOREIGN_FRAMES, FOREIGN_PARAPHRASES } from './faq-concepts.js';
import type { LangRules } from './types.js';

/** Below this a question is not answered from the FAQ (tuned on fixtures/nlu/lang-*.jsonl). */
export const FOREIGN_FAQ_THRESHOLD = 2.2;

interface Indexed { entry: FaqEntry; phrases: string[][]; words: Set<string>; explains: Set<string>; frameOnly: Set<string> }

/** The test of fit: at least this share of the question's content words must be words the entry
 *  speaks of (its question, synonyms, category or answer), or the question is about something else.
 *  Pairs of characters (zh, ko) include pairs across word edges that nobody writes: a lower share. */
const FIT_MIN = 0.5;
const FIT_MIN_PAIRS = 0.2;
/** The share of a word's weight an entry loses for a word of the question it does not speak of. */
const UNEXPLAINED = 0.3;

/** Number words, which tell no entry apart (Chinese numerals, Korean native numbers). */
const NUMERALS: ReadonlySet<string> = new Set([...'二三四五六七八九十两', '하나', '다섯', '여섯', '일곱', '여덟', '아홉', '스무', '서른']);

/** Where `a b c` contains `b c` as whole tokens (start indexes). */
function seqAt(hay: string[], needle: string[]): number[] {
  const out: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}

export class ForeignFaqIndex {
  private readonly indexed: Indexed[];
  private readonly phraseDf = new Map<string, number>();
  private readonly wordDf = new Map<string, number>();
  private readonly stop: ReadonlySet<string>;
  private readonly cjk: boolean;
  private readonly longStop: string[];
  private readonly frames: string[];
  /** Synonyms that are one word (one unit), keyed as units are. */
  private readonly wholeSynonyms = new Set<string>();

  constructor(readonly entries: FaqEntry[], private readonly rules: LangRules, stopWords: readonly string[] = []) {
    this.cjk = rules.lang === 'zh' || rules.lang === 'ko';
    // in Chinese and Korean a city's stop word is cut out whole (below), never its characters
    // one by one: `마이넘버카드` makes no stop word of `이`
    this.stop = new Set([...rules.faqStop, ...(this.cjk ? [] : stopWords.flatMap((w) => rules.faqTokens(w)))]);
    this.longStop = [...rules.faqStop, ...stopWords].filter((w) => this.cjk && [...w].length >= 2).sort((a, b) => b.length - a.length);
    this.frames = [...(FOREIGN_FRAMES[rules.lang] ?? [])].sort((a, b) => b.length - a.length);
    const groups = FOREIGN_PARAPHRASES[rules.lang] ?? [];
    this.indexed = entries.map((entry) => {
      const own = [entry.question, ...entry.synonyms].map((s) => rules.faqTokens(s));
      // a general paraphrase joins an entry that names one of its members (`家人` brings `老公`)
      const joined = groups.filter((g) => g.some((m) => own.some((o) => seqAt(o, rules.faqTokens(m)).length))).flat();
      const phrases = [...new Set([...entry.synonyms, ...joined].map((s) => rules.faqTokens(s).join(' ')))].filter(Boolean).map((s) => s.split(' '));
      const words = new Set([entry.question, entry.category, ...entry.synonyms, ...joined].flatMap((x) => this.content(x)));
      for (const x of [...entry.synonyms, ...joined]) { const u = this.wholeWord(x); if (u) this.wholeSynonyms.add(u.join('|')); }
      const frameOnly = new Set(phrases.filter((p) => !this.content(this.unframed(p.join(this.cjk ? '' : ' '))).length).map((p) => p.join(' ')));
      for (const p of new Set(phrases.map((p) => p.join(' ')))) this.phraseDf.set(p, (this.phraseDf.get(p) ?? 0) + 1);
      for (const w of words) this.wordDf.set(w, (this.wordDf.get(w) ?? 0) + 1);
      const explains = new Set([...words, ...this.content(entry.answer)]);
      return { entry, phrases, words, explains, frameOnly };
    });
  }

  /** The text with its where/when words cut out. */
  private unframed(text: string): string {
    let out = ` ${text} `;
    for (const f of this.frames) out = this.cjk ? out.split(f).join(',') : out.split(` ${f} `).join(' , ');
    return out.trim();
  }

  /** Content words; in Chinese and Korean (no spaces to trust), pairs of characters; in
   *  Vietnamese, pairs of syllables. */
  private content(text: string): string[] {
    // a number (`5 tuổi`, `五岁`) says how many, not what the question is about
    const isStop = (t: string) => this.stop.has(t) || /^\p{N}+$/u.test(t) || NUMERALS.has(t);
    // Vietnamese words are syllables written apart: pairs of syllables, stop words and pauses cutting them
    if (this.rules.lang === 'vi') {
      const out: string[] = [];
      for (const part of text.split(/[,;.!?，]/u)) {
        const toks = this.rules.faqTokens(part);
        for (let i = 0; i + 1 < toks.length; i++) if (!isStop(toks[i]) && !isStop(toks[i + 1])) out.push(`${toks[i]} ${toks[i + 1]}`);
      }
      return out;
    }
    if (!this.cjk) return this.rules.faqTokens(text).filter((t) => t.length >= 3 && !isStop(t));
    // pairs never cross a space or a pause (Korean writes words apart); stop words of two
    // characters or more cut the text first (`可以预约` gives no `以预`)
    let joined = text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ',');
    for (const w of this.longStop) joined = joined.split(w).join(',');
    const chars = [...joined];
    const out: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bi = chars[i] + chars[i + 1];
      if (!bi.includes(',') && !isStop(bi) && !isStop(chars[i]) && !isStop(chars[i + 1])) out.push(bi);
    }
    return out;
  }

  /** The question's words, each as its content: in Korean a word written apart (its particles
   *  and endings attached: `남편이`) is one unit of its pairs, explained when one of them is;
   *  elsewhere every content word is its own unit. */
  private units(text: string): string[][] {
    if (this.rules.lang !== 'ko') return [...new Set(this.content(text))].map((w) => [w]);
    return text.split(/[^\p{L}\p{N}]+/u).map((w) => this.content(w)).filter((u) => u.length);
  }

  /** A synonym that is one content word and nothing else (`passport`, `con dấu`, `护照`, `도장`),
   *  as its unit; null for one with other words around it (`which office`). */
  private wholeWord(x: string): string[] | null {
    const u = this.units(x);
    if (u.length !== 1) return null;
    const toks = this.rules.faqTokens(x);
    if (!this.cjk) return toks.length === (this.rules.lang === 'vi' ? 2 : 1) ? u[0] : null;
    return !/\s/u.test(x.trim()) && u[0].length === toks.length - 1 ? u[0] : null;
  }

  /** How many words of the question the entry shares; in Chinese and Korean, overlapping shared
   *  pairs of characters in a row are one word (`잃어버` is one, not two). */
  private distinctWords(ordered: string[], words: Set<string>): number {
    if (!this.cjk && this.rules.lang !== 'vi') return new Set(ordered.filter((w) => words.has(w))).size;
    let runs = 0;
    let inRun = false;
    for (const w of ordered) {
      const hit = words.has(w);
      if (hit && !inRun) runs++;
      inRun = hit;
    }
    return runs;
  }

  /** In Latin-script languages a word is explained also by another form of it (`abrem` by `abre`,
   *  `opening` by `open`): the same first four letters. */
  private explained(w: string, explains: Set<string>): boolean {
    if (explains.has(w)) return true;
    if (this.cjk || this.rules.lang === 'vi' || w.length < 4) return false;
    const head = w.slice(0, 4);
    for (const e of explains) if (e.length >= 4 && e.startsWith(head)) return true;
    return false;
  }

  rank(text: string): FaqHit[] {
    const n = this.indexed.length || 1;
    const toks = this.rules.faqTokens(this.rules.normalise(text));
    if (!toks.length) return [];
    const qOrdered = this.content(this.rules.normalise(text));
    const qUnits = this.units(this.rules.normalise(text));
    const cap = this.cjk ? 6 : 14;
    const beyondFrames = this.content(this.unframed(this.cjk ? this.rules.normalise(text) : toks.join(' ')));
    return this.indexed.map(({ entry, phrases, words, explains, frameOnly }) => {
      let score = 0;
      const matched: string[] = [];
      // longest first; a phrase inside one already found (`levar` in `preciso levar`) adds nothing
      const covered = new Set<number>();
      for (const p of [...phrases].sort((a, b) => b.length - a.length)) {
        const key = p.join(' ');
        if (matched.includes(key)) continue;
        const at = seqAt(toks, p).filter((i) => p.some((_, j) => !covered.has(i + j)));
        if (!at.length) continue;
        if (p.length === 1 && this.stop.has(p[0])) continue;
        for (const i of at) p.forEach((_, j) => covered.add(i + j));
        matched.push(key);
        const len = p.join('').length;
        score += Math.log(1 + n / (this.phraseDf.get(key) ?? 1)) * (0.6 + Math.min(len, cap) / cap);
      }
      // shared words count when a phrase matched or when there are two: one word shared with an
      // entry (`预约`, `book`) says nothing of whether the entry answers the question
      const weight = (u: string[], f: (w: string) => boolean) => Math.max(0, ...u.filter(f).map((w) => Math.log(1 + n / (this.wordDf.get(w) ?? 1))));
      const shared = qUnits.filter((u) => u.some((w) => words.has(w)));
      const distinct = this.rules.lang === 'ko' ? shared.length : this.distinctWords(qOrdered, words);
      if (matched.length || distinct >= 2) for (const u of shared) score += weight(u, (w) => words.has(w)) * 0.6;
      // `where can I buy a bus pass?` shares `bus` with the parking entry, and explains nothing else
      const unexplained = qUnits.filter((u) => !u.some((w) => this.explained(w, explains)));
      const fit = qUnits.length ? 1 - unexplained.length / qUnits.length : 1;
      // found only by `where` / `when`: the question must speak of something the entry knows
      const onlyFrames = matched.length > 0 && matched.every((m) => frameOnly.has(m));
      if (fit < (this.cjk ? FIT_MIN_PAIRS : FIT_MIN) || (onlyFrames && beyondFrames.length && !beyondFrames.some((w) => words.has(w)))) score = 0;
      // what the question asks that the entry does not speak of counts against it, a rare word
      // more (`preciso levar carimbo?`: the certificate's list of things to bring says no
      // 'carimbo'), and a word that is by itself another entry's synonym fully (`护照`)
      else if (score > 0) for (const u of unexplained) score -= weight(u, () => true) * (this.wholeSynonyms.has(u.join('|')) ? 1 : UNEXPLAINED);
      return { entry, score: Math.round(score * 1000) / 1000, matched };
    }).sort((a, b) => b.score - a.score);
  }

  search(text: string, threshold = FOREIGN_FAQ_THRESHOLD): FaqHit | null {
    const [best] = this.rank(text);
    return best && best.score >= threshold ? best : null;
  }
}
