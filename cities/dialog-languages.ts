// The dialog's languages of one city (issue 22), for app/ and the tools (conversation tests,
// call:text): for each foreign language the city offers and its scenario has a catalogue of, the
// scenario in that language (engine/scenario/catalogue.ts), the language's understanding and
// labels (cities/languages.ts) and its wording (engine/wording/lang/).
import type { ForeignLang } from '../core/languages.js';
import type { DialogLanguage } from '../engine/language.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cataloguesOf, loadLocalizedScenario } from '../engine/scenario/catalogue.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { LiveFaq } from '../engine/nlu/index.js';
import { wordingFor } from '../engine/wording/lang/index.js';
import { cityLanguage, foreignUnderstanding, offeredLanguages, readLanguageFile, type ForeignFaqChoice } from './languages.js';
import type { CityProfile } from './profile.js';

export { detectLanguage } from '../engine/nlu/lang/index.js';
export { offeredLanguages };

/** One language of the city's line for a scenario (its catalogue must fit the scenario). The
 *  catalogue beside the scenario file, else the one beside the city's own scenario of that id (a
 *  stored version staff test from a temporary folder). */
export async function dialogLanguage(profile: CityProfile, scenarioFile: string, scenario: Scenario, lang: ForeignLang, opts: ForeignFaqChoice = {}): Promise<DialogLanguage> {
  const labels = cityLanguage(profile, lang);
  const own = join(profile.scenariosDir, `${scenario.id}.yaml`);
  const beside = cataloguesOf(scenarioFile).some((c) => c.lang === lang) || !existsSync(own) ? scenarioFile : own;
  return {
    scenario: await loadLocalizedScenario(beside, scenario, lang),
    nlu: foreignUnderstanding(profile, lang, opts),
    wording: wordingFor(lang, { venues: labels.venues }),
    procedureLabels: labels.procedures,
    cityName: labels.cityName,
    lineHours: readLanguageFile(profile, lang).line_hours,
  };
}

export interface CityDialogLanguages {
  languages: Partial<Record<ForeignLang, DialogLanguage>>;
  /** Languages the city offers that this scenario cannot speak, and why (a catalogue missing or not fitting). */
  problems: Partial<Record<ForeignLang, string>>;
}

/** Every language the city offers that the scenario has a fitting catalogue for. */
export async function dialogLanguages(profile: CityProfile, scenarioFile: string, scenario: Scenario, opts: ForeignFaqChoice = {}): Promise<CityDialogLanguages> {
  const out: CityDialogLanguages = { languages: {}, problems: {} };
  for (const lang of offeredLanguages(profile)) {
    try { out.languages[lang] = await dialogLanguage(profile, scenarioFile, scenario, lang, opts); } catch (err) { out.problems[lang] = err instanceof Error ? err.message : String(err); }
  }
  return out;
}

type Languages = Promise<Partial<Record<ForeignLang, DialogLanguage>>>;
const perFaq = new WeakMap<LiveFaq, WeakMap<Scenario, Languages>>();
/** For the service: the languages of a scenario version, built once per version, answering
 *  questions from the entries the city's FAQ in force (`faq`) still has. A catalogue that
 *  does not fit the version (staff changed its nodes since) leaves that language out of its calls
 *  rather than failing them; `onProblem` hears why. */
export function serviceDialogLanguages(profile: CityProfile, scenarioFile: string, scenario: Scenario, faq: LiveFaq, onProblem: (lang: ForeignLang, message: string) => void): Languages {
  const perScenario = perFaq.get(faq) ?? new WeakMap<Scenario, Languages>();
  perFaq.set(faq, perScenario);
  let p = perScenario.get(scenario);
  if (!p) {
    p = dialogLanguages(profile, scenarioFile, scenario, { faq }).then(({ languages, problems }) => {
      for (const [lang, message] of Object.entries(problems)) onProblem(lang as ForeignLang, message!);
      return languages;
    });
    perScenario.set(scenario, p);
  }
  return p;
}
