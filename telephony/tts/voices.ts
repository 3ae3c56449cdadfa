// Which voice speaks which language: the one table the synthesisers and the recogniser read.
// Google's codes and voice names (Text-to-Speech "Standard" voices, available in every region and
// the cheapest; a deployment may name a Neural2/Wavenet voice per language instead), and the
// offline voices: Open JTalk for Japanese, Debian's espeak-ng for the others — with an MBROLA
// diphone voice where Debian packages one espeak-ng can drive (us2, br1; Debian's cn1 and hn1
// have no espeak-ng voice file, so Chinese and Korean use espeak-ng's own voice).
import type { Lang } from '../../core/languages.js';

export interface LanguageVoice {
  /** BCP 47 code Google Text-to-Speech takes. */
  ttsCode: string;
  /** Default Google voice (Standard). */
  googleVoice: string;
  /** BCP 47 code Google Speech-to-Text v1 takes (Mandarin: cmn-Hans-CN). */
  sttCode: string;
  /** espeak-ng voice name: an MBROLA voice (`mb-…`) or espeak-ng's own. */
  espeakVoice: string | null;
  /** The Debian package the MBROLA voice comes from (scripts/setup-debian.sh installs it). */
  mbrolaPackage?: string;
  /** espeak-ng's own voice for the language, used when the MBROLA voice is not installed. */
  espeakFallback: string | null;
}

export const VOICES: Record<Lang, LanguageVoice> = {
  ja: { ttsCode: 'ja-JP', googleVoice: 'ja-JP-Standard-B', sttCode: 'ja-JP', espeakVoice: null, espeakFallback: null },
  en: { ttsCode: 'en-US', googleVoice: 'en-US-Standard-C', sttCode: 'en-US', espeakVoice: 'mb-us2', mbrolaPackage: 'mbrola-us2', espeakFallback: 'en-us' },
  zh: { ttsCode: 'cmn-CN', googleVoice: 'cmn-CN-Standard-A', sttCode: 'cmn-Hans-CN', espeakVoice: 'cmn', espeakFallback: 'cmn' },
  ko: { ttsCode: 'ko-KR', googleVoice: 'ko-KR-Standard-A', sttCode: 'ko-KR', espeakVoice: 'ko', espeakFallback: 'ko' },
  vi: { ttsCode: 'vi-VN', googleVoice: 'vi-VN-Standard-A', sttCode: 'vi-VN', espeakVoice: 'vi', espeakFallback: 'vi' },
  pt: { ttsCode: 'pt-BR', googleVoice: 'pt-BR-Standard-A', sttCode: 'pt-BR', espeakVoice: 'mb-br1', mbrolaPackage: 'mbrola-br1', espeakFallback: 'pt-br' },
};

/**
 * The language of a code Google returns on a recognition result (`en-us`, `cmn-hans-cn`, `pt-BR`,
 * case as it likes), or null for a language the line does not speak.
 */
export function langOfCode(code: string | null | undefined): Lang | null {
  if (!code) return null;
  const c = code.toLowerCase();
  for (const [lang, v] of Object.entries(VOICES) as [Lang, LanguageVoice][]) {
    if (c === v.sttCode.toLowerCase() || c === v.ttsCode.toLowerCase()) return lang;
  }
  const primary = c.split('-')[0];
  if (primary === 'cmn' || primary === 'zh' || primary === 'yue') return primary === 'yue' ? null : 'zh';
  return (['ja', 'en', 'ko', 'vi', 'pt'] as const).find((l) => l === primary) ?? null;
}
