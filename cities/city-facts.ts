// The city's facts every scenario is given, written once in city.yaml: the line dialled and read
// out ({line}), when it is staffed in words ({hours}, the profile's `line_hours`) and the same hours
// as transfers read them (`line_open` → the scenario's `fallback.hours`). So the prompts, the web
// footer and the transfer rule cannot disagree (issue 18). Used by app/server.ts and the
// conversation runner alike, over the file's scenario and every stored version.
import { hoursSchema } from '../engine/scenario/hours.js';
import type { Scenario } from '../engine/steps/kind.js';
import type { CityProfile } from './profile.js';

/** The profile's `line_open` as transfer hours (undefined: the scenario's own, if any). Throws,
 *  naming the field, when it is not hours (checked once, when the composer starts). */
export function lineOpen(profile: Pick<CityProfile, 'id' | 'line_open'>): Scenario['fallback']['hours'] {
  if (profile.line_open === undefined) return undefined;
  const r = hoursSchema.safeParse(profile.line_open);
  if (!r.success) throw new Error(`cities/${profile.id}/city.yaml: line_open: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/** `scenario` with the city's line and hours (a fresh object; the scenario is not changed). */
export function withCityFacts(scenario: Scenario, profile: Pick<CityProfile, 'id' | 'line' | 'line_hours' | 'line_open'>, line = profile.line): Scenario {
  const open = lineOpen(profile);
  return {
    ...scenario,
    city: { ...scenario.city, line, hours: profile.line_hours },
    fallback: open ? { ...scenario.fallback, hours: open } : scenario.fallback,
  };
}
