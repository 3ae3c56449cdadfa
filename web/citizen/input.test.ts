// Citizens' typed input, the calendar marks and the calendar file, without a browser.
import { describe, expect, it } from 'vitest';
import { normaliseKatakanaName, isKatakanaName, normalisePhone, parseBirthDate, readDetails } from './input.js';
import { buildMonth, dayState } from './calendar.js';
import { appointmentIcs } from './ics.js';
import { formatters } from './format.js';

describe('citizen input', () => {
  it('converts hiragana and half-width kana to katakana, and refuses kanji and Latin letters', () => {
    expect(normaliseKatakanaName('やまだ たろう')).toBe('ヤマダ　タロウ');
    expect(normaliseKatakanaName('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(isKatakanaName(normaliseKatakanaName('山田'))).toBe(false);
    expect(isKatakanaName(normaliseKatakanaName('yamada'))).toBe(false);
  });
  it('reads phone numbers written any common way', () => {
    expect(normalisePhone('090-1234-5678')).toBe('09012345678');
    expect(normalisePhone('０９０（１２３４）５６７８')).toBe('09012345678');
    expect(normalisePhone('+81 90 1234 5678')).toBe('09012345678');
    expect(normalisePhone('0586-28-8972')).toBe('0586288972');
    expect(normalisePhone('1234')).toBeNull();
    expect(normalisePhone('090-1234-567a')).toBeNull();
  });
  it('shows a landline grouped by its area code, as a mobile is', () => {
    expect(formatters('ja').phone('0586110004')).toBe('0586-11-0004');
    expect(formatters('ja').phone('09012345678')).toBe('090-1234-5678');
  });
  it('reads birth dates in the western and Japanese eras, and refuses days that do not exist', () => {
    expect(parseBirthDate('昭和25年5月6日', '2026-11-21')).toBe('1950-05-06');
    expect(parseBirthDate('S25.5.6', '2026-11-21')).toBe('1950-05-06');
    expect(parseBirthDate('令和元年5月1日', '2026-11-21')).toBe('2019-05-01');
    expect(parseBirthDate('1950/5/6', '2026-11-21')).toBe('1950-05-06');
    expect(parseBirthDate('2000-02-30', '2026-11-21')).toBeNull();
    expect(parseBirthDate('2030-01-01', '2026-11-21')).toBeNull();
  });
  it('returns every problem by field and keeps what was typed', () => {
    const r = readDetails({ name: '', phone: '12', email: 'x', birthDate: 'きのう' }, { today: '2026-11-21', maxPartySize: 1 });
    expect(r.details).toBeNull();
    expect(r.errors.map((e) => e.field)).toEqual(['name', 'phone', 'email', 'birthDate']);
    expect(r.values.phone).toBe('12');
    expect(readDetails({ name: 'あ', phone: '09012345678', partySize: '2' }, { today: '2026-11-21', maxPartySize: 1 }).errors[0].field).toBe('partySize');
  });
});

describe('calendar marks and file', () => {
  it('marks room, few (a fifth or less), full, closed and outside', () => {
    expect(dayState({ date: 'x', capacity: 32, remaining: 7, slots: 16 }, true)).toBe('room');
    expect(dayState({ date: 'x', capacity: 32, remaining: 6, slots: 16 }, true)).toBe('few');
    expect(dayState({ date: 'x', capacity: 32, remaining: 0, slots: 16 }, true)).toBe('full');
    expect(dayState(undefined, true)).toBe('closed');
    expect(dayState({ date: 'x', capacity: 32, remaining: 32, slots: 16 }, false)).toBe('outside');
    const m = buildMonth('2026-11', { today: '2026-11-21', first: '2026-11-22', last: '2027-01-20', open: true }, []);
    expect(m.weeks[0][0]?.date).toBe('2026-11-01'); // a Sunday
    expect(m.prev).toBeNull();
    expect(m.next).toBe('2026-12');
  });
  it('names national holidays (勤労感謝の日), and only them', () => {
    const m = buildMonth('2026-11', { today: '2026-11-21', first: '2026-11-22', last: '2027-01-20', open: true }, []);
    const cells = m.weeks.flat().filter((c) => c !== null);
    expect(cells.find((c) => c.date === '2026-11-23')?.holiday).toBe('勤労感謝の日');
    expect(cells.find((c) => c.date === '2026-11-24')?.holiday).toBeNull();
  });
  it('writes a calendar file in UTC with folded lines and escaped text', () => {
    const ics = appointmentIcs({ ref: '123456', date: '2026-11-24', time: '09:30', summary: '電子証明書の更新, 予約', location: '尾西庁舎; 1階'.repeat(5), description: 'x', host: 'example.jp', now: new Date('2026-11-21T01:00:00Z') });
    expect(ics).toContain('DTSTART:20261124T003000Z\r\nDTEND:20261124T010000Z');
    expect(ics).toContain('SUMMARY;LANGUAGE=ja:電子証明書の更新\\, 予約');
    for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  });
});

describe('each field says its real problem', () => {
  const today = { today: '2026-11-21', maxPartySize: 4 };
  const errorOf = (f: Parameters<typeof readDetails>[0], field: string) => readDetails({ name: 'ヤマダ', phone: '09012345678', ...f }, today).errors.find((e) => e.field === field);
  it('a name of 500 katakana is too long (50), not "use katakana"', () => {
    expect(errorOf({ name: 'ア'.repeat(500) }, 'name')).toEqual({ field: 'name', key: 'booking:errors.nameTooLong' });
  });
  it('a long e-mail address is too long (254), never cut and taken', () => {
    const long = `${'a'.repeat(250)}@example.jp`;
    expect(errorOf({ email: long }, 'email')).toEqual({ field: 'email', key: 'booking:errors.emailTooLong', params: { max: 254 } });
    expect(errorOf({ email: 'name@' }, 'email')?.key).toBe('booking:errors.emailInvalid');
  });
  it('a birth date says whether it is no day, outside its era, in the future, or only badly written', () => {
    expect(errorOf({ birthDate: '2000-02-30' }, 'birthDate')?.key).toBe('booking:errors.birthDateNoSuchDay');
    expect(errorOf({ birthDate: '平成31年5月1日' }, 'birthDate')).toEqual({ field: 'birthDate', key: 'booking:errors.birthDateEra', params: { era: '平成' } });
    expect(errorOf({ birthDate: '2030-01-01' }, 'birthDate')?.key).toBe('booking:errors.birthDateFuture');
    expect(errorOf({ birthDate: '1850-01-01' }, 'birthDate')?.key).toBe('booking:errors.birthDateTooOld');
    expect(errorOf({ birthDate: 'きのう' }, 'birthDate')?.key).toBe('booking:errors.birthDateInvalid');
  });
  it('a party too large names the largest', () => {
    expect(errorOf({ partySize: '9' }, 'partySize')).toEqual({ field: 'partySize', key: 'booking:errors.partySize', params: { max: 4 } });
  });
});

describe('era dates', () => {
  it('refuses a day outside its era, and takes its real neighbours', () => {
    expect(parseBirthDate('平成31年5月1日', '2026-11-21')).toBeNull();
    expect(parseBirthDate('昭和65年1月1日', '2026-11-21')).toBeNull();
    expect(parseBirthDate('令和元年4月30日', '2026-11-21')).toBeNull();
    expect(parseBirthDate('平成31年4月30日', '2026-11-21')).toBe('2019-04-30');
    expect(parseBirthDate('令和元年5月1日', '2026-11-21')).toBe('2019-05-01');
    expect(parseBirthDate('昭和64年1月7日', '2026-11-21')).toBe('1989-01-07');
    expect(parseBirthDate('S25.5.6', '2026-11-21')).toBe('1950-05-06');
  });
});
