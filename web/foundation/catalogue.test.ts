// Every language's catalogue against Japanese (issue 22): a key missing (or left over) in one
// language, or a {{placeholder}} one translation lacks or adds, fails here, naming the file and
// the key. Citizens' sections (`common`, `booking`) must exist in every language; the staff
// sections (`console`, `phone`) only where a language has them (Japanese and English).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOREIGN_LANGUAGES } from '../../core/languages.js';

const LOCALES = new URL('../locales/', import.meta.url).pathname;
const CITIZEN_SECTIONS = ['common', 'booking'];

type Flat = Map<string, string>;
function flatten(o: unknown, prefix = '', out: Flat = new Map()): Flat {
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (v && typeof v === 'object') flatten(v, `${prefix}${k}.`, out);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}
const read = (lang: string, ns: string): Flat => flatten(JSON.parse(readFileSync(join(LOCALES, lang, `${ns}.json`), 'utf8')));
// As a set: a translation may name a value once where Japanese repeats it.
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]))].sort();

/** Placeholders that carry Japanese text from the city's profile, which a translation names in
 *  its own words instead: `booking.serviceName` is `{{heading}}` (city.yaml `web.heading`). */
const JAPANESE_ONLY: Record<string, string[]> = { 'booking:serviceName': ['heading'] };

/** What is wrong with `lang`'s file `ns` compared with Japanese's, one line per problem. */
function catalogueProblems(lang: string, ns: string, given?: Flat): string[] {
  const file = `web/locales/${lang}/${ns}.json`;
  if (!existsSync(join(LOCALES, lang, `${ns}.json`))) return [`${file}: missing (Japanese has ${ns}.json)`];
  const ja = given ?? read('ja', ns);
  const mine = read(lang, ns);
  const problems: string[] = [];
  for (const [key, text] of ja) {
    const own = mine.get(key);
    if (own === undefined) { problems.push(`${file}: missing key "${key}"`); continue; }
    if (!own.trim()) problems.push(`${file}: "${key}" is empty`);
    const want = placeholders(text).filter((p) => !JAPANESE_ONLY[`${ns}:${key}`]?.includes(p)).join(',');
    const got = placeholders(own).join(',');
    if (want !== got) problems.push(`${file}: "${key}" has placeholders {${got}}, Japanese has {${want}}`);
  }
  for (const key of mine.keys()) if (!ja.has(key)) problems.push(`${file}: key "${key}" is not in Japanese`);
  return problems;
}

describe('message catalogues', () => {
  const sections = readdirSync(join(LOCALES, 'ja')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

  it('every citizens\' section exists in Japanese and the five other languages', () => {
    expect(sections).toEqual(expect.arrayContaining(CITIZEN_SECTIONS));
    expect(readdirSync(LOCALES).sort()).toEqual(['ja', ...FOREIGN_LANGUAGES].sort());
  });

  for (const lang of FOREIGN_LANGUAGES) {
    it(`${lang}: the same keys and placeholders as Japanese`, () => {
      const problems = sections
        .filter((ns) => CITIZEN_SECTIONS.includes(ns) || existsSync(join(LOCALES, lang, `${ns}.json`)))
        .flatMap((ns) => catalogueProblems(lang, ns));
      expect(problems).toEqual([]);
    });
  }

  it('names the file and key a language lacks, and a placeholder a translation dropped', () => {
    const ja = new Map([['start.title', '予約の前に'], ['errors.rateLimited', 'お電話ください：{{line}}'], ['steps', '手順 {{step}} / {{total}}']]);
    // zh's real booking.json lacks none of these but has other keys; the check sees the differences.
    const problems = catalogueProblems('zh', 'booking', ja);
    expect(problems).toContain('web/locales/zh/booking.json: key "serviceName" is not in Japanese');
    const missing = catalogueProblems('zh', 'booking', new Map([...ja, ['no.such', 'x'], ['errors.needOne', '{{extra}}']]));
    expect(missing).toContain('web/locales/zh/booking.json: missing key "no.such"');
    expect(missing).toContain('web/locales/zh/booking.json: "errors.needOne" has placeholders {}, Japanese has {extra}');
    expect(catalogueProblems('zh', 'nothing')).toEqual(['web/locales/zh/nothing.json: missing (Japanese has nothing.json)']);
  });
});
