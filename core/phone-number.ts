// A Japanese phone number in its written groups, one rule for every place a number is shown or
// said: the citizens' pages, the staff console and its printed lists, and the dialog's wording.
// Landlines are grouped by their area code as well as mobiles are (0586-28-8972, 090-1234-5678).

/** The groups: as written when written with hyphens or spaces; else mobile and IP 3-4-4, toll free
 *  0120 4-3-3 (0800 4-3-4), Tokyo and Osaka 2-4-4, three-digit area codes of large cities 3-3-4,
 *  otherwise 4-2-4 (as 0586-28-8972, the local code; other regions' groupings are not known here
 *  and are written 4-2-4). */
export function phoneGroups(phone: string): string[] {
  // Written in groups (072-740-0000, 0558 00 0000): kept in the groups the city wrote.
  const written = phone.trim().replace(/^\+81[-\s]?/u, '0').split(/[-\s‐－ー()（）]+/u).filter(Boolean);
  if (written.length > 1 && written.every((g) => /^\d+$/u.test(g))) return written;
  const p = phone.replace(/\D/gu, '');
  const cut = (sizes: number[]) => {
    const out: string[] = [];
    let i = 0;
    for (const s of sizes) { out.push(p.slice(i, i + s)); i += s; }
    if (i < p.length) out[out.length - 1] += p.slice(i);
    return out.filter(Boolean);
  };
  if (p.length === 11 && /^(?:0[5789]0)/u.test(p)) return cut([3, 4, 4]);
  if (/^0120|^0800/u.test(p)) return p.startsWith('0120') ? cut([4, 3, 3]) : cut([4, 3, 4]);
  if (p.length === 10 && /^0[36]/u.test(p)) return cut([2, 4, 4]);
  // three-digit area codes of large cities (Sapporo, Sendai, Yokohama, Nagoya, Kyoto, Kobe, Hiroshima, Fukuoka)
  if (p.length === 10 && /^0(?:11|22|45|52|75|78|82|92)/u.test(p)) return cut([3, 3, 4]);
  if (p.length === 10) return cut([4, 2, 4]);
  return [p];
}

/** A stored number (digits) as people write it: `0586288972` → `0586-28-8972`,
 *  `09012345678` → `090-1234-5678`; anything not a Japanese number is shown as it is. */
export function formatPhoneNumber(phone: string | null | undefined): string {
  if (!phone) return '';
  return /^0\d{9,10}$/u.test(phone) ? phoneGroups(phone).join('-') : phone;
}
