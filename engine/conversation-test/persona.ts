// The caller of a persona test (docs/conversation-tests.md): answers what the bot's prompt
// expects from the test's `persona`. The text runner (converse/runner.ts) and the audio-level
// simulator (telephony/simulator/conversation.ts) play the same persona.
import type { Lang } from '../../core/languages.js';
import { scenarioReason } from '../../core/reasons.js';
import type { CallerInput, Expects } from '../types.js';
import type { ConversationTest, PersonaAnswer } from './test-file.js';

/** The caller of a persona test: answers by what the bot expects (lists go on, the last repeats). */
export class Persona {
  private readonly used = new Map<string, number>();
  constructor(private readonly answers: NonNullable<ConversationTest['persona']>, private readonly lang: Lang = 'ja') {}

  private has(kind: string): boolean { return (this.answers as Record<string, unknown>)[kind] !== undefined; }
  private take(kind: string): PersonaAnswer {
    const v = (this.answers as Record<string, PersonaAnswer | PersonaAnswer[]>)[kind];
    if (!Array.isArray(v)) return v;
    const i = this.used.get(kind) ?? 0;
    this.used.set(kind, i + 1);
    return v[Math.min(i, v.length - 1)];
  }

  private untake(kind: string): void {
    const i = this.used.get(kind);
    if (i) this.used.set(kind, i - 1);
  }

  answer(expects: Expects): CallerInput {
    if (expects === 'datetime') {
      if (this.has('datetime')) return toInput(this.take('datetime'));
      if (this.has('date') && this.has('time')) {
        const d = this.take('date'); const t = this.take('time');
        // Speech joins with の; keys cannot (`#1203の#1000` is neither): the date's keys go first,
        // the time's keys answer the time question that follows.
        if (typeof d === 'string' && typeof t === 'string' && !isKeys(d) && !isKeys(t)) return { type: 'speech', text: `${d}${DATE_TIME_JOIN[this.lang]}${t}` };
        if (isKeys(d) || typeof d !== 'string') this.untake('time');
        return toInput(d);
      }
      if (this.has('date')) return toInput(this.take('date'));
      if (this.has('time')) return toInput(this.take('time'));
      return { type: 'noinput' };
    }
    if ((expects === 'date' || expects === 'time') && !this.has(expects) && this.has('datetime')) return toInput(this.take('datetime'));
    if (expects === 'none' || !this.has(expects)) return { type: 'noinput' };
    const a = this.take(expects);
    // A bare number for a menu, a choice or a yes/no is a key press (`choice: 2`).
    if (typeof a === 'string' && /^\d$/.test(a.trim()) && MENU_KINDS.includes(expects)) return { type: 'dtmf', digits: a.trim() };
    return toInput(a);
  }
}

const MENU_KINDS: Expects[] = ['choice', 'yesno', 'intent', 'procedure'];
/** How a caller joins a date and a time in one answer, by language (`12月3日の10時`, `December 3rd at 10 am`). */
const DATE_TIME_JOIN: Record<Lang, string> = { ja: 'の', en: ' at ', zh: '', ko: ' ', vi: ' lúc ', pt: ' às ' };
const isKeys = (a: PersonaAnswer) => typeof a === 'string' && /^#[0-9*#]+$/.test(a);

function toInput(a: PersonaAnswer): CallerInput {
  if (typeof a === 'string') {
    if (/^#[0-9*#]+$/.test(a)) return { type: 'dtmf', digits: a.slice(1) };
    return a.trim() ? { type: 'speech', text: a } : { type: 'noinput' };
  }
  if ('dtmf' in a) return { type: 'dtmf', digits: a.dtmf };
  if ('hangup' in a) return { type: 'hangup', reason: typeof a.hangup === 'string' && a.hangup ? scenarioReason(a.hangup) : undefined };
  return { type: 'noinput' };
}
