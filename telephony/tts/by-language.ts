// One synthesiser for a line that speaks several languages: each language goes to the voice that
// speaks it (offline: Open JTalk for Japanese, espeak-ng for the others). A language nobody speaks
// is an error at the piece, never Japanese voice reading English text.
import type { Lang } from '../../core/languages.js';
import type { Synthesiser } from './synthesiser.js';

export class SynthesiserByLanguage implements Synthesiser {
  readonly voice: string;
  readonly languages: readonly Lang[];
  private readonly byLang = new Map<Lang, Synthesiser>();
  private readonly all: Synthesiser[];

  /** `voices` in order of preference: the first that speaks a language says it. */
  constructor(voices: Synthesiser[]) {
    this.all = voices;
    for (const v of voices) for (const l of v.languages ?? (['ja'] as const)) if (!this.byLang.has(l)) this.byLang.set(l, v);
    this.languages = [...this.byLang.keys()];
    this.voice = [...new Set(voices.map((v) => v.voice))].join('+');
  }

  synthesise(text: string, rate: number, opts: { deadline?: number; lang?: Lang } = {}): Promise<Buffer> {
    const lang = opts.lang ?? 'ja';
    const v = this.byLang.get(lang);
    if (!v) return Promise.reject(new Error(`no voice speaks ${lang}`));
    // A Japanese-only synthesiser is called exactly as before (no lang option).
    return v.synthesise(text, rate, lang === 'ja' ? { deadline: opts.deadline } : opts);
  }

  /** Stops the voices' workers (Open JTalk's and espeak-ng's shells; they also end with the process). */
  close(): void {
    for (const v of this.all) (v as { close?: () => void }).close?.();
  }
}
