// Numbers said digit by digit in any language: `zero nine zero, one two three four…`, `double
// five`, `零九零`, `幺`, `공구공`, `không chín không`, `zero nove zero`. The text becomes tokens (words;
// CJK text one character at a time); runs of digit tokens, with group separators between them, are
// numbers; the run with the most digits is the one meant, and a shorter run said after a
// correction replaces its end (`…5678, no, 5679`).
import type { LangRules } from './types.js';

const SEPARATOR = /^(?:-|–|—|‐|−|dash|hyphen|tra[cç]o|h[ií]fen|杠|横杠|gạch|ngang|gạch ngang|하이픈|다시|의|에|和)$/u;

interface Run { digits: string; start: number; end: number }

function tokens(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/[\s,.;:()/]+|(?<=\d)-(?=\d)/u).filter(Boolean)) {
    // CJK: each character a token, but a run of ASCII digits stays one
    if (/[\p{Script=Han}\p{Script=Hangul}]/u.test(w)) out.push(...(w.match(/\d+|./gu) ?? []));
    else out.push(...w.split(/(?<=\d)(?=\p{L})|(?<=\p{L})(?=\d)/u));
  }
  return out;
}

function runs(text: string, rules: LangRules): { runs: Run[]; toks: string[] } {
  const toks = tokens(text);
  const out: Run[] = [];
  let cur: Run | null = null;
  let times = 1;
  toks.forEach((t, i) => {
    const d = /^\d+$/u.test(t) ? t : rules.digitWords[t];
    if (d !== undefined) {
      cur ??= { digits: '', start: i, end: i };
      cur.digits += d.repeat(times);
      cur.end = i + 1;
      times = 1;
    } else if (rules.repeatWords?.[t]) {
      times = rules.repeatWords[t];
    } else if (cur && SEPARATOR.test(t)) {
      // a separator keeps the run open
    } else if (cur) {
      out.push(cur);
      cur = null;
      times = 1;
    }
  });
  if (cur) out.push(cur);
  return { runs: out, toks };
}

/** The digits said (longest run, corrections applied), or null. */
export function spokenDigits(text: string, rules: LangRules): string | null {
  const s = rules.numerals(rules.normalise(text)).replace(/\+\s*81\s*/g, '0');
  const { runs: rs, toks } = runs(s, rules);
  if (!rs.length) return null;
  let best = rs[0];
  for (const r of rs) if (r.digits.length > best.digits.length) best = r;
  let digits = best.digits;
  for (const r of rs) {
    if (r.start <= best.start || r.digits.length >= digits.length) continue;
    if (!rules.correction.test(toks.slice(best.end, r.start).join(' '))) continue;
    digits = digits.slice(0, digits.length - r.digits.length) + r.digits;
  }
  return digits;
}

/** A Japanese phone number: 10 or 11 digits starting with 0 (`+81` read as 0). */
export function spokenPhone(text: string, rules: LangRules): string | null {
  const d = spokenDigits(text, rules);
  if (!d) return null;
  const p = d.startsWith('81') && (d.length === 11 || d.length === 12) ? `0${d.slice(2)}` : d;
  if (/^0\d{9,10}$/u.test(p)) return p;
  // a group said twice (`090, 090 1234 5678`) counts once
  const m = /^(0\d{1,4})\1(\d+)$/u.exec(p);
  if (m && /^0\d{9,10}$/u.test(m[1] + m[2])) return m[1] + m[2];
  return null;
}
