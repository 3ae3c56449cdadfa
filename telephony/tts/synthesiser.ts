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

/** About how long a Japanese prompt takes to say, per character (for synthesis deadlines). */
export const SPOKEN_MS_PER_CHAR = 120;

/** One speak / warm / has option bag's language: Japanese unless said. */
const langOf = (o?: { lang?: Lang }): Lang => o?.lang ?? 'ja';

/** A piece waiting in the ahead lane (not started yet). */
interface AheadJob { key: string; text: string; rate: number; lang: Lang; deadline: number; done: (p: Promise<Buffer>) => void }

/**
 * Cache keyed by (voice, language, rate, sentence text), shared by all calls of the process. In-flight
 * syntheses are shared too: fifty callers hearing the same greeting cause one synthesis.
 *
 * Two lanes. A piece a caller hears (`sentence`, `speak`) goes to the synthesiser at once with its
 * deadline (earliest first). Work ahead of need (`ahead`: the next prompts while the caller talks;
 * `warm`: the scenario at start) waits in a lane of its own, earliest deadline first, at most
 * `aheadLanes` at a time, and reaches the synthesiser behind every caller's piece: so a caller
 * waits at most for a piece ahead that is being synthesised (earliest-deadline-first alone let a
 * cold start's backlog of prefetches, their deadlines passed, go before a new prompt for seconds).
 * A caller asking for a piece still waiting there takes it out and has it synthesised at once.
 */
export class CachedSynthesiser {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0 };
  private readonly aheadQueue: AheadJob[] = [];
  private aheadRunning = 0;

  /** `aheadLanes`: syntheses ahead of need at once (telephony/providers.ts: the voice's processes). */
  constructor(readonly inner: Synthesiser, private readonly maxBytes = 64 * 1024 * 1024, private readonly aheadLanes = 2) {}

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
      const waiting = this.aheadQueue.findIndex((j) => j.key === k);
      if (waiting >= 0) this.aheadQueue.splice(waiting, 1)[0].done(this.synthesise(text, rate, deadline, lang));
      return hit;
    }
    this.stats.misses++;
    return this.store(k, this.synthesise(text, rate, deadline, lang));
  }

  /**
   * Queues a piece a caller may hear later (`deadline`: when) in the ahead lane, unless it is
   * cached or on its way. Not a caller's hit: the stats count what prompts found, and syntheses.
   */
  ahead(text: string, rate: number, deadline: number, lang: Lang = 'ja'): void {
    this.queueAhead(text, rate, deadline, lang).catch(() => undefined); // said later, or never
  }

  private queueAhead(text: string, rate: number, deadline: number, lang: Lang): Promise<Buffer> {
    const key = this.key(text, rate, lang);
    const have = this.cache.get(key);
    if (have) return have;
    this.stats.misses++;
    let done!: (p: Promise<Buffer>) => void;
    const p = this.store(key, new Promise<Buffer>((resolve) => (done = resolve)));
    let i = this.aheadQueue.length;
    while (i > 0 && this.aheadQueue[i - 1].deadline > deadline) i--;
    this.aheadQueue.splice(i, 0, { key, text, rate, lang, deadline, done });
    this.pumpAhead();
    return p;
  }

  private pumpAhead(): void {
    while (this.aheadRunning < this.aheadLanes && this.aheadQueue.length) {
      const j = this.aheadQueue.shift()!;
      this.aheadRunning++;
      // An infinite deadline: behind every piece a caller waits for in the synthesiser's own queue.
      const p = this.synthesise(j.text, j.rate, Number.POSITIVE_INFINITY, j.lang);
      j.done(p);
      p.catch(() => undefined).finally(() => {
        this.aheadRunning--;
        this.pumpAhead();
      });
    }
  }

  /** One piece from the voice, without the synthesiser's own padding (speak() adds the pauses, pacing.ts). */
  private synthesise(text: string, rate: number, deadline: number, lang: Lang): Promise<Buffer> {
    return this.inner.synthesise(text, rate, lang === 'ja' ? { deadline } : { deadline, lang }).then((b) => Buffer.from(trimSilence(b)));
  }

  private store(k: string, p: Promise<Buffer>): Promise<Buffer> {
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
   * The prompt's audio, sentence by sentence. The next sentence is synthesised while the current
   * one is being sent, so a long prompt costs only its first sentence in latency.
   */
  async *speak(text: string, rate: number, o: { pacing?: Pacing; leadMs?: number; lang?: Lang } = {}): AsyncGenerator<Buffer> {
    const lang = langOf(o);
    const chunks = splitChunks(text, 0, 1, lang);
    const pacing = o.pacing ?? DEFAULT_PACING;
    // Every piece is asked for now, each with the time the caller will reach it (the pieces before
    // it said at about SPOKEN_MS_PER_CHAR): the first plays as soon as it is ready and the others
    // are synthesised meanwhile, several at once, so a per-call piece late in a prompt (the
    // caller's number) is ready when the cached pieces before it have been heard.
    const t0 = performance.now();
    let reach = t0 + (o.leadMs ?? 0);
    const started = chunks.map((c) => {
      const p = this.sentence(c, rate, reach, lang);
      p.catch(() => undefined); // surfaced when awaited
      reach += [...c].length * SPOKEN_MS_PER_CHAR + pauseAfterMs(c, pacing);
      return p;
    });
    for (let i = 0; i < chunks.length; i++) {
      // One yield per piece (the call session marks each): the piece, then the pause after it;
      // nothing before the first piece of a prompt unless asked (a prompt following another).
      const parts = [await started[i]];
      if (i === 0 && o.leadMs) parts.unshift(pause(o.leadMs));
      if (i < chunks.length - 1) parts.push(pause(pauseAfterMs(chunks[i], pacing)));
      yield parts.length === 1 ? parts[0] : Buffer.concat(parts);
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
    // In the ahead lane: the service takes calls while it warms, and a caller goes first.
    const now = performance.now();
    for (const t of texts) {
      for (const r of rates) for (const s of splitChunks(t, 0, 1, lang)) if (!/[{}]/u.test(s)) jobs.push(this.queueAhead(s, r, now, lang));
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
