// The dialog's languages of one city (issue 22), for app/ and the tools (conversation tests,
// call:text): for each foreign language the city offers and its scenario has a catalogue of, the
// scenario in that language (engine/scenario/catalogue.ts), the language's understanding and
// labels (cities/languages.ts) and its wording (engine/wording/lang/).
import type { ForeignLang } from '../core/languages.js';
import type { DialogLanguage } from '../engine/language.js';
import { loadLocalizedScenario } from '../engine/scenario/catalogue.js';
import type { Scenario } from '../engine/steps/kind.js';
import { wordingFor } from '../engine/wording/lang/index.js';
import { cityLanguage, foreignUnderstanding, offeredLanguages } from './languages.js';
import type { CityProfile } from './profile.js';

export { detectLanguage } from '../engine/nlu/lang/index.js';
export { offeredLanguages };

/** One language of the city's line for a scenario (its catalogue must fit the scenario). */
export async function dialogLanguage(profile: CityProfile, scenarioFile: string, scenario: Scenario, lang: ForeignLang, opts: { faq?: 'own' | 'active' } = {}): Promise<DialogLanguage> {
  const labels = cityLanguage(profile, lang);
  return {
    scenario: await loadLocalizedScenario(scenarioFile, scenario, lang),
    nlu: foreignUnderstanding(profile, lang, opts),
    wording: wordingFor(lang, { venues: labels.venues }),
    procedureLabels: labels.procedures,
    cityName: labels.cityName,
  };
}

/** Every language the city offers, for a scenario file and its parsed scenario. */
export async function dialogLanguages(profile: CityProfile, scenarioFile: string, scenario: Scenario, opts: { faq?: 'own' | 'active' } = {}): Promise<Partial<Record<ForeignLang, DialogLanguage>>> {
  const out: Partial<Record<ForeignLang, DialogLanguage>> = {};
  for (const lang of offeredLanguages(profile)) out[lang] = await dialogLanguage(profile, scenarioFile, scenario, lang, opts);
  return out;
}

const perScenario = new WeakMap<Scenario, Promise<Partial<Record<ForeignLang, DialogLanguage>>>>();
/** For the service: the languages of a scenario version, built once per version. A catalogue that
 *  does not fit the version (staff changed its nodes since) leaves that language out of its calls
 *  rather than failing them; `onProblem` hears why. */
export function serviceDialogLanguages(profile: CityProfile, scenarioFile: string, scenario: Scenario, onProblem: (lang: ForeignLang, message: string) => void): Promise<Partial<Record<ForeignLang, DialogLanguage>>> {
  let p = perScenario.get(scenario);
  if (!p) {
    p = (async () => {
      const out: Partial<Record<ForeignLang, DialogLanguage>> = {};
      for (const lang of offeredLanguages(profile)) {
        try { out[lang] = await dialogLanguage(profile, scenarioFile, scenario, lang); } catch (err) { onProblem(lang, err instanceof Error ? err.message : String(err)); }
      }
      return out;
    })();
    perScenario.set(scenario, p);
  }
  return p;
}
