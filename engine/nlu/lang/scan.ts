// Running a language's rules over a text: each rule's matches become mentions (with their place
// in the text) and are blanked, so a later, shorter rule cannot read the same words again
// (`December 3rd` is not also `the 3rd`, and `3:30` is no bare 3).
import type { ParsedResult } from 'chrono-node';
import type { DateMention, Said, TimeMention } from './types.js';

export type Rule = [RegExp, (m: RegExpExecArray) => Said<DateMention> | null];
export type TRule = [RegExp, (m: RegExpExecArray) => Said<TimeMention> | null];

/** Date mentions, in the order of the rules (longer forms first). */
export function scan(text: string, rules: Rule[]): { found: DateMention[]; masked: string } {
  let masked = text;
  const found: DateMention[] = [];
  for (const [re, f] of rules) {
    re.lastIndex = 0;
    const src = masked;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
      if (!m[0]) { re.lastIndex++; continue; }
      const r = f(m);
      // a word boundary before the match (rules begin with words, not inside one)
      // (in scripts that write words apart; Chinese and Korean words run together)
      // (tried again one letter on: `pro dia 3`, a contraction, first matches at its `o dia 3`)
      if (m.index > 0 && /[\p{Script=Latin}\d]/u.test(src[m.index - 1]) && /^[\p{Script=Latin}\d]/u.test(m[0])) { re.lastIndex = m.index + 1; continue; }
      if (!r) continue;
      if (r.kind === 'weekday' && r.wd < 0) continue;
      if (r.kind === 'md' && (r.m === undefined ? 'm' in r : false)) continue;
      found.push({ ...r, at: m.index, end: m.index + m[0].length } as DateMention);
      masked = masked.slice(0, m.index) + ' '.repeat(m[0].length) + masked.slice(m.index + m[0].length);
    }
  }
  return { found, masked };
}

/** Time mentions; an hour said alone (`bare`: the whole answer is a number) when no rule found one. */
export function scanTimes(text: string, rules: TRule[], bare: RegExp): TimeMention[] {
  let masked = text;
  const found: TimeMention[] = [];
  for (const [re, f] of rules) {
    re.lastIndex = 0;
    const src = masked;
    let m: RegExpExecArray | null;
    while ((m = re.exec(src))) {
      const r = f(m);
      if (!r) continue;
      found.push({ ...r, at: m.index, end: m.index + m[0].length } as TimeMention);
      masked = masked.slice(0, m.index) + ' '.repeat(m[0].length) + masked.slice(m.index + m[0].length);
    }
  }
  // an hour said alone (`3`, `ten please`): the whole answer is the number
  if (!found.some((x) => x.kind === 'clock')) {
    const b = bare.exec(masked.trim());
    if (b) found.push({ kind: 'clock', h: Number(b[1]), min: 0, exact24: Number(b[1]) >= 13, at: 0, end: 0 });
  }
  return found;
}


export const clock = (h: number, min: number, ap?: 'am' | 'pm', exact24 = false): Said<TimeMention> => ({ kind: 'clock', h, min, ...(ap ? { half: ap } : {}), exact24 });

/** What the rules left, read by one of chrono-node's parsers (en, pt, zh): only a month and day it
 *  is certain of (with the year when said), so that the contract's rules, not chrono's, resolve it
 *  (the next such date on or after today). The reference date only fills what was not said. */
export function chronoDates(parse: (text: string, ref: Date) => ParsedResult[], masked: string): DateMention[] {
  const out: DateMention[] = [];
  for (const r of parse(masked, new Date(Date.UTC(2026, 0, 1, 3)))) {
    const c = r.start;
    // a part of the day alone (`上午`) is no date, however certain chrono is of it
    if (!c.isCertain('month') || !c.isCertain('day') || !/\d/u.test(r.text)) continue;
    out.push({ kind: 'md', m: c.get('month')!, d: c.get('day')!, ...(c.isCertain('year') ? { y: c.get('year')! } : {}), at: r.index, end: r.index + r.text.length });
  }
  return out;
}
