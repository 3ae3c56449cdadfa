import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCityProfile } from '../../cities/profile.js';
import { FaqIndex, faqToCsv, LiveFaq, parseFaqCsv } from './faq.js';
import { loadKuromoji } from './index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shipped = readFileSync(path.join(root, 'cities/ichinomiya/faq.csv'), 'utf8');

// the reference city's stop words (its name, the service every entry is about): cities/ichinomiya/city.yaml
const faq = new LiveFaq(shipped, loadCityProfile('ichinomiya').understanding.faq_stop_words);
const searchFaq = (text: string) => faq.current().search(text);
beforeAll(async () => { await loadKuromoji(); });

describe('FAQ', () => {
  it('covers what to bring, fees, duration, parking, proxies and opening hours', () => {
    const cats = new Set(parseFaqCsv(shipped).map((e) => e.category));
    for (const c of ['持ち物', '手数料', '所要時間', '駐車場', '代理人', '受付時間']) expect(cats).toContain(c);
  });

  it('answers at least 90% of fixtures/nlu/faq-questions.jsonl with the right entry, and nothing for small talk', () => {
    const lines = readFileSync(path.join(root, 'fixtures/nlu/faq-questions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; expect: string | null });
    const wrong = lines.filter((l) => (searchFaq(l.text)?.entry.id ?? null) !== l.expect).map((l) => `${l.text} → ${searchFaq(l.text)?.entry.id ?? null} (want ${l.expect})`);
    expect(wrong.length / lines.length, wrong.join('\n')).toBeLessThanOrEqual(0.1);
    // small talk and slot answers must never be answered from the FAQ
    const falsePositives = lines.filter((l) => l.expect === null && searchFaq(l.text) !== null).map((l) => l.text);
    expect(falsePositives).toEqual([]);
  });

  it('matches by meaning words, not exact strings', () => {
    const hit = searchFaq('車で行くんですけど停めるところはありますか');
    expect(hit?.entry.id).toBe('parking');
  });

  it('reads kana as kanji, drops fillers and pause commas, and takes the caller\'s own words', () => {
    expect(searchFaq('てすうりょうは、いくらですか')?.entry.id).toBe('ecert-fee');
    expect(searchFaq('えーと、あのー、ちゅうしゃじょうは、ありますか')?.entry.id).toBe('parking');
    expect(searchFaq('どこかに置き忘れたみたいで')?.entry.id).toBe('lost-card');
  });

  it('takes the closest entry by what is asked, not the first that shares a word', () => {
    expect(searchFaq('再発行の手数料はいくらですか')?.entry.id).toBe('card-fee');
    expect(searchFaq('有効期限通知書が届かないんです')?.entry.id).toBe('expiry-notice');
    expect(searchFaq('有効期限が切れてしまったんですが')?.entry.id).toBe('expired');
  });

  it('answers nothing when what is asked is not what an entry explains, shared words or not', () => {
    for (const q of ['公園の予約はどうすればいいですか', 'ペットの迷子の届け出をしたいんですが', '住民票を取りたいんですが',
      '粗大ごみの手数料はいくらですか', '水道料金の支払い方法を教えてください', 'パスポートの申請はどこでできますか']) {
      expect(searchFaq(q)?.entry.id ?? null, q).toBeNull();
    }
  });

  it('reads a question written in kana only with the FAQ\'s own words, and leaves words it does not know', () => {
    expect(searchFaq('ちゅうしゃじょうはありますか')?.entry.id).toBe('parking');
    expect(searchFaq('あんしょうばんごうをわすれました')?.entry.id).toBe('pin-forgot');
    // katakana is read whole as it is; kana the FAQ does not know stays unknown: no entry
    expect(searchFaq('そだいごみのだしかたをおしえてください')).toBeNull();
  });

  it('reads spoken contractions and polite negatives as their plain forms', () => {
    expect(searchFaq('受け取りのとき何持ってけばいいですか')?.entry.id).toBe('pickup-bring');
    expect(searchFaq('有効期限通知書がまだ来ていません')?.entry.id).toBe('expiry-notice');
  });

  it('answers nothing when the question\'s topic is a thing no entry speaks of', () => {
    expect(searchFaq('体育館は何時まで開いていますか')).toBeNull();
    expect(searchFaq('窓口は何時まで開いていますか')?.entry.id).toBe('hours');
  });

  it('says so when two entries fit about equally', () => {
    const idx = new FaqIndex(parseFaqCsv([
      'id,category,question,answer,synonyms',
      'pickup,持ち物,受け取りの持ち物は,交付通知書をお持ちください,持ち物|必要なもの',
      'renew,持ち物,更新の持ち物は,カードをお持ちください,持ち物|必要なもの',
    ].join('\n')));
    const hit = idx.search('持ち物は何ですか');
    expect(hit?.alternatives?.map((e) => e.id)).toEqual([hit?.entry.id === 'pickup' ? 'renew' : 'pickup']);
    expect(idx.search('受け取りの持ち物は')?.alternatives).toBeUndefined();
  });

  it('round-trips entries through CSV, commas and quotes included', () => {
    const entries = [
      { id: 'a', category: '手数料', question: '料金は、いくら？', answer: '無料です。"本当に"無料です。', synonyms: ['料金', 'いくら'] },
    ];
    const csv = faqToCsv(entries);
    expect(parseFaqCsv(csv)).toEqual(entries);
    expect(csv.split('\n')[0]).toBe('id,category,question,answer,synonyms');
  });

  it('searches a freshly loaded FAQ and refuses rows without an answer', () => {
    const idx = new FaqIndex(parseFaqCsv('id,category,question,answer,synonyms\nx,ゴミ,粗大ごみの出し方,予約してください,粗大ごみ|大きいごみ\n'));
    expect(idx.search('大きいごみはどう出せばいいですか')?.entry.id).toBe('x');
    expect(idx.search('駐車場はありますか')).toBeNull();
    expect(() => parseFaqCsv('id,category,question,answer,synonyms\ny,c,q,,s\n')).toThrow(/answer/);
  });
});
