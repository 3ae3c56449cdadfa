// How well one FAQ entry answers a caller's question, by meaning rather than by shared strings.
//
// The question is read twice: as written (katakana folded to hiragana) and as sounds (kuromoji's
// readings), so `てすうりょう` finds `手数料`. Pause commas, fillers and spaces are gone first.
// An entry is described by its phrases (its synonyms, the content words of its question and
// category, and the general paraphrases of faq-concepts.ts that share a member with them) and by
// what it explains (also the words of its answer).
//
// Score = what the entry's phrases match (rarer and longer phrases count more; words of the
// entry's question less than its curated synonyms) − what the question asks that the entry does
// not explain (its content words covered by no matched phrase and absent from the entry; a word
// no entry knows counts most). The test of fit: the covered share of the question's content must
// be at least FIT_MIN, so `公園の予約` is not the booking entry because `公園` is left unexplained.

import { PARAPHRASES, FRAME_WORDS } from './faq-concepts.js';
import { type Token, readingOf, tokenize } from './kuromoji.js';
import { normalise, toHira } from './text.js';

interface Phrase { key: string; reading: string; words: string[]; factor: number }

export interface EntryTerms {
  /** Surface key, reading key, the content words of a phrase of several words (matched in order
   *  with other particles between them), weight factor: synonyms 1, question words 0.7, paraphrases 0.8. */
  phrases: Phrase[];
  /** Base forms and readings of everything the entry speaks of (question, synonyms, answer), and
   *  the kanji stems of its words (`受け取` for `受け取れる` as for `受け取る`). */
  explains: Set<string>;
  /** The content nouns of the entry's question: what it is about. */
  topic: string[];
}

interface Span { start: number; end: number; rStart: number; rEnd: number }
/** A token of the question: also whether it is a verb or adjective written kanji then kana (`開き`). */
interface TokenSpan extends Span { stemEnd?: number }

interface QueryWord extends Span {
  base: string; reading: string; noun: boolean; verb: boolean;
  /** Joined to another noun (directly or by の): part of one noun phrase with it. */
  linked: boolean;
  /** The last noun of such a phrase: what the phrase is about (`申請` of `パスポートの申請`). */
  head: boolean;
}

export interface QueryText {
  key: string; reading: string; words: QueryWord[];
  /** Every token's place in the key and in the reading (a phrase starts where a token starts). */
  tokens: TokenSpan[];
  /** A noun no entry may know, said first and marked as the topic (`図書館は`, `保育園って`). */
  topic: QueryWord | null;
}

/** The shares of a score the matcher uses (tuned on fixtures/nlu/faq-questions.jsonl and faq-meaning.jsonl). */
const UNEXPLAINED_UNKNOWN = 1.6; // a content word no entry speaks of
const UNEXPLAINED_ELSEWHERE = 1.2; // a content word another entry speaks of
export const FIT_MIN = 0.5;
const TOPIC_UNSAID = 0.15; // a noun of the entry's question the caller did not say

const VOWEL_ROWS: [string, string][] = [
  ['あかさたなはまやらわがざだばぱぁゃ', 'あ'], ['いきしちにひみりぎじぢびぴぃ', 'い'], ['うくすつぬふむゆるぐずづぶぷぅゅ', 'う'],
  ['えけせてねへめれげぜでべぺぇ', 'え'], ['おこそとのほもよろごぞどぼぽぉょを', 'お'],
];
const VOWEL = new Map<string, string>(VOWEL_ROWS.flatMap(([row, v]) => [...row].map((c) => [c, v] as [string, string])));

/** Hiragana with the long-vowel mark written as its vowel (`いんたーねっと` = `いんたあねっと`,
 *  as wanakana writes katakana), so written and read forms compare equal. */
function fold(s: string): string {
  let out = '';
  for (const c of toHira(s).toLowerCase()) out += c === 'ー' && out ? (VOWEL.get(out[out.length - 1]) ?? c) : c;
  return out;
}

/** Spoken contractions and polite negatives in their plain written form, so that one phrase
 *  matches however it was said: `持ってけば` is `持っていけば`, `届いていません` is `届いていない`. */
function plainForms(s: string): string {
  return s.replace(/([っんいえ])(て|で)(け|く|った|って)(?=[ばるのんよ]|$)/gu, '$1$2い$3')
    .replace(/(て|で)(い)?ません/gu, '$1$2ない');
}

/** Text with the recogniser's pauses, fillers and spaces gone, katakana as hiragana. */
export function surfaceKey(text: string): string {
  return fold(plainForms(normalise(text).replace(/[、。？\s]/gu, '')));
}

export function readingKey(text: string): string {
  const s = plainForms(normalise(text).replace(/[、。？\s]/gu, ''));
  return fold(readingOf(s) ?? s);
}

function contentToken(t: Token, stop: ReadonlySet<string>): boolean {
  if (t.pos !== '名詞' && t.pos !== '動詞' && t.pos !== '形容詞') return false;
  if (['非自立', '代名詞', '数', '接尾'].includes(t.pos_detail_1)) return false;
  const base = t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form;
  const reading = fold(t.reading && t.reading !== '*' ? t.reading : t.surface_form);
  return !stop.has(base) && !stop.has(reading) && !FRAME_WORDS.has(base) && !FRAME_WORDS.has(t.surface_form);
}

/** The question's surface and reading keys and its content words with their spans in both. */
export function readQuery(text: string, stop: ReadonlySet<string>): QueryText {
  const s = plainForms(normalise(text).replace(/[、。？\s]/gu, ''));
  const toks = tokenize(s) ?? [];
  const words: QueryWord[] = [];
  const tokens: TokenSpan[] = [];
  let pos = 0;
  let rpos = 0;
  let reading = '';
  let prevNoun: QueryWord | null = null; // the last noun, while only の stands after it
  let beforeNo: QueryWord | null = null; // a noun and の: linked to what follows (also a kana word the analyser split)
  for (const t of toks) {
    const r = fold(t.reading && t.reading !== '*' ? t.reading : t.surface_form);
    const w: QueryWord = {
      base: t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form, reading: r,
      start: pos, end: pos + t.surface_form.length, rStart: rpos, rEnd: rpos + r.length, noun: t.pos === '名詞', verb: t.pos !== '名詞', linked: false, head: false,
    };
    if (beforeNo && t.pos !== '助動詞' && !(t.pos === '助詞' && /^(?:か|ね|よ)$/u.test(t.surface_form) && t === toks[toks.length - 1])) beforeNo.linked = true;
    beforeNo = t.pos === '助詞' && t.surface_form === 'の' ? prevNoun : null;
    const prev = words[words.length - 1];
    const stemLen = t.pos === '動詞' || t.pos === '形容詞' ? (/^\p{Script=Han}+/u.exec(t.surface_form)?.[0].length ?? 0) : 0;
    tokens.push({ start: w.start, end: w.end, rStart: w.rStart, rEnd: w.rEnd, ...(stemLen && stemLen < t.surface_form.length ? { stemEnd: w.start + stemLen } : {}) });
    if (t.pos_detail_1 === '接尾' && prev && prev.end === pos) {
      // a suffix (`票` of `住民票`) belongs to the word before it
      prev.end = w.end; prev.rEnd = w.rEnd; prev.base += t.surface_form; prev.reading += r;
      // a kanji suffix is the head of a compound (`保育料` is a fee, of 保育): the word qualifies it
      if (/\p{Script=Han}/u.test(t.surface_form)) prev.linked = true;
      // `証明` + `書` may make a stop word (`証明書`)
      if (stop.has(prev.base) || stop.has(prev.reading)) words.pop();
    } else if (contentToken(t, stop)) {
      if (w.noun && prevNoun) { prevNoun.linked = true; w.linked = true; }
      words.push(w);
    }
    if (t.pos === '名詞' && t.pos_detail_1 !== '非自立' && t.pos_detail_1 !== '代名詞') prevNoun = contentToken(t, stop) || t.pos_detail_1 === '接尾' ? (words[words.length - 1] ?? null) : null;
    else if (!(t.pos === '助詞' && t.surface_form === 'の')) prevNoun = null;
    pos = w.end;
    rpos = w.rEnd;
    reading += r;
  }
  words.forEach((w, i) => { w.head = w.linked && !(words[i + 1]?.linked && words[i + 1].noun && words[i + 1].start - w.end <= 1); });
  // the question's topic: its first noun phrase, before any verb, marked by は or って
  const first = words.findIndex((w) => w.verb || !w.linked || w.head);
  const topic = first >= 0 && words[first].noun && /^(?:は|って)/u.test(s.slice(words[first].end)) ? words[first] : null;
  return { key: fold(s), reading: fold(reading), words, tokens, topic };
}

/** A word without its trailing kana (`受け取れる` → `受け取`), or '' when nothing kanji is left. */
export function stem(w: string): string {
  const s = w.replace(/[ぁ-ん]+$/u, '');
  return /\p{Script=Han}/u.test(s) ? `~${s}` : '';
}

/** The base forms and readings of a text's content words. */
export function explainedWords(text: string, stop: ReadonlySet<string>): string[] {
  return readQuery(text, stop).words.flatMap((w) => [w.base, w.reading, toHira(w.base)]);
}

/** `k` stands in `h` as a word of its own: not inside a kanji compound (`代理人` is not a
 *  member's word in `法定代理人`, `やって` is one in `土日もやって`). */
function containsWord(h: string, k: string): boolean {
  if (h === k) return true;
  if (k.length < 2) return false;
  const han = /\p{Script=Han}/u;
  for (let i = h.indexOf(k); i >= 0; i = h.indexOf(k, i + 1)) {
    const before = h[i - 1];
    const after = h[i + k.length];
    if ((!before || !han.test(before) || !han.test(k[0])) && (!after || !han.test(after) || !han.test(k[k.length - 1]))) return true;
  }
  return false;
}

/** Builds an entry's phrases from its synonyms, question and category, with the general
 *  paraphrases of any phrase it already has. */
export function entryTerms(e: { question: string; category: string; answer: string; synonyms: string[] }, stop: ReadonlySet<string>): EntryTerms {
  const phrases = new Map<string, Phrase>();
  const addOne = (p: string, factor: number) => {
    const key = surfaceKey(p);
    if (!key) return;
    const old = phrases.get(key);
    if (old && old.factor >= factor) return;
    // a phrase of several words also matches with other particles between them, when nothing but
    // particles stands between its words (`予約が必要`, not `電子証明書ってなに`)
    const pq = readQuery(p, stop);
    let rest = pq.key;
    for (const w of [...pq.words].reverse()) rest = rest.slice(0, w.start) + rest.slice(w.end);
    const loose = pq.words.length >= 2 && /^(?:は|が|を|の|って|も|に|で|と|へ|や)*$/u.test(rest);
    phrases.set(key, { key, reading: readingKey(p), words: loose ? pq.words.map((w) => w.base) : [], factor });
  };
  const add = (p: string, factor: number) => {
    addOne(p, factor);
    // a phrase ending in a verb's dictionary form also matches it conjugated
    // (`しないとどうなる` in `しないとどうなりますか`, `持っていく` in `持っていけば`)
    if (p.length >= 4 && /\p{Script=Han}|[ぁ-ん]{2}[うくすつぬむるぐぶ]$/u.test(p) && /[うくすつぬむるぐぶ]$/u.test(p)) addOne(p.slice(0, -1), factor);
  };
  for (const s of e.synonyms) add(s, 1);
  const own = [e.question, e.category].flatMap((t) => readQuery(t, stop).words.map((w) => w.base));
  for (const w of own) addOne(w, 0.7);
  // general paraphrases: worth more when the entry's question or category names them (it is
  // about that) than when only one of its synonyms does
  const about = surfaceKey(e.question + e.category);
  const have = [...phrases.keys()];
  for (const group of PARAPHRASES) {
    const keys = group.map(surfaceKey);
    if (!keys.some((k) => have.some((h) => containsWord(h, k)))) continue;
    const own = keys.some((k) => about.includes(k));
    for (const m of group) add(m, own ? 0.9 : 0.75);
  }
  const explains = new Set<string>();
  for (const t of [e.question, e.category, e.answer, ...e.synonyms]) for (const w of explainedWords(t, stop)) explains.add(w);
  for (const p of phrases.values()) { explains.add(p.key); explains.add(p.reading); }
  for (const w of [...explains]) { const st = stem(w); if (st) explains.add(st); }
  const topic = readQuery(e.question, stop).words.filter((w) => w.noun).map((w) => w.base);
  return { phrases: [...phrases.values()], explains, topic };
}

/** Start offsets of `p` in `q`; a phrase starting with a digit must not continue a number. */
function occurrences(q: string, p: string): number[] {
  const out: number[] = [];
  if (!p) return out;
  for (let i = q.indexOf(p); i >= 0; i = q.indexOf(p, i + 1)) {
    if (/^\d/u.test(p) && i > 0 && /\d/u.test(q[i - 1])) continue;
    out.push(i);
  }
  return out;
}

export interface EntryScore { score: number; fit: number; matched: string[]; curated: boolean }

const endsInKanji = (p: string) => /\p{Script=Han}$/u.test(p);

/** Tokens (indexes) covered by the places of `p` in `q` that start where a token starts (and,
 *  for a phrase that ends in kanji or is matched by sound, end where one ends: `車` is not in
 *  `車いす`, `かいじょ` not in `かいじょう`). */
function places(q: string, p: string, tokens: TokenSpan[], byReading: boolean): number[] {
  const out: number[] = [];
  const starts = (i: number) => tokens.findIndex((t) => (byReading ? t.rStart : t.start) === i);
  // a verb's kanji stem ends a phrase too (`何時に開` in `何時に開きますか`)
  const ends = (i: number) => tokens.some((t) => (byReading ? t.rEnd : t.end) === i || (!byReading && t.stemEnd === i));
  for (const i of occurrences(q, p)) {
    const first = starts(i);
    if (first < 0) continue; // `わすれた` inside `おきわすれた` is another word
    const j = i + p.length;
    if ((byReading || endsInKanji(p)) && p.length < 5 && !ends(j)) continue;
    for (let k = first; k < tokens.length && (byReading ? tokens[k].rStart : tokens[k].start) < j; k++) out.push(k);
  }
  return out;
}

/** `phraseWeight(key)`: how telling a phrase is (rarer across entries, longer). `known(word)`:
 *  whether any entry speaks of the word. */
export function scoreEntry(
  q: QueryText, terms: EntryTerms, phraseWeight: (key: string) => number, known: (w: string) => boolean,
): EntryScore {
  const covered = new Array<boolean>(q.tokens.length).fill(false);
  const tokenOf = (w: QueryWord) => q.tokens.findIndex((t) => t.start === w.start);
  // longest phrases first; a phrase that covers no token not already covered adds nothing
  const found: { key: string; w: number; curated: boolean }[] = [];
  const phrases = [...terms.phrases].sort((a, b) => b.key.length - a.key.length);
  for (const p of phrases) {
    let toks = places(q.key, p.key, q.tokens, false);
    // by sound: only readings long enough not to be found by chance inside other words
    if (p.reading.length >= 3 || p.reading === p.key) toks = toks.concat(places(q.reading, p.reading, q.tokens, true));
    if (!toks.length && p.words.length) {
      // the phrase's words in its order, other particles between them (`予約って必要` for `予約が必要`)
      let from = 0;
      const used: QueryWord[] = [];
      for (const w of p.words) {
        const i = q.words.findIndex((x, k) => k >= from && (x.base === w || x.reading === fold(w)));
        if (i < 0) break;
        used.push(q.words[i]);
        from = i + 1;
      }
      if (used.length === p.words.length && used[used.length - 1].start - used[0].end <= 8) toks = used.map(tokenOf);
    }
    const fresh = toks.filter((k) => k >= 0 && !covered[k]);
    if (!fresh.length) continue;
    // a phrase that spans several of the question's words says more than one word
    const words = q.words.filter((w) => fresh.includes(tokenOf(w))).length;
    // one that overlaps a longer phrase already found says nothing new unless it adds a word
    // (`持ってい` after `何を持って` adds only the い of `いけば`)
    if (!words && toks.some((k) => k >= 0 && covered[k])) continue;
    for (const k of toks) if (k >= 0) covered[k] = true;
    found.push({ key: p.key, w: phraseWeight(p.key) * p.factor * (1 + 0.5 * Math.max(0, words - 1)), curated: p.factor >= 0.75 });
  }
  let score = found.reduce((s, f) => s + f.w, 0);
  let total = 0;
  let coveredWeight = 0;
  const lastVerb = [...q.words].reverse().find((w) => w.verb);
  // a topic no entry speaks of (`図書館は何時まで`): the question is about something else
  let misfit = !!q.topic && !known(q.topic.base) && !known(q.topic.reading);
  for (const w of q.words) {
    // a word no entry knows that stands alone (`財布ごと盗まれて`) tells less than one that qualifies
    const alone = w.noun && !w.linked && !known(w.base) && !known(w.reading);
    const weight = alone ? 0.5 : w.noun ? 1 : 0.6;
    total += weight;
    const bySpan = q.tokens.some((t, i) => covered[i] && t.start < w.end && t.end > w.start);
    const explained = terms.explains.has(w.base) || terms.explains.has(w.reading) || (w.verb && !!stem(w.base) && terms.explains.has(stem(w.base)));
    if (bySpan || explained) { coveredWeight += weight; continue; }
    const elsewhere = known(w.base) || known(w.reading);
    // what the question is about is not what the entry explains: the head of a noun phrase
    // (`パスポートの申請`), a word no entry knows that qualifies one (`粗大ごみの手数料`), or the
    // question's last verb when another entry explains it (`自転車を盗まれた`)
    if ((w.linked && (w.head || !elsewhere)) || (w === lastVerb && elsewhere)) misfit = true;
    score -= weight * (elsewhere ? UNEXPLAINED_ELSEWHERE : UNEXPLAINED_UNKNOWN);
  }
  // what the entry is about and the caller did not mention tells entries that tie apart
  // (`交付通知書をなくした` and `カードをなくした` for `カードをなくしてしまいました`)
  for (const t of terms.topic) if (!q.words.some((w) => w.base === t) && !q.key.includes(fold(t))) score -= TOPIC_UNSAID;
  const fit = misfit ? 0 : total ? coveredWeight / total : found.length ? 1 : 0;
  return { score, fit, matched: found.map((f) => f.key), curated: found.some((f) => f.curated) };
}
