// What an FAQ CSV import would do to the FAQ in force, before it does it: the entries added,
// changed and removed. `replace` makes the file the whole FAQ (entries missing from it are
// removed); `merge` adds and updates the file's entries and keeps the others. A file without one
// data row is refused: it would empty the FAQ (and the 持ち物 answers citizens' pages show).
import { parseFaqCsv, type FaqEntry } from '../engine/nlu/faq.js';

export type FaqImportMode = 'replace' | 'merge';

export interface FaqImportPlan {
  mode: FaqImportMode;
  /** The FAQ as it would be after the import, in order. */
  entries: FaqEntry[];
  added: { id: string; question: string }[];
  changed: { id: string; question: string }[];
  removed: { id: string; question: string }[];
  unchanged: number;
}

/** Reads the CSV and compares it with `current`; throws a message staff can act on. */
export function planFaqImport(csvText: string, current: readonly FaqEntry[], mode: FaqImportMode): FaqImportPlan {
  const incoming = parseFaqCsv(csvText);
  if (incoming.length === 0) throw new Error('CSV にデータの行がありません（見出しの行だけです）。取り込むと FAQ が空になるため、受け付けませんでした。');
  const seen = new Set<string>();
  incoming.forEach((e, i) => {
    if (seen.has(e.id)) throw new Error(`${i + 2}行目: id「${e.id}」が2回あります。`);
    seen.add(e.id);
  });
  const before = new Map(current.map((e) => [e.id, e]));
  const entries = mode === 'replace'
    ? incoming
    : [...current.map((e) => incoming.find((x) => x.id === e.id) ?? e), ...incoming.filter((e) => !before.has(e.id))];
  const brief = (e: FaqEntry) => ({ id: e.id, question: e.question });
  const added = incoming.filter((e) => !before.has(e.id)).map(brief);
  const changed = incoming.filter((e) => before.has(e.id) && !sameEntry(before.get(e.id)!, e)).map(brief);
  const removed = mode === 'replace' ? current.filter((e) => !seen.has(e.id)).map(brief) : [];
  return { mode, entries, added, changed, removed, unchanged: entries.length - added.length - changed.length };
}

function sameEntry(a: FaqEntry, b: FaqEntry): boolean {
  return a.category === b.category && a.question === b.question && a.answer === b.answer && a.synonyms.join('|') === b.synonyms.join('|');
}
