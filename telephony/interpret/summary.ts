// The Japanese hand-over summary of a foreign caller, for the person who takes the call: the call's
// language first, then what the bot learnt from its structured values (procedure and venue by
// their Japanese names in the city's profile, date and time written the Japanese way), then the
// caller's own words translated into Japanese — or shown as said, marked untranslated, when no
// translator is configured or it fails. No name, phone number or birth date: the caller's words
// given as answers to those questions are left out (as the engine's own summary leaves them out).
import { isIsoDate, weekday } from '../../core/tokyo-time.js';
import { LANGUAGE_NAMES, type ForeignLang } from '../../core/languages.js';
import type { Expects } from '../../engine/types.js';
import { translateOrMark, untranslated, type Translator } from './translator.js';

/** What the dialog had filled in, as ids and ISO values (not the caller's words). */
export interface HandOverSlots {
  procedure?: string;
  venue?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** HH:MM */
  time?: string;
  /** The booking's reference number. */
  ref?: string;
}

/** Japanese names from the city's profile (`procedureLabels(profile)`, venue id → name). */
export interface SummaryLabels {
  procedures: Record<string, string>;
  venues: Record<string, string>;
}

/** One thing the caller said, with what the bot was asking (to leave personal answers out). */
export interface CallerWords {
  text: string;
  expects: Expects | null;
}

/** Answers that are personal data: never in a summary. */
const PERSONAL: ReadonlySet<Expects> = new Set(['name', 'phone', 'birthdate', 'digits']);
/** The caller's last words only: the summary is read at a glance. */
const MAX_UTTERANCES = 3;

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** 2026-12-03 → 12月3日(木); 10:30 → 10時30分. Anything else is shown as it is. */
export function japaneseDate(date: string): string {
  if (!isIsoDate(date)) return date;
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日(${WEEKDAYS[weekday(date)]})`;
}
export function japaneseTime(time: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) return time;
  return m[2] === '00' ? `${Number(m[1])}時` : `${Number(m[1])}時${m[2]}分`;
}

/** The slots in Japanese, e.g. 手続き: 電子証明書の更新 / 会場: 尾西庁舎 / 希望日時: 12月3日(木) 10時30分. */
export function japaneseSlots(s: HandOverSlots, labels: SummaryLabels): string[] {
  const parts: string[] = [];
  if (s.procedure) parts.push(`手続き: ${labels.procedures[s.procedure] ?? s.procedure}`);
  if (s.venue) parts.push(`会場: ${labels.venues[s.venue] ?? s.venue}`);
  if (s.date || s.time) parts.push(`希望日時: ${[s.date && japaneseDate(s.date), s.time && japaneseTime(s.time)].filter(Boolean).join(' ')}`);
  if (s.ref) parts.push(`予約番号: ${s.ref}`);
  return parts;
}

export interface ForeignSummaryInput {
  lang: ForeignLang;
  /** The dialog's own Japanese summary (reason, procedure, venue... from its structured values). */
  base?: string;
  /** Structured slots, when the dialog hands them over (used when there is no `base`). */
  slots?: HandOverSlots;
  labels?: SummaryLabels;
  /** What the caller said during the call, oldest first. */
  heard: CallerWords[];
  translator: Translator | null;
  /** The service interprets the call (the operator panel shows the conversation). */
  interpreted?: boolean;
}

export async function foreignHandOverSummary(i: ForeignSummaryInput): Promise<string> {
  const name = LANGUAGE_NAMES[i.lang].ja;
  const parts = [`通話言語: ${name}${i.interpreted ? '（通訳つき）' : '（日本語の通じない可能性）'}`];
  if (i.base) parts.push(i.base);
  else if (i.slots && i.labels) parts.push(...japaneseSlots(i.slots, i.labels));
  const said = i.heard.filter((w) => w.text.trim() && !(w.expects && PERSONAL.has(w.expects))).slice(-MAX_UTTERANCES);
  if (said.length) {
    const out = await Promise.all(said.map((w) => translateOrMark(i.translator, w.text, i.lang, 'ja')));
    const words = out.map((o) => (o.translated ? `「${o.text}」` : untranslated(o.text, i.lang))).join(' ');
    parts.push(`お客様の言葉（${name}${out.every((o) => o.translated) ? 'から翻訳' : ''}）: ${words}`);
  }
  return parts.join(' / ');
}
