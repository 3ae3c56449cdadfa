// Yes or no to a confirmation. Negative phrasings are checked first because many of them
// contain a positive word (`大丈夫じゃない`, `お願いしません`, `いいえ` contains `いい`).
// `いいです` alone is ambiguous in Japanese ("fine, go ahead" or "no thanks") and gives null,
// so the dialog asks again rather than books on a guess.

import { normalise, toHira } from './text.js';

const NO: RegExp[] = [
  /いいえ|いえ(?:、|いえ|$|違|ちが|結構|けっこう|大丈夫|だいじょうぶ|いい|そう)/u,
  /^いや|いや(?:、)?(?:違|ちが|結構|けっこう|いい$|いいです$|大丈夫|だいじょうぶ|です|それは)/u,
  /違います|ちがいます|違う|ちがう|違って|ちがって|違いますね|間違って|まちがって|間違い(?!ない|ありません|ございません)|まちがい(?!ない|ありません)/u,
  /(?<!で|それで|これで)(?:結構|けっこう)です|(?<!で)結構/u,
  /やめて|やめます|やめとき|やめておき|やめる|止めて|止めます|やめたい|取りやめ/u,
  /いらない|いりません|要らない|要りません|不要|必要ない|必要ありません/u,
  /(?:大丈夫|だいじょうぶ)(?:じゃない|ではない|ではありません|じゃありません)/u,
  /(?:そう|そうで)(?:じゃない|じゃありません|ではない|ではありません|じゃなく|ではなく)/u,
  /(?:お願い|おねがい)(?:しません|しないです|しない)|(?:し|やら)ないです|しません|しないで/u,
  /だめ|ダメ|駄目|ノー|no\b/u,
  /^ううん|^いーや|^いんや/u,
  /(?:今|いま|今回|今日|そっち|それ|そちら)は(?:いい|結構|けっこう)(?:です)?$|やっぱり(?:もう)?(?:いい|結構|けっこう)|もういいです|もういい|別に(?:いい)?です|べつにいいです/u,
  /(?:予約|よやく)?(?:は)?(?:いい|結構)です、?(?:やめ|キャンセル)/u,
];

const YES: RegExp[] = [
  /^はい|はい(?:、|お願い|そう|大丈夫|です|いい|$)|^は[ー〜]い|^はいはい/u,
  /^ええ(?!と|ー)|^うん(?!ー|と)|^おう$|^うむ/u,
  // `お願いします` alone or after a demonstrative; `12月4日でお願いします` to a confirmation is a
  // correction, not a yes (the dialog reads the new value with the slot extractors)
  /^(?:(?:それ|これ|そちら|こちら|その日|その時間|その日時|そこ|そう|では|じゃあ|じゃ|なら|それなら|それじゃあ)(?:で|でも)?、?|(?:で|でも)、?)*(?:ぜひ|是非)?(?:お願い|おねがい)(?:します|いたします|致します|できますか|です|ね|$)|頼みます|たのみます|頼む$/u,
  /そうです|そうですね|そう$|その通り|そのとおり|そうそう|そうだ/u,
  /大丈夫|だいじょうぶ|問題ない|問題ありません|もんだいない/u,
  /(?:それ|これ|そちら|こちら)?で(?:結構|けっこう)です/u,
  /(?:それ|これ|そちら|こちら)で(?:いい|良い|よい|よろしい)(?:です|でしょう|よ)?|でいいです|でいいよ|でよろしい|いいですよ|いいですね|いいよ|よろしい(?:です)?|よろしくお願い/u,
  /合って(?:います|ます|る)|あって(?:います|ます|る)|正しい|間違いない|間違いありません|まちがいない|間違いございません/u,
  /オッケー|おっけー|ok|okay|了解|りょうかい|承知|わかりました|分かりました|構いません|かまいません|確定|お願いね|yes/u,
  /予約(?:して|します|してください|を?お願い)/u,
  /そうして(?:ください|下さい|ほしい|もらえ)|そうしましょう|そうします|それでいきます|違いません|ちがいません|^(?:それ|これ|そちら|こちら|その日|その時間)で$|いいと思います|(?:取って|とって|進めて|すすめて|決めて)(?:ください|下さい|もらえ|ほしい)|オーケー|おーけー/u,
];

const CORRECTION = /(?:あ、?いや|いや、?やっぱり|やっぱり|じゃなくて|ではなくて|と思ったけど)/u;

function judge(t: string): 'yes' | 'no' | null {
  if (!t) return null;
  for (const re of NO) if (re.test(t)) return 'no';
  for (const re of YES) if (re.test(t)) return 'yes';
  return null;
}

export function extractYesNoFrom(text: string): 'yes' | 'no' | null {
  const t = normalise(text).toLowerCase().replace(/[!！]/g, '');
  if (!t) return null;
  // a correction: what follows it stands (`はい、あ、いや違います`)
  const m = t.match(new RegExp(`${CORRECTION.source}(.*)$`, 'u'));
  if (m && m.index! > 0) {
    const after = judge(m[1]);
    if (after) return after;
  }
  // bare `いいです` is ambiguous; said twice (`いいです、いいです`) it waves the offer away
  if (/^(?:いい|良い|よい)(?:です)?$/u.test(t)) return null;
  if (/^(?:いいです、?){2,}$/u.test(t)) return 'no';
  const r = judge(t);
  if (r) return r;
  return judge(toHira(t));
}
