// The session's small policies, pure: keys, recogniser failover and languages, when barge-in may cut a prompt,
// and which speech is a false barge-in.
import { describe, expect, it } from 'vitest';
import { ALTERNATIVES_PER_UTTERANCE } from '../stt/recogniser.js';
import { turn } from '../testing/scripted-dialog.js';
import { isFalseBargeIn } from './barge-in.js';
import { keysAfterPause, pressKey } from './keys.js';
import { bargeInOpen } from './playback.js';
import { failover, listensFor } from './recognition.js';

describe('keys', () => {
  it('a menu takes one key at once; a number collects until # or the pause', () => {
    expect(pressKey('', '3', 'intent')).toEqual({ buffer: '', deliver: '3', wait: null });
    expect(pressKey('09', '0', 'phone')).toEqual({ buffer: '090', deliver: null, wait: 'inter_digit' });
    expect(pressKey('090', '#', 'phone')).toEqual({ buffer: '', deliver: '090', wait: null });
    expect(pressKey('', '#', 'date')).toEqual({ buffer: '', deliver: null, wait: 'no_input' });
    expect(keysAfterPause('0312')).toEqual({ buffer: '', deliver: '0312', wait: null });
    expect(keysAfterPause('').deliver).toBeNull();
  });
  it('a date (MMDD), a time (HHMM) and a birth date (YYYYMMDD) complete without #; a phone number waits for #', () => {
    let buffer = '';
    const delivered: string[] = [];
    const press = (keys: string, expects: Parameters<typeof pressKey>[2]) => {
      for (const k of keys) { const d = pressKey(buffer, k, expects); buffer = d.buffer; if (d.deliver) delivered.push(d.deliver); }
    };
    press('1229', 'datetime'); press('1000', 'time'); // typed quickly, one after the other
    expect(delivered).toEqual(['1229', '1000']);
    press('1203', 'date'); press('19700506', 'birthdate');
    expect(delivered.slice(2)).toEqual(['1203', '19700506']);
    expect(pressKey('058628897', '2', 'phone')).toEqual({ buffer: '0586288972', deliver: null, wait: 'inter_digit' });
    expect(pressKey('12', '3', 'time')).toEqual({ buffer: '123', deliver: null, wait: 'inter_digit' }); // 9:00 as 900 still ends with # or the pause
  });
});

describe('recogniser failover', () => {
  it('two errors in a row and the call goes keys-only; a transcript in between resets the count', () => {
    const err = { kind: 'error', reason: 'timeout' } as const;
    let h = failover({ errorsInARow: 0, off: false }, err);
    h = failover(h, { kind: 'text', text: 'はい', confidence: null });
    h = failover(h, err);
    expect(h.off).toBe(false);
    h = failover(h, { kind: 'empty' });
    h = failover(h, err);
    expect(h).toEqual({ errorsInARow: 2, off: true });
  });
});

describe('the recogniser’s languages', () => {
  it('the prompt’s language, with the line’s others as alternatives until the language is settled', () => {
    expect(listensFor('ja', ['ja', 'en', 'pt'], false)).toEqual({ lang: 'ja', alternativeLangs: ['en', 'pt'] });
    expect(listensFor('en', ['ja', 'en', 'pt'], false)).toEqual({ lang: 'en', alternativeLangs: ['ja', 'pt'] });
    expect(listensFor('ja', ['ja', 'en'], true)).toEqual({ lang: 'ja' });
    expect(listensFor('ja', [], false)).toEqual({ lang: 'ja' });
  });

  it('five other languages: each unsettled utterance leads with the next three (a recogniser takes three)', () => {
    const line = ['ja', 'en', 'zh', 'ko', 'vi', 'pt'] as const;
    const lead = (attempt: number) => listensFor('ja', line, false, attempt).alternativeLangs!.slice(0, ALTERNATIVES_PER_UTTERANCE);
    expect(lead(0)).toEqual(['en', 'zh', 'ko']);
    expect(lead(1)).toEqual(['vi', 'pt', 'en']);
    expect(new Set([...lead(0), ...lead(1)]).size).toBe(5);
    expect(lead(2)).toEqual(['zh', 'ko', 'vi']);
  });
});

describe('barge-in', () => {
  it('opens only on a prompt that allows it, once it has been heard for bargeInAfterMs', () => {
    const p = { turn: turn('ask', 'x', 'yesno', { bargeIn: true, bargeInAfterMs: 300 }), startedAt: 1000 };
    expect(bargeInOpen(p, 1299)).toBe(false);
    expect(bargeInOpen(p, 1300)).toBe(true);
    expect(bargeInOpen({ ...p, startedAt: null }, 5000)).toBe(false);
    expect(bargeInOpen({ ...p, turn: { ...p.turn, bargeIn: false } }, 5000)).toBe(false);
  });

  it('a false barge-in is short and answers nothing', () => {
    const answers = (t: string) => t.includes('はい');
    expect(isFalseBargeIn({ interrupted: true, voicedMs: 400 }, null, answers, 'yesno')).toBe(true);
    expect(isFalseBargeIn({ interrupted: true, voicedMs: 400 }, 'えっと', answers, 'yesno')).toBe(true);
    expect(isFalseBargeIn({ interrupted: true, voicedMs: 400 }, 'はい', answers, 'yesno')).toBe(false);
    expect(isFalseBargeIn({ interrupted: true, voicedMs: 1200 }, null, answers, 'yesno')).toBe(false);
    expect(isFalseBargeIn({ interrupted: false, voicedMs: 400 }, null, answers, 'yesno')).toBe(false);
  });
});
