// Helpers for the languages written in Latin letters (en, pt, vi): number words into digits, and
// the plain text the FAQ and venue matchers compare (accents dropped, `đ` → `d`).

/** Lower case, accents dropped (`três` → `tres`, `thứ năm` → `thu nam`, `Đông` → `dong`). */
export function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'd').toLowerCase();
}

export interface NumberWords {
  /** 0–19 (and any other word with a fixed value: `dozen`) */
  units: Record<string, number>;
  /** 20, 30 … 90 */
  tens: Record<string, number>;
  /** words joining tens and units (`e` in `vinte e um`); optional */
  joiners?: string[];
  /** ordinal words → value (`third` → 3) */
  ordinals?: Record<string, number>;
  /** written after an ordinal's digits (`rd`, `º`) */
  ordinalMark?: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Number words into digits: `twenty one` / `twenty-one` → `21`, `ten thirty` → `10 30`, an
 *  ordinal `twenty-third` → `23rd` (with the language's mark). Words are matched whole. */
export function numbersToDigits(text: string, w: NumberWords): string {
  const unitAlt = Object.keys(w.units).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const tensAlt = Object.keys(w.tens).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const ordAlt = Object.keys(w.ordinals ?? {}).sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const join = `(?:[\\s-]+(?:${(w.joiners ?? []).map(escapeRe).join('|') || '(?!)'})[\\s-]+|[\\s-]+)`;
  const b = '(?<![\\p{L}\\p{N}])';
  const e = '(?![\\p{L}\\p{N}])';
  let out = text;
  if (ordAlt) {
    // tens + ordinal unit (`twenty-third`), then ordinals alone
    out = out.replace(new RegExp(`${b}(${tensAlt})${join}(${ordAlt})${e}`, 'giu'), (_m, t: string, o: string) => {
      const v = w.tens[t.toLowerCase()] + (w.ordinals![o.toLowerCase()] ?? 0);
      return `${v}${w.ordinalMark ?? ''}`;
    });
    out = out.replace(new RegExp(`${b}(${ordAlt})${e}`, 'giu'), (m: string) => `${w.ordinals![m.toLowerCase()]}${w.ordinalMark ?? ''}`);
  }
  out = out.replace(new RegExp(`${b}(${tensAlt})${join}(${unitAlt})${e}`, 'giu'), (m: string, t: string, u: string) => {
    const uv = w.units[u.toLowerCase()];
    return uv >= 1 && uv <= 9 ? String(w.tens[t.toLowerCase()] + uv) : m;
  });
  out = out.replace(new RegExp(`${b}(${tensAlt}|${unitAlt})${e}`, 'giu'), (m: string) => String(w.tens[m.toLowerCase()] ?? w.units[m.toLowerCase()]));
  return out;
}
