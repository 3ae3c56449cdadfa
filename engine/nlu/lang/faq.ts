// The FAQ in a foreign language (cities/<id>/languages/faq.<lang>.csv: the Japanese file's ids and
// columns, questions, answers and synonyms in that language). A question is matched by the
// entry's synonym phrases found in it (longer and rarer phrases weigh more) and by the content
// words it shares with the entry's question, synonyms and category (rarer words weigh more), as
// the Japanese FAQ does; the best entry above a threshold answers, and a question no entry fits
// gets null, also when it shares a word or two with one (`can I book a park?`).
import type { FaqEntry, FaqHit } from '../faq.js';
import type { LangRules } from './types.js';

/** Below this a question is not answered from the FAQ (tuned on fixtures/nlu/lang-*.jsonl). */
export const FOREIGN_FAQ_THRESHOLD = 2.2;

interface Indexed { entry: FaqEntry; phrases: string[][]; words: Set<string>; explains: Set<string> }

/** The test of fit: at least this share of the question's content words must be words the entry
 *  speaks of (its question, synonyms, category or answer), or the question is about something else.
 *  Pairs of characters (zh, ko) include pairs across word edges that nobody writes: a lower share. */
const FIT_MIN = 0.5;
const FIT_MIN_PAIRS = 0.2;
/** The share of a word's weight an entry loses for a word of the question it does not speak of. */
const UNEXPLAINED = 0.3;

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

  constructor(readonly entries: FaqEntry[], private readonly rules: LangRules, stopWords: readonly string[] = []) {
    this.cjk = rules.lang === 'zh' || rules.lang === 'ko';
    this.stop = new Set([...rules.faqStop, ...stopWords.flatMap((w) => rules.faqTokens(w))]);
    this.longStop = [...rules.faqStop, ...stopWords].filter((w) => this.cjk && [...w].length >= 2).sort((a, b) => b.length - a.length);
    this.indexed = entries.map((entry) => {
      const phrases = entry.synonyms.map((s) => rules.faqTokens(s)).filter((p) => p.length);
      const words = new Set([entry.question, entry.category, ...entry.synonyms].flatMap((x) => this.content(x)));
      for (const p of new Set(phrases.map((p) => p.join(' ')))) this.phraseDf.set(p, (this.phraseDf.get(p) ?? 0) + 1);
      for (const w of words) this.wordDf.set(w, (this.wordDf.get(w) ?? 0) + 1);
      const explains = new Set([...words, ...this.content(entry.answer)]);
      return { entry, phrases, words, explains };
    });
  }

  /** Content words; in Chinese and Korean (no spaces to trust), pairs of characters; in
   *  Vietnamese, pairs of syllables. */
  private content(text: string): string[] {
    const toks = this.rules.faqTokens(text);
    // Vietnamese words are syllables written apart: pairs of syllables, stop words cutting them
    if (this.rules.lang === 'vi') {
      const out: string[] = [];
      for (let i = 0; i + 1 < toks.length; i++) if (!this.stop.has(toks[i]) && !this.stop.has(toks[i + 1])) out.push(`${toks[i]} ${toks[i + 1]}`);
      return out;
    }
    if (!this.cjk) return toks.filter((t) => t.length >= 3 && !this.stop.has(t));
    // stop words of two characters or more cut the text first (`可以预约` gives no `以预`)
    let joined = toks.join('');
    for (const w of this.longStop) joined = joined.split(w).join(',');
    const chars = [...joined];
    const out: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bi = chars[i] + chars[i + 1];
      if (!bi.includes(',') && !this.stop.has(bi) && !this.stop.has(chars[i]) && !this.stop.has(chars[i + 1])) out.push(bi);
    }
    return out;
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
    const qWords = new Set(qOrdered);
    const cap = this.cjk ? 6 : 14;
    return this.indexed.map(({ entry, phrases, words, explains }) => {
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
      const shared = [...qWords].filter((w) => words.has(w));
      if (matched.length || this.distinctWords(qOrdered, words) >= 2) for (const w of shared) score += Math.log(1 + n / (this.wordDf.get(w) ?? 1)) * 0.6;
      // `where can I buy a bus pass?` shares `bus` with the parking entry, and explains nothing else
      const unexplained = [...qWords].filter((w) => !this.explained(w, explains));
      const fit = qWords.size ? 1 - unexplained.length / qWords.size : 1;
      if (fit < (this.cjk ? FIT_MIN_PAIRS : FIT_MIN)) score = 0;
      // what the question asks that the entry does not speak of counts against it, a rare word
      // most (`preciso levar carimbo?`: the certificate's list of things to bring says no 'carimbo')
      else if (score > 0) for (const w of unexplained) score -= Math.log(1 + n / (this.wordDf.get(w) ?? 1)) * UNEXPLAINED;
      return { entry, score: Math.round(score * 1000) / 1000, matched };
    }).sort((a, b) => b.score - a.score);
  }

  search(text: string, threshold = FOREIGN_FAQ_THRESHOLD): FaqHit | null {
    const [best] = this.rank(text);
    return best && best.score >= threshold ? best : null;
  }
}
