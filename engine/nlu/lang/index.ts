// Understanding callers who speak English, Chinese, Korean, Vietnamese or Portuguese (issue 22):
// the same contract as Japanese (docs/understanding.md, "Other languages"), one `Nlu` per
// language and city. Files: engine/nlu/README.md.
export { createForeignNlu } from './nlu.js';
export { detectLanguage } from './detect.js';
export { ForeignFaqIndex, FOREIGN_FAQ_THRESHOLD } from './faq.js';
export { rulesOf } from './rules.js';
export type { ForeignCityWords, LangRules } from './types.js';
