// Which procedure the caller needs: the city's procedures (engine/nlu/city.ts) are tried in their
// order, each by its patterns, on the text as written and in hiragana.

import type { CityWords } from './city.js';
import { normalise, toHira } from './text.js';

export function extractProcedureFrom(text: string, city: Pick<CityWords, 'procedures'>): string | null {
  if (!city.procedures.length) return null;
  const n = normalise(text);
  if (!n) return null;
  const t = `${n}|${toHira(n)}`;
  return city.procedures.find((p) => p.patterns.some((re) => re.test(t)))?.id ?? null;
}
