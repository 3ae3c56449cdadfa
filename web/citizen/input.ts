// Citizens' typed input, read the forgiving way: a name in katakana (hiragana and half-width kana
// converted), a phone number written any common way (hyphens, brackets, full-width digits), an
// optional e-mail and birth date (西暦 or 和暦). Each problem comes back as a catalogue key per field.
import { toKatakana } from 'wanakana';
import { isIsoDate } from '../../core/tokyo-time.js';
import { readPersonName } from '../../core/person-name.js';

export interface FieldError { field: string; key: string; /** The message's values ({{max}}). */ params?: Record<string, string | number> }

export function normaliseKatakanaName(raw: string): string {
  return toKatakana(raw.normalize('NFKC').trim().replace(/[\s\u3000]+/g, '\u3000'), { passRomaji: true });
}

/** Katakana letters, the long-vowel mark, middle dot and spaces only. */
export function isKatakanaName(s: string): boolean {
  return /^[\u30A1-\u30FA\u30FC\u30FB\u3000 ]+$/.test(s) && /[\u30A1-\u30FA]/.test(s);
}

/** Digits of a Japanese phone number (10 or 11, starting with 0), or null. */
export function normalisePhone(raw: string): string | null {
  const d = raw.normalize('NFKC').replace(/^\+/, '').replace(/[\s\-‐―ー−()（）]/g, '');
  if (!/^\d+$/.test(d)) return null;
  const local = d.startsWith('81') && d.length >= 11 ? `0${d.slice(2)}` : d;
  return /^0\d{9,10}$/.test(local) ? local : null;
}

/** A mobile number (070 / 080 / 090), the only kind an SMS reaches (the messenger's rule). */
export function isMobileNumber(phone: string | null | undefined): boolean {
  return /^0[789]0\d{8}$/.test(phone ?? '');
}

const ERAS: Record<string, number> = { 明治: 1867, 大正: 1911, 昭和: 1925, 平成: 1988, 令和: 2018, M: 1867, T: 1911, S: 1925, H: 1988, R: 2018 };

/** The first and last day of each era. */
const ERA_SPANS = { 明治: ['1868-01-25', '1912-07-29'], 大正: ['1912-07-30', '1926-12-24'], 昭和: ['1926-12-25', '1989-01-07'], 平成: ['1989-01-08', '2019-04-30'], 令和: ['2019-05-01', null] } as const;
const ERA_NAMES: Record<string, string> = { M: '明治', T: '大正', S: '昭和', H: '平成', R: '令和' };

/** Why a typed birth date cannot be taken: not written as a date, no such day (2月30日), a day
 *  outside its era (平成31年5月1日), after today, or before 1900. */
export type BirthDateProblem = 'format' | 'no_such_day' | 'era' | 'future' | 'too_old';

/** YYYY-MM-DD from "1950-05-06", "1950/5/6", "1950年5月6日" or "昭和25年5月6日"; null when not a real day. */
export function parseBirthDate(raw: string, today: string): string | null {
  const r = readBirthDate(raw, today);
  return 'date' in r ? r.date : null;
}

/** The birth date, or what is wrong with it (each problem has its own message). */
export function readBirthDate(raw: string, today: string): { date: string } | { problem: BirthDateProblem; era?: string } {
  const s = raw.normalize('NFKC').replace(/\s/g, '').replace(/元年/, '1年');
  let y: number, m: number, d: number;
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])(\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/i.exec(s);
  const west = /^(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(s);
  if (era) [y, m, d] = [ERAS[era[1].toUpperCase()] ?? ERAS[era[1]], Number(era[3]), Number(era[4])].map(Number) as [number, number, number], y += Number(era[2]);
  else if (west) [y, m, d] = [Number(west[1]), Number(west[2]), Number(west[3])];
  else return { problem: 'format' };
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { problem: 'no_such_day' };
  // An era date outside its era (平成31年5月1日 is 令和元年, 昭和65年 never was) is a typing error.
  if (era) {
    const name = (ERA_NAMES[era[1].toUpperCase()] ?? era[1]) as keyof typeof ERA_SPANS;
    const [first, last] = ERA_SPANS[name];
    if (iso < first || (last && iso > last)) return { problem: 'era', era: name };
  }
  if (iso > today) return { problem: 'future' };
  if (y < 1900) return { problem: 'too_old' };
  return { date: iso };
}

/** The longest e-mail address the book keeps (RFC 5321's path limit). */
export const EMAIL_MAX = 254;

const BIRTH_ERRORS: Record<BirthDateProblem, (era?: string) => { key: string; params?: Record<string, string> }> = {
  format: () => ({ key: 'booking:errors.birthDateInvalid' }),
  no_such_day: () => ({ key: 'booking:errors.birthDateNoSuchDay' }),
  era: (era) => ({ key: 'booking:errors.birthDateEra', params: { era: era ?? '' } }),
  future: () => ({ key: 'booking:errors.birthDateFuture' }),
  too_old: () => ({ key: 'booking:errors.birthDateTooOld' }),
};

export interface Details {
  name: string;
  phone: string;
  email: string | null;
  birthDate: string | null;
  partySize: number;
}

export interface DetailsForm { name?: string; phone?: string; email?: string; birthDate?: string; partySize?: string }

/** Reads the details form; `values` is what to show back (converted name, typed rest). */
export function readDetails(f: DetailsForm, opts: { today: string; maxPartySize: number }): { details: Details | null; errors: FieldError[]; values: Required<DetailsForm> } {
  const errors: FieldError[] = [];
  // One rule for the web, the counter and the API (core/person-name.ts).
  const rawName = String(f.name ?? '').slice(0, 1000);
  const { name, problem } = readPersonName(rawName);
  if (problem === 'required') errors.push({ field: 'name', key: 'booking:errors.nameRequired' });
  else if (problem === 'too_long') errors.push({ field: 'name', key: 'booking:errors.nameTooLong' });
  else if (problem) errors.push({ field: 'name', key: 'booking:errors.nameKatakana' });
  const rawPhone = String(f.phone ?? '').slice(0, 40);
  const phone = normalisePhone(rawPhone);
  if (!rawPhone.trim()) errors.push({ field: 'phone', key: 'booking:errors.phoneRequired' });
  else if (!phone) errors.push({ field: 'phone', key: 'booking:errors.phoneInvalid' });
  // Each field's message says its real problem: too long (and the limit), or the wrong form.
  const rawEmail = String(f.email ?? '').normalize('NFKC').trim().slice(0, 1000);
  if (rawEmail.length > EMAIL_MAX) errors.push({ field: 'email', key: 'booking:errors.emailTooLong', params: { max: EMAIL_MAX } });
  else if (rawEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(rawEmail)) errors.push({ field: 'email', key: 'booking:errors.emailInvalid' });
  const rawBirth = String(f.birthDate ?? '').slice(0, 40);
  const birth = rawBirth.trim() ? readBirthDate(rawBirth, opts.today) : null;
  const birthDate = birth && 'date' in birth ? birth.date : null;
  if (birth && 'problem' in birth) errors.push({ field: 'birthDate', ...BIRTH_ERRORS[birth.problem](birth.era) });
  const rawParty = String(f.partySize ?? '1').normalize('NFKC').trim() || '1';
  const partySize = /^\d{1,2}$/.test(rawParty) ? Number(rawParty) : NaN;
  if (!(partySize >= 1 && partySize <= opts.maxPartySize)) errors.push({ field: 'partySize', key: 'booking:errors.partySize', params: { max: opts.maxPartySize } });
  const values = { name: problem ? rawName.slice(0, 200) : name, phone: rawPhone, email: rawEmail.slice(0, 300), birthDate: birthDate ?? rawBirth, partySize: rawParty };
  return { details: errors.length ? null : { name, phone: phone!, email: rawEmail || null, birthDate, partySize }, errors, values };
}
