// The simulated callers of the call benchmarks: varied venues, days and times (so the bot's
// confirmations are not all one cached prompt), each line synthesised before the run so the
// callers' Open JTalk does not compete with the service during it.
import { CallerVoice } from '../telephony/simulator/voice.js';
import type { SpeechStandIn } from '../telephony/testing/speech-standin.js';

/** Weekdays of December 2026 (venues open), so callers ask for days that can be booked. */
export const DECEMBER_WEEKDAYS = [1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25];

export function bookingPersonas(calls: number, weekdays = DECEMBER_WEEKDAYS) {
  const venues = ['本庁舎', '尾西庁舎', '木曽川庁舎'];
  return Array.from({ length: calls }, (_, i) => ({
    intent: '予約したいです', procedure: '電子証明書の更新です', venue: venues[i % 3],
    datetime: `12月${weekdays[i % weekdays.length]}日の${9 + (i % 7)}時`, choice: '1番目', name: 'ヤマダ タロウ', yesno: 'はい',
  }));
}

/** A caller voice registered with the speech stand-in, every persona's line synthesised already. */
export async function preparedVoice(standIn: SpeechStandIn, personas: Record<string, string>[]): Promise<CallerVoice> {
  const voice = new CallerVoice((audio, text) => standIn.register(audio, text));
  await Promise.all([...new Set(personas.flatMap((p) => Object.values(p)))].map((t) => voice.line(t)));
  return voice;
}
