// Choosing the call's language (docs/scenarios.md "Languages"): before the first question of the
// scenario's `languages.at` node, each offered language is offered in one short line spoken in it,
// with its key; that key switches the call to the language and asks the question again in it. A
// caller who simply starts speaking another language is switched when the understanding's
// `detectLanguage` is sure, and the words are understood in that language; when it is unsure and
// the words are not Japanese, the offer is said again. The choice holds for the rest of the call
// (it is settled by the first answer understood, or by a switch) and is a `language_chosen` event.
import { FOREIGN_LANGUAGES, type ForeignLang, type Lang } from '../core/languages.js';
import type { DialogOptions } from './interpreter.js';
import type { Answer } from './steps/kind.js';
import type { BotTurn } from './types.js';
import type { Nlu } from './understanding.js';
import type { ScenarioWalker } from './walker.js';
import { textOf } from './scenario/model.js';
import { japanesePhrases } from './wording/lang/ja.js';

/** Kana: words a Japanese caller said (kanji alone could be Chinese). */
const KANA = /[\u3041-\u30ff]/u;
/** Han characters (and digits, spaces, punctuation) only: a script Japanese and Chinese share. */
const HAN_ONLY = /^[\p{Script=Han}\d\s\p{P}]+$/u;

export class LanguageChoice {
  private settled = false;
  private offeredOnce = false;

  constructor(private readonly o: DialogOptions, private readonly walk: ScenarioWalker) {
    walk.beforeQuestion = (id, turns) => {
      if (this.settled || this.offeredOnce || id !== this.at || this.walk.language.code !== 'ja') return;
      this.offeredOnce = true;
      turns.push(...this.offerTurns(id));
    };
  }

  private get at(): string | undefined { return this.o.scenario.languages?.at; }

  /** The languages offered: those the scenario gives a key and the composer gave a language. */
  get offered(): ForeignLang[] {
    const keys = this.o.scenario.languages?.keys ?? {};
    return FOREIGN_LANGUAGES.filter((l) => keys[l] && this.o.languages?.[l]);
  }

  /** The call runs in `lang` from now on. */
  choose(lang: Lang, via: 'start' | 'keys' | 'speech'): void {
    const from = this.walk.language.code;
    this.settled = true;
    if (lang === from) return;
    const pack = lang === 'ja' ? { scenario: this.o.scenario, nlu: this.o.nlu, wording: this.o.wording } : this.o.languages?.[lang];
    if (!pack) throw new Error(`the line does not offer ${lang} (offered: ${this.offered.join(', ') || 'none'})`);
    this.walk.language = { code: lang, ...pack };
    this.walk.vars.set('city', (lang !== 'ja' && this.o.languages?.[lang]?.cityName) || this.o.scenario.city.name);
    this.walk.vars.set('hours', (lang !== 'ja' && this.o.languages?.[lang]?.lineHours) || this.o.scenario.city.hours || null);
    this.walk.emit('language_chosen', this.walk.current, { language: lang, from, via });
  }

  /** Whether the language is settled: chosen, or the first answer understood (or no offer made). */
  get isSettled(): boolean { return this.settled || !this.at || !this.offered.length; }

  /** The first answer understood settles the language. */
  settle(): void { this.settled = true; }

  /** At the offer's question, before the call's language is settled: a language's key switches
   *  (`keys`: ask again), words detected in another offered language switch (`speech`: understand
   *  them in it); anything else leaves the language as it is (null). Words in kanji alone (尾西庁舎)
   *  may be Chinese or Japanese: they switch to Chinese only when Japanese does not understand them
   *  (`later`: the interpreter calls `switchNow` after Japanese failed). */
  answer(nodeId: string, answer: Answer): 'keys' | 'speech' | { later: Lang } | null {
    if (this.settled || nodeId !== this.at) return null;
    const offered = this.offered;
    if (!offered.length) return null;
    if (answer.type === 'dtmf') {
      const keys = this.o.scenario.languages?.keys ?? {};
      const lang = offered.find((l) => keys[l] === answer.digits.replace(/#$/, ''));
      if (!lang) return null;
      this.choose(lang, 'keys');
      return 'keys';
    }
    const heard = this.heardLanguage(answer.text);
    if (!heard) return null;
    if (heard === 'zh' && this.walk.language.code === 'ja' && !KANA.test(answer.text) && HAN_ONLY.test(answer.text)) return { later: heard };
    this.choose(heard, 'speech');
    return 'speech';
  }

  /** The understanding of the offered language words at the offer's question are in, before the
   *  language is settled (the carrier's end-of-turn rule judges interims with it); null when they
   *  are in the call's language, or unsure. */
  understandingFor(nodeId: string, text: string): Nlu | null {
    if (this.settled || nodeId !== this.at) return null;
    const heard = this.heardLanguage(text);
    return heard && heard !== 'ja' ? (this.o.languages?.[heard]?.nlu ?? null) : null;
  }

  /** The language words are in, when it is another than the call's and the line speaks it
   *  (Japanese, or an offered one); null when unsure. */
  private heardLanguage(text: string): Lang | null {
    const heard = this.o.detectLanguage?.(text) ?? null;
    if (!heard || heard === this.walk.language.code || (heard !== 'ja' && !this.offered.includes(heard))) return null;
    return heard;
  }

  /** Japanese did not understand words that may be Chinese: Chinese from now on. */
  switchNow(lang: Lang): void { this.choose(lang, 'speech'); }

  /** Words not understood at the offer's question and not Japanese: the offer once more. */
  unsure(nodeId: string, text: string): BotTurn[] {
    if (this.settled || nodeId !== this.at || KANA.test(text) || this.walk.language.code !== 'ja') return [];
    return this.offerTurns(nodeId);
  }

  /** One line per offered language, each in its language, with its key. */
  private offerTurns(id: string): BotTurn[] {
    const node = this.o.scenario.parsedNodes[id];
    const keys = this.o.scenario.languages?.keys ?? {};
    return this.offered.flatMap((lang) => {
      const pack = this.o.languages![lang]!;
      const line = textOf(pack.scenario.languages?.offer);
      if (!line) return [];
      const key = (pack.wording.phrases ?? japanesePhrases).key(keys[lang]!);
      const t = this.walk.say.turn(id, node, line.replace(/\{key\}/g, key).trim(), 'none');
      t.lang = lang;
      return [t];
    });
  }
}
