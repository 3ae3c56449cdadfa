// The engine's public face for telephony/, app/ and admin-api/: load and check scenarios, start
// one dialog per call, run conversation tests. (Deep imports of these modules keep working.)
export { ScenarioDialog, type DialogOptions } from './interpreter.js';
export { parseScenario, loadScenarioFile, formatProblem, ScenarioError, type Problem } from './scenario/loader.js';
export type { Scenario } from './steps/kind.js';
export { fixedPrompts, promptTemplates } from './scenario/prompts.js';
export { createNlu, realWording } from './bindings.js';
export { cityWords, type CityWords, type CityWordsSource } from './nlu/index.js';
// The process's one Japanese morphological analyser (understanding uses it; app/ hands it to barge-in).
export { loadKuromoji as loadJapaneseTokenizer, type KuromojiTokenizer as JapaneseTokenizer } from './nlu/kuromoji.js';
export { parseTestFile, TestFileError, type ConversationTest } from './conversation-test/test-file.js';
