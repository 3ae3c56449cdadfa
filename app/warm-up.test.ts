import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../core/languages.js';
import { parseScenario } from '../engine/scenario/loader.js';
import { loadLocalizedScenario } from '../engine/scenario/catalogue.js';
import { CachedSynthesiser, type Synthesiser } from '../telephony/tts/synthesiser.js';
import { warmUp } from './warm-up.js';

const FILE = 'cities/ichinomiya/scenarios/renewal.yaml';
const { scenario } = parseScenario(readFileSync(FILE, 'utf8'), 'renewal.yaml');

/** Records what it was asked to say, in which language and at which rate. */
class Recording implements Synthesiser {
  readonly voice = 'recording';
  readonly languages: Lang[] = ['ja', 'en'];
  said: string[] = [];
  async synthesise(text: string, rate: number, o: { lang?: Lang } = {}): Promise<Buffer> {
    this.said.push(`${o.lang ?? 'ja'}:${rate}:${text}`);
    return Buffer.alloc(80, 0x10);
  }
}

describe('the warm-up at start', () => {
  it('says the session’s own words first, then every fixed piece of the active scenario in each language the voice speaks, whatever the database does', async () => {
    const inner = new Recording();
    const synth = new CachedSynthesiser(inner);
    const english = await loadLocalizedScenario(FILE, scenario!, 'en');
    const errors: string[] = [];
    await warmUp({
      bookingWindow: () => Promise.reject(new Error('database down')),
      synth,
      ownWords: ['申し訳ございません。'],
      scenario: async () => scenario!,
      // English is spoken by the voice; Korean is not, so it is left to the calls (none would hear it here).
      languages: async () => ({ en: { scenario: english }, ko: { scenario: english } }),
    }, (what) => errors.push(what));
    expect(inner.said[0]).toBe('ja:0.9:申し訳ございません。');
    expect(inner.said).toContain('ja:1:ご用件をどうぞ。');
    expect(inner.said).toContain('ja:1:手続きをお選びください。');
    expect(inner.said).toContain('en:1:Thank you for calling the Ichinomiya City My Number card appointment line.');
    expect(inner.said.some((s) => s.startsWith('ko:'))).toBe(false);
    expect(inner.said.some((s) => s.includes('{'))).toBe(false);
    expect(errors).toEqual(['booking window']);
  });
});
