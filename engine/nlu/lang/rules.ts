// Each foreign language's rules, by code.
import type { ForeignLang } from '../../../core/languages.js';
import { en } from './en.js';
import { ko } from './ko.js';
import { pt } from './pt.js';
import { vi } from './vi.js';
import { zh } from './zh.js';
import type { LangRules } from './types.js';

const RULES: Partial<Record<ForeignLang, LangRules>> = { en, zh, ko, vi, pt };

export function rulesOf(lang: ForeignLang): LangRules {
  const r = RULES[lang];
  if (!r) throw new Error(`no understanding for language "${lang}" yet`);
  return r;
}
