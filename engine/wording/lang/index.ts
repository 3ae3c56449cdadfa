// The wording of each language the line may speak: Japanese (engine/wording/index.ts) and the
// foreign ones, one file each. `wordingFor(lang, labels)` is what the composers call.
import type { Lang } from '../../../core/languages.js';
import type { Wording } from '../../understanding.js';
import type { WordingLabels } from './common.js';
import { englishWording } from './en.js';
import { japaneseWording } from './ja.js';
import { koreanWording } from './ko.js';
import { portugueseWording } from './pt.js';
import { vietnameseWording } from './vi.js';
import { chineseWording } from './zh.js';

export type { WordingLabels } from './common.js';
export { japanesePhrases, japaneseWording } from './ja.js';

const FOREIGN: Record<Exclude<Lang, 'ja'>, (labels?: WordingLabels) => Wording> = {
  en: englishWording, zh: chineseWording, ko: koreanWording, vi: vietnameseWording, pt: portugueseWording,
};

/** How dates, times, numbers and venues are said in `lang` (venue names from `labels` when given). */
export function wordingFor(lang: Lang, labels?: WordingLabels): Wording {
  return lang === 'ja' ? japaneseWording : FOREIGN[lang](labels);
}
