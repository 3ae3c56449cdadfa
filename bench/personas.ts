// The simulated callers of the call benchmarks: varied venues, days and times (so the bot's
// confirmations are not all one cached prompt), each line synthesised before the run so the
// callers' voices (Open JTalk; espeak-ng for the other languages) do not compete with the service
// during it. `--lang en` (or zh, ko, vi, pt, or `mix`: one language per call in turn) makes the
// callers speak that language: they answer the greeting in it, and the line's recogniser, which
// also listens for the city's offered languages on the first turn, hears which one.
import { FOREIGN_LANGUAGES, isLang, type Lang } from '../core/languages.js';
import { CallerVoice } from '../telephony/simulator/voice.js';
import type { SpeechStandIn } from '../telephony/testing/speech-standin.js';
import { VOICES } from '../telephony/tts/voices.js';

/** Weekdays of December 2026 (venues open), so callers ask for days that can be booked. */
export const DECEMBER_WEEKDAYS = [1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25];

/** One caller: the persona's answers by kind, and the language they are in. */
export type BenchPersona = Record<string, string> & { lang?: string };

/** How a caller of each language words a booking (venue i of three, day, hour). The Portuguese
 *  yes is "sim, está certo": espeak-ng says a bare "sim" in 0.22 s with 96 ms voiced, under the
 *  voice detector's least speech, where a person's "sim" is twice as long. */
const WORDING: Record<Lang, (venue: number, day: number, hour: number) => Record<string, string>> = {
  ja: (v, d, h) => ({ intent: '予約したいです', procedure: '電子証明書の更新です', venue: ['本庁舎', '尾西庁舎', '木曽川庁舎'][v], datetime: `12月${d}日の${h}時`, choice: '1番目', name: 'ヤマダ タロウ', yesno: 'はい' }),
  en: (v, d, h) => ({ intent: "I'd like to book an appointment", procedure: 'Renewing my electronic certificate', venue: ['the main office', 'Bisai branch office', 'Kisogawa branch office'][v], datetime: `December ${d} at ${h} am`.replace(/at (1[2-6]) am/, (_, x) => `at ${Number(x) - (Number(x) > 12 ? 12 : 0)} pm`), choice: 'the first one', name: 'Maria Santos', yesno: 'yes' }),
  zh: (v, d, h) => ({ intent: '我想预约', procedure: '更新电子证明书', venue: ['本厅舍', '尾西厅舍', '木曾川厅舍'][v], datetime: `12月${d}日${h}点`, choice: '第一个', name: '王小明', yesno: '是的' }),
  ko: (v, d, h) => ({ intent: '예약하고 싶어요', procedure: '전자증명서 갱신이요', venue: ['본청사', '비사이 청사', '기소가와 청사'][v], datetime: `12월 ${d}일 ${h}시`, choice: '첫 번째요', name: '김민수', yesno: '네' }),
  vi: (v, d, h) => ({ intent: 'Tôi muốn đặt lịch hẹn', procedure: 'Gia hạn chứng thư điện tử', venue: ['tòa thị chính', 'chi nhánh Bisai', 'chi nhánh Kisogawa'][v], datetime: `ngày ${d} tháng 12 lúc ${h} giờ`, choice: 'cái đầu tiên', name: 'Nguyen Van An', yesno: 'vâng' }),
  pt: (v, d, h) => ({ intent: 'Quero marcar um horário', procedure: 'Renovar meu certificado eletrônico', venue: ['a prefeitura', 'a filial de Bisai', 'a filial de Kisogawa'][v], datetime: `${d} de dezembro às ${h} horas`, choice: 'o primeiro', name: 'Maria Santos', yesno: 'sim, está certo' }),
};

/** `--lang` of a benchmark: one language, `mix` (the five foreign ones in turn), or Japanese. */
export function benchLanguages(arg: string | undefined): Lang[] {
  if (!arg) return ['ja'];
  if (arg === 'mix') return [...FOREIGN_LANGUAGES];
  const langs = arg.split(',');
  for (const l of langs) if (!isLang(l)) throw new Error(`--lang must be one of ja, en, zh, ko, vi, pt or mix, not ${l}`);
  return langs as Lang[];
}

export function bookingPersonas(calls: number, weekdays = DECEMBER_WEEKDAYS, langs: Lang[] = ['ja']): BenchPersona[] {
  return Array.from({ length: calls }, (_, i) => {
    const lang = langs[i % langs.length];
    const words = WORDING[lang](i % 3, weekdays[i % weekdays.length], 9 + (i % 7));
    return lang === 'ja' ? words : { ...words, lang };
  });
}

/** The persona's answers only (the conversation runner's persona). */
export function answersOf(p: BenchPersona): Record<string, string> {
  const { lang: _lang, ...answers } = p;
  return answers;
}

/** A caller voice registered with the speech stand-in, every persona's line synthesised already. */
export async function preparedVoice(standIn: SpeechStandIn, personas: BenchPersona[]): Promise<CallerVoice> {
  const voice = new CallerVoice((audio, text, lang) => standIn.register(audio, text, 0.92, lang ? { languageCode: VOICES[lang].sttCode } : {}));
  const lines = new Map<string, Lang>();
  for (const p of personas) for (const t of Object.values(answersOf(p))) lines.set(`${p.lang ?? 'ja'}\u0000${t}`, isLang(p.lang) ? p.lang : 'ja');
  await Promise.all([...lines].map(([k, lang]) => voice.line(k.split('\u0000')[1], lang)));
  return voice;
}
