// General Japanese that the FAQ matcher knows without a city: words a caller uses for the same
// thing (an entry that names one member is taken to name them all), and words that frame a
// question without being what it is about (they are neither matched nor held against an entry).
// Nothing here names a city's entry; a city's own words belong in its faq.csv synonyms.

/** Groups of words and stems that mean the same to a caller asking about a procedure. When an
 *  entry's synonyms or question contain a member, every member becomes a synonym of the entry. */
export const PARAPHRASES: readonly (readonly string[])[] = [
  // losing something
  ['なくした', '無くした', '失くした', 'なくし', '無くし', '失くし', '紛失', '置き忘れ', '置いてき', '落とし', '見当たらない', '見つからない', 'みつからない', '行方不明'],
  // what it costs
  ['手数料', '料金', 'お金', '費用', '値段', '代金', 'いくら', '有料', '無料', 'タダ', '金額'],
  // how long it takes
  ['時間がかか', '何分', '何時間', 'どのくらい', 'どれくらい', 'どのぐらい', 'どれぐらい', '終わ', '済み', '済む', '済ま', 'すぐ終わ', '所要時間', '長くかか'],
  // what to bring
  ['持ち物', '持っていく', '持って行く', '持参', '必要なもの', '必要な物', '要るもの', 'いるもの', '準備するもの', '用意するもの', '何がいり', '何が要り', '何がいる', '何が必要'],
  // the people a caller may send
  ['家族', '母', '父', '妻', '夫', '親', '祖母', '祖父', '息子', '娘', '兄', '姉', '弟', '妹', 'おばあちゃん', 'おじいちゃん', '主人', '嫁'],
  // a notice that has not come
  ['届かない', '届いていない', '届いてない', '来ない', '来ていない', '来てない', 'こない', 'きていない', 'きてない', '届きません', '来ません'],
  // already past
  ['切れた', '切れて', '切れてしまっ', '切れちゃ', '過ぎた', '過ぎてしまっ', '過ぎちゃ', '期限切れ', '失効'],
  // not remembering
  ['忘れた', '忘れて', '忘れちゃ', '思い出せない', '覚えていない', '覚えてない', 'わからなくなっ', '分からなくなっ'],
  // open or closed
  ['開いて', 'あいて', 'やって', '営業', '開庁'],
  // a seal
  ['印鑑', 'はんこ', 'ハンコ', '判子', '認印', '実印'],
  // a child
  ['子ども', '子供', 'こども', '未成年', '小学生', '中学生', '赤ちゃん', '幼児', '乳児'],
  // changing or cancelling, and how to
  ['変更', '変え', 'ずらし', 'ずらす'],
  ['取り消', '取消', 'キャンセル', '取りやめ'],
  ['方法', 'やり方', '仕方', 'しかた', 'どうすれば', 'どうしたら', 'どうやって'],
  // someone else in one's place
  ['代理', '代理人', '代わり', 'かわり', '代わりの人', '代理の人'],
  // not the person themself
  ['本人以外', '本人じゃない', '本人でない', '本人じゃなく', '本人でなく', '本人ではなく', '本人が行けない', '本人が来られない', '本人が行かない'],
  // broken, and made again
  ['割れた', '割れ', '壊れ', '破損', '折れ', '欠け'],
  ['作り直', '再発行', '再交付', '作り替え'],
  // finding out
  ['確認', '確かめ', '調べ'],
  // a car
  ['車', 'くるま', '自動車', 'マイカー'],
];

/** Words that set the frame of a question (when, who, polite fillers of meaning) and tell no
 *  entry apart: an entry is neither credited nor blamed for them. */
export const FRAME_WORDS: ReadonlySet<string> = new Set([
  '今日', '明日', '今週', '来週', '今月', '来月', '午前', '午前中', '午後', '朝', '昼', '夕方', '平日', 'いつ', '今度', '次',
  '自分', '私', 'わたし', '僕', 'ぼく', '本人', '大丈夫', 'だめ', 'ダメ', '一緒', '感じ', 'みたい', 'ところ', '所', '間',
  '行く', 'いく', 'いう', '言う', '行う', 'おこなう', '自体', '実際', '一応', '大体', 'だいたい', '普通', '来る', 'くる', '行ける', 'いける', '出来る', '教える', '聞く', '聞ける', '話', '言う', '思う', '取る', 'とる', '取れる', 'とれる', '分', 'ぶん', '使う', 'つかう', '使える',
  'まだ', 'もう', 'すぐ', 'どう', 'どこ', '何', 'なに', 'なん', 'ちょっと', '少し',
]);
