// Speech synthesis behind one small interface. `app/` picks the provider once; the call session
// only sees a CachedSynthesiser, which speaks sentence by sentence so the first audio leaves
// before the whole prompt is synthesised.
import type { Lang } from '../../core/languages.js';
import type { Pacing } from '../../engine/types.js';
import { DEFAULT_PACING, pause, pauseAfterMs, trimSilence } from './pacing.js';

export interface Synthesiser {
  /** Identifies the voice in cache keys (provider + voice name). */
  readonly voice: string;
  /** The languages it speaks (`opts.lang`); absent: Japanese only. */
  readonly languages?: readonly Lang[];
  /**
   * One sentence → μ-law 8 kHz bytes, no header. `rate` 1.0 is normal, lower is slower.
   * `deadline` (performance.now() ms): when a caller will be waiting for this piece — now for a
   * prompt's first piece, later for a piece that follows audio still playing. Earliest first.
   * `lang`: the language of the text (default Japanese).
   */
  synthesise(text: string, rate: number, opts?: { deadline?: number; lang?: Lang }): Promise<Buffer>;
}

/**
 * Splits a prompt after 。！？ (and line breaks), keeping the punctuation with its sentence. In
 * the other languages also after `.` `!` `?` followed by a space or the end ("10.30" stays whole).
 */
export function splitSentences(text: string, lang: Lang = 'ja'): string[] {
  const out: string[] = [];
  let cur = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\n' || ch === '\r') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
    const latinEnd = lang !== 'ja' && '.!?'.includes(ch) && (i + 1 === chars.length || /\s/u.test(chars[i + 1]));
    if ('。！？'.includes(ch) || (lang === 'ja' && '!?'.includes(ch)) || latinEnd) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  // A lone punctuation mark (e.g. "……。") joins the sentence before it.
  return out.filter((s) => /[^\s。！？!?.,、…・「」]/u.test(s));
}

/** Where a clause ends inside a sentence: 、 in Japanese; `, ` (comma and space) and ，、 in the others. */
function clauseEnd(chars: string[], i: number, lang: Lang): boolean {
  const ch = chars[i];
  if (ch === '、') return true;
  if (lang === 'ja') return false;
  return ch === '，' || (ch === ',' && i + 1 < chars.length && /\s/u.test(chars[i + 1]));
}

/**
 * Pieces to synthesise one after another: sentences cut after every 、 into clauses, so the first
 * audio of a long prompt is ready after its first clause (Open JTalk's time grows with the text),
 * clauses shared by many prompts are cached once, and every pause is the scenario's (pacing.ts),
 * not the synthesiser's own (Open JTalk pauses ~0.45 s at a 、 inside a piece). `maxChars` keeps
 * sentences up to that length whole; `minChars` the shortest clause cut off.
 */
export function splitChunks(text: string, maxChars = 0, minChars = 1, lang: Lang = 'ja'): string[] {
  const out: string[] = [];
  for (const sentence of splitSentences(text, lang)) {
    if ([...sentence].length <= maxChars) {
      out.push(sentence);
      continue;
    }
    let cur = '';
    const chars = [...sentence];
    for (let i = 0; i < chars.length; i++) {
      cur += chars[i];
      if (clauseEnd(chars, i, lang) && [...cur].length >= minChars) {
        out.push(lang === 'ja' ? cur : cur.trim());
        cur = '';
      }
    }
    if (lang !== 'ja') cur = cur.trim();
    if (cur) {
      // A short tail joins the clause before it.
      if ([...cur].length < minChars / 2 && out.length) out[out.length - 1] += (lang === 'ja' ? '' : ' ') + cur;
      else out.push(cur);
    }
  }
  return out;
}

/** Limits how many syntheses run at once (each Open JTalk is a CPU-bound process). */
export class Semaphore {
  private waiting: { deadline: number; seq: number; go: () => void }[] = [];
  private active = 0;
  private seq = 0;
  constructor(private readonly limit: number) {}
  /**
   * Runs `fn` when a slot is free; waiting work goes earliest deadline first (a caller who will
   * hear silence soonest is served first; a prefetch whose audio is needed later waits).
   */
  async run<T>(fn: () => Promise<T>, deadline = performance.now()): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((go) => {
        const item = { deadline, seq: this.seq++, go };
        let i = this.waiting.length;
        while (i > 0 && (this.waiting[i - 1].deadline > deadline)) i--;
        this.waiting.splice(i, 0, item);
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next.go(); // the slot passes straight to the next job
      else this.active--;
    }
  }
}

export interface CacheStats { hits: number; misses: number; entries: number; bytes: number }

/** One speak / warm / has option bag's language: Japanese unless said. */
const langOf = (o?: { lang?: Lang }): Lang => o?.lang ?? 'ja';

/**
 * Cache keyed by (voice, language, rate, sentence text), shared by all calls of the process. In-flight
 * syntheses are shared too: fifty callers hearing the same greeting cause one synthesis.
 */
export class CachedSynthesiser {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0 };

  constructor(readonly inner: Synthesiser, private readonly maxBytes = 64 * 1024 * 1024) {}

  private key(text: string, rate: number, lang: Lang): string {
    return `${this.inner.voice}\u0000${lang}\u0000${rate.toFixed(2)}\u0000${text}`;
  }

  /** Whether the voice speaks `lang` (a Japanese-only synthesiser says no to the others). */
  speaks(lang: Lang): boolean {
    return (this.inner.languages ?? ['ja']).includes(lang);
  }

  sentence(text: string, rate: number, deadline = performance.now(), lang: Lang = 'ja'): Promise<Buffer> {
    const k = this.key(text, rate, lang);
    const hit = this.cache.get(k);
    if (hit) {
      this.stats.hits++;
      this.cache.delete(k); // refresh LRU position
      this.cache.set(k, hit);
      return hit;
    }
    this.stats.misses++;
    // Cached without the synthesiser's own padding; speak() adds the pauses (pacing.ts).
    const p = this.inner.synthesise(text, rate, lang === 'ja' ? { deadline } : { deadline, lang }).then((b) => Buffer.from(trimSilence(b)));
    this.cache.set(k, p);
    p.then(
      (buf) => {
        this.bytes += buf.length;
        this.evict();
      },
      () => this.cache.delete(k), // never cache a failure
    );
    return p;
  }

  /**
   * Starts synthesising a piece a caller may hear later (`deadline`: when; earliest first, so a
   * piece a caller waits for now goes before it), unless it is cached or on its way. Not a
   * caller's hit: the stats count what prompts found, and the syntheses.
   */
  ahead(text: string, rate: number, deadline: number, lang: Lang = 'ja'): void {
    if (this.cache.has(this.key(text, rate, lang))) return;
    this.sentence(text, rate, deadline, lang).catch(() => undefined); // said later, or never
  }

  /**
   * The prompt's audio, sentence by sentence. The next sentence is synthesised while the current
   * one is being sent, so a long prompt costs only its first sentence in latency.
   */
  async *speak(text: string, rate: number, o: { pacing?: Pacing; leadMs?: number; lang?: Lang } = {}): AsyncGenerator<Buffer> {
    const lang = langOf(o);
    const chunks = splitChunks(text, 0, 1, lang);
    const pacing = o.pacing ?? DEFAULT_PACING;
    // The next piece is synthesised while the current one plays; its deadline is when the audio
    // handed out so far runs out (the caller hears it in real time).
    const started: Promise<Buffer>[] = [];
    let playsUntil = performance.now();
    const ensure = (i: number) => {
      if (i < chunks.length && !started[i]) {
        started[i] = this.sentence(chunks[i], rate, i === 0 ? performance.now() : playsUntil, lang);
        started[i].catch(() => undefined); // surfaced when awaited
      }
    };
    for (let i = 0; i < chunks.length; i++) {
      ensure(i);
      // One yield per piece (the call session marks each): the piece, then the pause after it;
      // nothing before the first piece of a prompt unless asked (a prompt following another).
      const parts = [await started[i]];
      if (i === 0 && o.leadMs) parts.unshift(pause(o.leadMs));
      if (i < chunks.length - 1) parts.push(pause(pauseAfterMs(chunks[i], pacing)));
      const audio = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      playsUntil = Math.max(playsUntil, performance.now()) + audio.length / 8; // 8 bytes per ms
      ensure(i + 1);
      yield audio;
    }
  }

  /**
   * Synthesises a scenario's prompts ahead of the first call. A prompt may be a template: its
   * pieces that read a `{variable}` are left for the call, the others (「ご連絡先は、」, 「はいは1、」)
   * are the same pieces in every call, since pieces end at the template's own 、 and 。.
   */
  async warm(texts: Iterable<string>, rates: number[] = [1], o: { lang?: Lang } = {}): Promise<void> {
    const lang = langOf(o);
    const jobs: Promise<Buffer>[] = [];
    for (const t of texts) {
      for (const r of rates) for (const s of splitChunks(t, 0, 1, lang)) if (!/[{}]/u.test(s)) jobs.push(this.sentence(s, r, performance.now(), lang));
    }
    await Promise.all(jobs);
  }

  has(text: string, rate: number, o: { lang?: Lang } = {}): boolean {
    const lang = langOf(o);
    return splitChunks(text, 0, 1, lang).every((s) => this.cache.has(this.key(s, rate, lang)));
  }

  info(): CacheStats {
    return { ...this.stats, entries: this.cache.size, bytes: this.bytes };
  }

  private evict(): void {
    while (this.bytes > this.maxBytes && this.cache.size > 0) {
      const [k, p] = this.cache.entries().next().value as [string, Promise<Buffer>];
      this.cache.delete(k);
      p.then((b) => (this.bytes -= b.length), () => undefined);
      break; // one at a time; the next insert evicts again if needed
    }
  }
}
