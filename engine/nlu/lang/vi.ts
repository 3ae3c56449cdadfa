// Vietnamese callers: `thứ Năm tuần sau lúc 2 giờ chiều`, `ngày 3 tháng 12`, `ngày 3, à không, ngày 4`,
// `10 giờ rưỡi`, `không chín không, một hai ba bốn…`, `Bisai`, `tòa thị chính`, `vâng`/`không`. Number
// words become digits first (`hai mươi mốt` → `21`, `thứ năm` → `thứ 5`, which is Thursday), except
// where the same word means something else (`năm sau` next year, `không` alone as no or a
// correction, `mốt` the day after tomorrow). Written by hand to the contract (chrono-node's
// Vietnamese parser does not read these forms).
import { clock, scan, scanTimes, type Rule, type TRule } from './scan.js';
import type { DateMention, LangRules } from './types.js';

const UNIT: Record<string, number> = { không: 0, một: 1, mốt: 1, hai: 2, ba: 3, bốn: 4, tư: 4, năm: 5, lăm: 5, sáu: 6, bảy: 7, bẩy: 7, tám: 8, chín: 9 };
const U = '(một|mốt|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín)';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

function numerals(text: string): string {
  return text
    .replace(new RegExp(`${B}(hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín) mươi(?: ${U})?${E}`, 'gu'), (_m, t: string, u?: string) => String(UNIT[t] * 10 + (u ? UNIT[u] : 0)))
    .replace(new RegExp(`${B}mười(?: ${U})?${E}`, 'gu'), (_m, u?: string) => String(10 + (u ? UNIT[u] : 0)))
    // `thứ tư` is Wednesday; `tư` elsewhere is a word (private)
    .replace(/(?<![\p{L}])thứ tư(?![\p{L}])/gu, 'thứ 4')
    .replace(new RegExp(`${B}(một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)${E}(?! (?:sau|nay|tới|ngoái|trước|\\d{4}))`, 'gu'), (m: string) => String(UNIT[m]))
    // `không` is 0 only among other digits said apart by spaces (`không chín không`)
    .replace(/(?<=\d )không(?![\p{L}])|(?<![\p{L}])không(?= \d)/gu, '0');
}

const WEEKDAY = '(?:thứ (2|3|4|5|6|7)|(chủ nhật|cn))';
const wd = (n?: string, sun?: string) => (sun ? 6 : Number(n) - 2);
const NOT_ORDINAL = '(?<!cái |lựa chọn |số |người |lần |giờ )';

const DATE_RULES: Rule[] = [
  // thứ Bảy thứ hai của tháng 12, thứ Hai đầu tiên, thứ Sáu cuối cùng của tháng sau
  [new RegExp(`${NOT_ORDINAL}${WEEKDAY} (?:thứ (\\d)|(đầu tiên)|(cuối cùng))(?: (?:của )?tháng (\\d{1,2})| (?:của )?(tháng sau|tháng tới|tháng này))?`, 'gu'), (m) => ({
    kind: 'nth', wd: wd(m[1], m[2]), n: m[3] ? Number(m[3]) : m[4] ? 1 : -1,
    ...(m[6] ? { m: Number(m[6]) } : {}), ...(m[7] ? { monthRel: m[7] === 'tháng này' ? 0 as const : 1 as const } : {}),
  })],
  // ngày 3 tháng 12 (năm 2027 / năm sau), mùng 3 tháng 12, 3 tháng 12, ngày 3/12
  [/(?:ngày |mùng |mồng )?(\d{1,2}) tháng (\d{1,2})(?: năm (\d{4})| (năm sau|năm tới|năm nay))?/gu, (m) => ({
    kind: 'md', d: Number(m[1]), m: Number(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}), ...(m[4] ? { yearRel: m[4] === 'năm nay' ? 0 as const : 1 as const } : {}),
  })],
  [/(?:ngày |mùng )?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?/gu, (m) => ({ kind: 'md', d: Number(m[1]), m: Number(m[2]), ...(m[3] ? { y: Number(m[3]) } : {}) })],
  [/tháng (\d{1,2}),? (?:ngày |mùng )(\d{1,2})/gu, (m) => ({ kind: 'md', m: Number(m[1]), d: Number(m[2]) })],
  // ngày 5 tháng sau, ngày 5 tháng này
  [/(?:ngày |mùng )?(\d{1,2}) (?:của )?(tháng sau|tháng tới|tháng này)/gu, (m) => ({ kind: 'md', d: Number(m[1]), monthRel: m[2] === 'tháng này' ? 0 : 1 })],
  // 3 ngày nữa, sau 3 ngày, 1 tuần nữa, 2 tuần sau
  [/(?<!thứ |tháng )(\d{1,3}) ngày (?:nữa|sau)|sau (\d{1,3}) ngày/gu, (m) => ({ kind: 'offset', days: Number(m[1] ?? m[2]) })],
  [/(?<!thứ )(\d{1,2}) tuần (?:nữa|sau)(?! (?:vào )?thứ)|sau (\d{1,2}) tuần/gu, (m) => ({ kind: 'offset', days: 7 * Number(m[1] ?? m[2]) })],
  [/ngày kìa/gu, () => ({ kind: 'offset', days: 3 })],
  [/ngày kia|(?:ngày )?mốt(?![\p{L}])/gu, () => ({ kind: 'offset', days: 2 })],
  [/(?:ngày )?mai(?![\p{L}])/gu, () => ({ kind: 'offset', days: 1 })],
  [/hôm nay|bữa nay/gu, () => ({ kind: 'offset', days: 0 })],
  // thứ Năm tuần sau nữa, thứ Năm tuần sau, tuần sau vào thứ Năm, thứ Năm tuần này
  [new RegExp(`${NOT_ORDINAL}${WEEKDAY} (?:của )?tuần (?:sau|tới) nữa|tuần (?:sau|tới) nữa,? (?:vào )?${WEEKDAY}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1] ?? m[3], m[2] ?? m[4]), week: 2 })],
  [new RegExp(`${NOT_ORDINAL}${WEEKDAY} (?:của )?tuần (sau|tới|này)|tuần (sau|tới|này),? (?:vào )?${WEEKDAY}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1] ?? m[5], m[2] ?? m[6]), week: (m[3] ?? m[4]) === 'này' ? 0 : 1 })],
  [new RegExp(`${NOT_ORDINAL}${WEEKDAY} này`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1], m[2]), week: 0 })],
  [new RegExp(`${NOT_ORDINAL}${WEEKDAY}`, 'gu'), (m) => ({ kind: 'weekday', wd: wd(m[1], m[2]) })],
  // ngày 3, mùng 3
  [/(?:ngày|mùng|mồng) (\d{1,2})(?![\d/])/gu, (m) => ({ kind: 'md', d: Number(m[1]) })],
  // tháng 12 alone
  [/tháng (\d{1,2})(?!\d)/gu, (m) => ({ kind: 'md', m: Number(m[1]) })],
];

const dateMentions = (text: string): DateMention[] => scan(text, DATE_RULES).found;

const HALF = '(?: (?:buổi )?(sáng|chiều|tối|đêm|trưa))?';
const half = (s: string | undefined): 'am' | 'pm' | undefined => (!s || s === 'trưa' ? undefined : s === 'sáng' ? 'am' : 'pm');

const TIME_RULES: TRule[] = [
  [new RegExp(`(\\d{1,2})(?::|h)(\\d{2})${HALF}`, 'gu'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]), Number(m[1]) >= 13 || m[1].startsWith('0'))],
  [new RegExp(`(\\d{1,2}) (?:giờ|tiếng) rưỡi${HALF}`, 'gu'), (m) => clock(Number(m[1]), 30, half(m[2]))],
  [new RegExp(`(\\d{1,2}) giờ kém (\\d{1,2})(?: phút)?${HALF}`, 'gu'), (m) => clock((Number(m[1]) + 11) % 12 || 12, 60 - Number(m[2]), half(m[3]))],
  [new RegExp(`(\\d{1,2}) giờ (\\d{1,2})(?: phút)?${HALF}`, 'gu'), (m) => clock(Number(m[1]), Number(m[2]), half(m[3]))],
  [new RegExp(`(\\d{1,2}) (?:giờ|h)(?: đúng)?${HALF}`, 'gu'), (m) => clock(Number(m[1]), 0, half(m[2]), m[2] === 'trưa' && m[1] === '12')],
  [/(?:lúc|khoảng|tầm|vào lúc) (\d{1,2})(?![\d/]| ngày| tháng| tuần)/gu, (m) => clock(Number(m[1]), 0)],
  [/(?:à không|không phải|ý tôi là|nhầm),? (\d{1,2})(?= phút)/gu, (m) => ({ kind: 'minutes', min: Number(m[1]) })],
  [/(?:buổi )?sáng(?![\p{L}])/gu, () => ({ kind: 'period', period: 'am' })],
  [/(?:buổi )?(?:chiều|tối)(?![\p{L}])/gu, () => ({ kind: 'period', period: 'pm' })],
];

export const vi: LangRules = {
  lang: 'vi',
  normalise: (text) => text.normalize('NFC').toLowerCase()
    .replace(/(?<![\p{L}])(?:ờ+|ừm+|ừ+m|à+m|ơ+|ưm+|hmm+|um+|uh+|thì là|kiểu như)(?![\p{L}])[,.…]*/gu, ' ')
    .replace(/(?<![\p{L}])à(?=[,.…])/gu, ' ')
    .replace(/[!?;]+/g, (p) => (p.includes('?') ? ' ? , ' : ' , ')).replace(/\s*,\s*/g, ', ').replace(/(?:,\s*)+/g, ', ').replace(/\s+/g, ' ').replace(/^[\s,.]+|[\s,.]+$/g, ''),
  numerals,
  dateMentions,
  timeMentions: (masked) => scanTimes(masked, TIME_RULES, /^(?:lúc )?(\d{1,2})(?: giờ)?(?: nhé| ạ| được không| đi)?$/u),
  correction: /à không|ồ không|không phải|ý tôi là|nhầm|xin lỗi|sửa lại|đúng ra là|(?<![\p{L}])không,/u,
  notYesNo: /không biết|không rõ|không chắc|chưa chắc|có lẽ|không nhớ/u,
  notNo: /không sao|không có gì|không vấn đề|không thành vấn đề/u,
  no: [/^(?:không|sai|chưa|thôi)(?![\p{L}])|không phải|không đúng|sai rồi|không được|không cần|không muốn|(?<![\p{L}])không$|dạ không|^ko(?![\p{L}])/u],
  yes: [/^(?:vâng|dạ|có|đúng|phải|được|ok|ừ|ờ|ừm|chính xác|đồng ý|ok ạ)(?![\p{L}])|đúng rồi|đúng vậy|phải rồi|được ạ|vâng ạ|dạ vâng|chính xác|đồng ý|được rồi|tốt|ổn/u],
  intents: {
    operator: /nhân viên|người thật|tổng đài viên|gặp người|nói chuyện với (?:người|ai)|chuyển máy|nối máy|chuyển cho người/u,
    slower: /chậm|nhanh quá|quá nhanh|nói nhanh/u,
    repeat: /nhắc lại|nói lại|lặp lại|chưa nghe rõ|không nghe rõ|nghe không rõ|không nghe thấy|gì cơ|^(?:cái )?gì(?: ạ)?\??$|nói gì/u,
    cancel: /hủy|huỷ|bỏ lịch|không (?:đi|đến|tới) được|không thể (?:đi|đến|tới)/u,
    change: /thay đổi|đổi|dời|chuyển sang|lùi|hoãn|sửa lịch|ngày khác|giờ khác|hôm khác/u,
    check: /kiểm tra|xác nhận|xem lại lịch|lịch hẹn của tôi là|quên (?:ngày|giờ|lịch)/u,
    book: /đặt lịch|đặt hẹn|hẹn|đặt chỗ|đăng ký|lấy lịch|đặt trước|muốn đến/u,
  },
  question: /\?|không\??$|không ạ\??$|chưa\??$|gì|bao nhiêu|bao lâu|ở đâu|khi nào|mấy|thế nào|làm sao|được không|có phải/u,
  aboutAction: /phí|tiền|bao nhiêu|như thế nào|thế nào|làm sao|cách|không cần đặt|không đặt|có cần đặt|cần đặt|phải đặt|trên mạng|online|internet|gia đình|trước bao lâu/u,
  digitWords: { ...Object.fromEntries(Object.entries(UNIT).map(([k, v]) => [k, String(v)])), linh: '0', lẻ: '0' },
  repeatWords: {},
  ordinals: [
    [/(?:cái |lựa chọn |số )?(?:thứ nhất|đầu tiên)|sớm nhất|số 1(?!\d)/u, () => 0],
    [/(?:cái|lựa chọn|số) thứ (?:hai|2)|ở giữa|số 2(?!\d)/u, (n) => (n >= 2 ? 1 : -1)],
    [/(?:cái|lựa chọn|số) thứ (?:ba|3)|số 3(?!\d)/u, () => 2],
    [/(?:cái|lựa chọn|số) thứ (?:tư|4)/u, () => 3],
    [/cuối cùng|muộn nhất|cái cuối/u, (n) => n - 1],
  ],
  namePrefix: /^(?:(?:vâng|dạ|ừ)[,\s]*)*(?:tên (?:của )?(?:tôi|em|cháu|con) là|(?:tôi|em|cháu|con|mình) tên là|(?:tôi|em|cháu|con|mình) tên|tên là|(?:tôi|em|cháu|con|mình) là)\s*/iu,
  nameSuffix: /(?:[\s,.]*(?:ạ|nhé|đây|cảm ơn|xin cảm ơn))+[\s,.!]*$|[\s,.!]+$/iu,
  notAName: /(?<![\p{L}])(?:vâng|dạ|không|có|được|đúng|sai|tôi|muốn|đặt|lịch|hẹn|hủy|đổi|ngày|tháng|tuần|giờ|sáng|chiều|thứ|chủ nhật|mai|nay|gì|bao|đâu|văn phòng|tòa|ga|số|điện thoại|xin|cảm ơn|lại|chậm|nhé)(?![\p{L}])/iu,
  venueScript: 'latin',
  officeWords: /văn phòng|chi nhánh|tòa nhà|nhà ga|ga|trụ sở/gu,
  faqTokens: (text) => text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean),
  faqStop: new Set(['tôi', 'em', 'có', 'không', 'là', 'được', 'của', 'và', 'thì', 'mà', 'ạ', 'nhé', 'gì', 'cho', 'với', 'ở', 'đi', 'này', 'đó', 'cần', 'muốn', 'phải', 'làm', 'thế', 'nào', 'bao', 'nhiêu', 'khi', 'nào', 'một', 'các', 'những', 'bạn', 'anh', 'chị', 'vậy', 'ơi', 'thẻ', 'my', 'number', 'ichinomiya', 'izunokuni', 'thành', 'phố', 'cũng', 'hay', 'hỏi', 'cho', 'biết', 'xin', 'vui', 'lòng']),
};
