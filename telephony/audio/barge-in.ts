// Japanese barge-in: callers say はい / ええ / うん while they listen (aizuchi). A short
// backchannel must not stop the prompt; real speech must. The decision uses the voiced duration
// and the recogniser's interim text measured in morphemes (kuromoji), never spaces — Japanese has none.
// The analyser is the engine's one instance (its dictionary is some 300 MB), handed in by app/:
// telephony never loads a second one.

/** What barge-in needs of a morphological analyser (the engine's `loadJapaneseTokenizer()`). */
export interface Tokenizer {
  tokenize(text: string): { surface_form: string; basic_form: string; pos: string }[];
}

/** Backchannels heard on Japanese phone lines (surface or reading, hiragana). */
const AIZUCHI = new Set([
  'はい', 'はあ', 'ええ', 'えー', 'うん', 'うーん', 'ん', 'んー', 'なるほど', 'へえ', 'ほう', 'ああ', 'あー', 'おお',
  'ふーん', 'ふん', 'あ', 'え', 'ね', 'ねえ',
]);
/** Whole utterances that are backchannels although their morphemes alone would not be. */
const AIZUCHI_PHRASES = new Set(['そう', 'そうそう', 'そうですね', 'そうですか', 'そうなんですね', 'なるほどね']);
// Particles and auxiliaries alone carry nothing (an interim 'は' of はい is not speech yet).
const NON_WORD_POS = new Set(['記号', 'フィラー', '助詞', '助動詞']);

export interface BargeInPolicy {
  /** Voiced time below which nothing interrupts (a breath, a click, one short はい). */
  minVoicedMs: number;
  /** With no interim text yet, speech this long interrupts anyway. */
  voicedOnlyMs: number;
  /** Content morphemes (not backchannel, not filler) that make it real speech. */
  minContentMorphemes: number;
}

export const DEFAULT_BARGE_IN: BargeInPolicy = { minVoicedMs: 200, voicedOnlyMs: 900, minContentMorphemes: 1 };

export type BargeInVerdict = 'wait' | 'backchannel' | 'interrupt';

/**
 * Whether caller speech heard during a prompt should stop it.
 * `wait`: not enough yet to tell; `backchannel`: aizuchi only, keep playing; `interrupt`: stop the prompt.
 */
export function judgeBargeIn(tokenizer: Tokenizer | null, voicedMs: number, interim: string, policy = DEFAULT_BARGE_IN): BargeInVerdict {
  if (voicedMs < policy.minVoicedMs) return 'wait';
  const text = interim.trim();
  if (text && tokenizer) {
    const content = contentMorphemes(tokenizer, text);
    if (content.length >= policy.minContentMorphemes) return 'interrupt';
    // Only backchannels so far: a long run of はいはいはい is still a backchannel, but past the
    // voiced-only limit the caller is clearly talking over us — stop and listen.
    return voicedMs >= policy.voicedOnlyMs * 1.5 ? 'interrupt' : 'backchannel';
  }
  if (text && !tokenizer) {
    // No tokenizer (should not happen after start): fall back to counting Japanese characters.
    const chars = [...text.replace(/[\s、。！？!?,.ー〜]/g, '')].filter((c) => !AIZUCHI.has(c)).length;
    if (chars > 4) return 'interrupt';
  }
  return voicedMs >= policy.voicedOnlyMs ? 'interrupt' : 'wait';
}

/** Morphemes that carry content: not punctuation, not fillers, not backchannels. */
export function contentMorphemes(tokenizer: Tokenizer, text: string): string[] {
  const out: string[] = [];
  const bare = text.replace(/[\s、。！？!?,.…]/gu, '');
  if (AIZUCHI_PHRASES.has(bare)) return out;
  const tokens = tokenizer.tokenize(text);
  for (const t of tokens) {
    if (NON_WORD_POS.has(t.pos)) continue;
    const surface = t.surface_form;
    if (AIZUCHI.has(surface) || AIZUCHI.has(stripLong(surface))) continue;
    if (t.pos === '感動詞' && (AIZUCHI.has(t.basic_form) || surface.length <= 2)) continue;
    out.push(surface);
  }
  return out;
}

function stripLong(s: string): string {
  return s.replace(/[ーッっ〜]+$/u, '');
}
