// A caller's name, in whatever script they said it (Latin, hanzi, hangul, katakana): the words
// around it (`my name is`, `我叫`, `제 이름은`, `tên tôi là`, `meu nome é`) removed, the name itself
// returned as given. A sentence, a number or a yes/no answer is no name.
import { spokenDigits } from './digits.js';
import type { LangRules } from './types.js';

export function extractName(text: string, rules: LangRules): string | null {
  let t = text.normalize('NFKC').trim();
  // the last of several pauses that repeat the name in full wins (`Santos, Maria Santos`)
  t = t.replace(rules.namePrefix, '').replace(rules.nameSuffix, '').trim();
  t = t.replace(/^[\s,.、。!?！？:：]+|[\s,.、。!?！？:：]+$/gu, '').trim();
  if (!t || /\d/u.test(t) || t.length > 60) return null;
  if (rules.notAName.test(t) || rules.notAName.test(rules.normalise(t))) return null;
  // number words are no name (`zero nine zero`, `零九零`, `공구공 일이삼사`)
  if ((spokenDigits(t, rules)?.length ?? 0) >= 4) return null;
  const digits = rules.numerals(rules.normalise(t));
  if (/\d/u.test(digits) || t.split(/\s+/u).some((w) => rules.digitWords[w.toLowerCase()] !== undefined && t.split(/\s+/u).length > 1)) return null;
  // letters of any script, spaces, hyphens, apostrophes, dots and middle dots only
  if (!/^[\p{L}\p{M}][\p{L}\p{M}\s'’.\-・·]*$/u.test(t)) return null;
  if (t.split(/\s+/u).length > 5) return null;
  // a Chinese name written in hanzi without a separator has at most four characters
  if (/^\p{Script=Han}+$/u.test(t) && t.length > 4) return null;
  return t.replace(/\s+/gu, ' ');
}
