// The lean dictionary load must not change a single token: every corpus line, the FAQ, the
// scenario and every character of the scripts a recogniser can write (unknown-word handling reads
// the trimmed unk files) are tokenized by kuromoji's stock builder and by ours, field for field.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import kuromoji from 'kuromoji';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLeanTokenizer, kuromojiDictionaryPath, readDictionaryFile } from './kuromoji-dictionary.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function texts(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(`${root}fixtures/nlu`).filter((x) => x.endsWith('.jsonl'))) {
    for (const line of readFileSync(`${root}fixtures/nlu/${f}`, 'utf8').split('\n')) {
      if (line.trim()) out.push(JSON.parse(line).text);
    }
  }
  out.push(...readFileSync(`${root}cities/ichinomiya/faq.csv`, 'utf8').split('\n'));
  out.push(...readFileSync(`${root}cities/ichinomiya/scenarios/renewal.yaml`, 'utf8').split('\n'));
  // Every character of ASCII, Japanese punctuation and kana, CJK, full- and half-width forms.
  for (const [from, to] of [[0x20, 0x7e], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xff01, 0xff9f], [0x2460, 0x24ff]]) {
    let s = '';
    for (let c = from; c <= to; c++) s += String.fromCharCode(c);
    for (let i = 0; i < s.length; i += 200) out.push(s.slice(i, i + 200));
  }
  out.push('えーと、ＡＢＣ１２３の件でｱｲｳ、🙂㈱αβγ…電話番号は〇九〇の一二三四');
  return out;
}

type Tokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;
/** kuromoji's private surface-form map: word ids by surface hash (arrays in kuromoji's own,
 *  compact views indexed by number in ours). */
const targetMap = <M>(tk: Tokenizer) => (tk as unknown as { token_info_dictionary: { target_map: M } }).token_info_dictionary.target_map;
let stock: Tokenizer;
let lean: Tokenizer;
beforeAll(async () => {
  stock = await new Promise<Tokenizer>((resolve, reject) =>
    kuromoji.builder({ dicPath: kuromojiDictionaryPath() }).build((err, t) => (err ? reject(err) : resolve(t))));
  lean = await buildLeanTokenizer();
}, 120_000);

describe('the lean kuromoji dictionary', () => {
  it('maps every surface form to the same entries, in the same order, as kuromoji’s own map', () => {
    const own = targetMap<Record<string, number[]>>(stock);
    const compact = targetMap<Record<number, ArrayLike<number>>>(lean);
    const keys = Object.keys(own);
    expect(keys.length).toBeGreaterThan(300_000);
    const differ = keys.filter((k) => JSON.stringify(Array.from(compact[Number(k)] ?? [])) !== JSON.stringify(own[k]));
    expect(differ).toEqual([]);
    expect(compact[-1]).toBeUndefined();
  });

  it('reads every entry’s features exactly as kuromoji’s own buffer holds them', () => {
    const dict = (tk: Tokenizer) => (tk as unknown as { token_info_dictionary: { getFeatures(id: string): string; pos_buffer: object } }).token_info_dictionary;
    expect(dict(lean).pos_buffer.constructor.name).toBe('CompactFeatures'); // not the fallback
    const own = targetMap<Record<string, number[]>>(stock);
    const ids = [...new Set(Object.values(own).flat())];
    expect(ids.length).toBeGreaterThan(390_000);
    const differ = ids.filter((id) => dict(lean).getFeatures(String(id)) !== dict(stock).getFeatures(String(id)));
    expect(differ).toEqual([]);
  }, 60_000);

  it('tokenizes exactly as kuromoji’s own builder', () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(1000);
    const differ = all.filter((t) => JSON.stringify(lean.tokenize(t)) !== JSON.stringify(stock.tokenize(t)));
    expect(differ).toEqual([]);
  }, 120_000);

  it('drops the zero padding of the padded files and keeps the others whole', async () => {
    const dir = kuromojiDictionaryPath();
    expect((await readDictionaryFile(`${dir}/unk.dat.gz`)).byteLength).toBeLessThan(4096); // 10 MB on disk, inflated
    expect((await readDictionaryFile(`${dir}/tid_pos.dat.gz`)).byteLength).toBeLessThan(38_000_000);
    expect((await readDictionaryFile(`${dir}/unk_invoke.dat.gz`)).byteLength).toBeLessThan(4096); // 1 MB inflated
    expect((await readDictionaryFile(`${dir}/unk_map.dat.gz`)).byteLength).toBeLessThan(4096);
    expect((await readDictionaryFile(`${dir}/check.dat.gz`)).byteLength).toBe(8_388_608);
    expect((await readDictionaryFile(`${dir}/unk_compat.dat.gz`)).byteLength).toBe(262_144); // indexed by code point
  });

  it('keeps the character classes of char.def, not one empty class per padding record', () => {
    const classes = (tk: unknown) => (tk as { unknown_dictionary: { character_definition: { invoke_definition_map: { map: { class_name: string }[] } } } })
      .unknown_dictionary.character_definition.invoke_definition_map.map;
    const named = (tk: unknown) => classes(tk).filter((c) => c.class_name !== '').map((c) => c.class_name);
    expect(named(lean)).toEqual(named(stock));
    expect(named(lean).length).toBeGreaterThan(5); // DEFAULT, SPACE, KANJI, HIRAGANA, KATAKANA, …
    expect(classes(stock).length).toBeGreaterThan(100_000); // what the padding cost
    expect(classes(lean).length).toBeLessThan(100);
  });
});
