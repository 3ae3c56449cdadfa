// Which language a transcript is in, from its script and, for Latin letters, its words: hangul is
// Korean, kana Japanese, Vietnamese letters (ơ ư ă đ ạ ế …) Vietnamese, hanzi without kana Chinese
// (unless it is only a Japanese place name: a venue's kanji alone says nothing), and English
// against Portuguese against Vietnamese without accents by their common words. Null when the
// text is too short or the signs disagree.
import type { Lang } from '../../../core/languages.js';
import { plain } from './latin.js';

const VI_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
const PT_LETTERS = /[ãõçáéíóúàâêô]/iu;
const EN_WORDS = new Set(['the', 'i', 'i\'d', 'i\'m', 'to', 'a', 'an', 'is', 'it', 'you', 'my', 'me', 'yes', 'no', 'please', 'want', 'would', 'like', 'book', 'appointment', 'what', 'how', 'can', 'next', 'thank', 'thanks', 'and', 'of', 'on', 'at', 'in', 'for', 'hello', 'hi', 'this', 'that', 'do', 'change', 'cancel', 'okay', 'yeah', 'name', 'time', 'day', 'tomorrow', 'morning', 'afternoon', 'english', 'speak', 'sorry']);
const PT_WORDS = new Set(['eu', 'o', 'a', 'os', 'as', 'um', 'uma', 'de', 'do', 'da', 'que', 'não', 'nao', 'sim', 'por', 'favor', 'quero', 'queria', 'gostaria', 'marcar', 'agendar', 'horário', 'horario', 'para', 'com', 'é', 'e', 'meu', 'minha', 'obrigado', 'obrigada', 'olá', 'ola', 'bom', 'dia', 'tarde', 'amanhã', 'amanha', 'próxima', 'proxima', 'semana', 'português', 'portugues', 'falar', 'você', 'voce', 'isso', 'tá', 'ta', 'pode', 'cancelar', 'mudar']);
const VI_WORDS = new Set(['toi', 'muon', 'dat', 'lich', 'hen', 'khong', 'co', 'vang', 'cam', 'on', 'xin', 'chao', 'ngay', 'thang', 'gio', 'chieu', 'sang', 'tuan', 'sau', 'la', 'cua', 'ban', 'tieng', 'viet', 'duoc', 'roi', 'nhe', 'a', 'cho', 'ten']);

export function detectLanguage(text: string): Lang | null {
  const t = text.normalize('NFC').trim();
  const letters = [...t].filter((c) => /\p{L}/u.test(c));
  if (letters.length < 2) return null;
  const count = (re: RegExp) => letters.filter((c) => re.test(c)).length;
  const hangul = count(/\p{Script=Hangul}/u);
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/u);
  const han = count(/\p{Script=Han}/u);
  const latin = count(/\p{Script=Latin}/u);
  const total = letters.length;
  if (hangul / total >= 0.5) return hangul >= 2 ? 'ko' : null;
  if (kana >= 1 && (kana + han) / total >= 0.5) return 'ja';
  if (han / total >= 0.5) {
    // a few kanji alone may be a Japanese place name said in a Japanese sentence's place
    if (han < 3) return null;
    return 'zh';
  }
  if (latin / total < 0.5) return null;
  const words = plain(t).split(/[^\p{L}']+/u).filter(Boolean);
  const raw = t.toLowerCase().split(/[^\p{L}']+/u).filter(Boolean);
  if (words.length < 2 && !VI_LETTERS.test(t)) return null;
  const viMarks = [...t].filter((c) => VI_LETTERS.test(c)).length;
  if (viMarks >= 2 || (viMarks >= 1 && words.length <= 3)) return 'vi';
  const score = (set: Set<string>) => raw.filter((w) => set.has(w)).length + words.filter((w) => set.has(w) && !raw.includes(w)).length;
  const en = score(EN_WORDS);
  const pt = score(PT_WORDS) + (PT_LETTERS.test(t) ? 2 : 0);
  const vi = score(VI_WORDS);
  const best = Math.max(en, pt, vi);
  if (best < 2) return null;
  const winners = [['en', en], ['pt', pt], ['vi', vi]].filter(([, s]) => s === best);
  if (winners.length !== 1) return null;
  const second = [en, pt, vi].sort((a, b) => b - a)[1];
  if (best - second < 1) return null;
  return winners[0][0] as Lang;
}
