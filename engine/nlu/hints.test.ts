import { describe, expect, it } from 'vitest';
import { recogniserHints } from './hints.js';

const venues = [{ id: 'azai', name: '浅井出張所', reading: 'あざいしゅっちょうじょ', aliases: ['浅井', 'あざい'], active: true }];

describe('recogniser hints', () => {
  it('offers venue names in kanji when a venue may be said', () => {
    expect(recogniserHints('venue', venues)).toEqual(['浅井出張所', '浅井']);
    expect(recogniserHints('intent', venues)).toContain('浅井出張所');
  });
  it('offers yes/no words at a confirmation and nothing for an announcement', () => {
    expect(recogniserHints('yesno')).toContain('はい');
    expect(recogniserHints('none')).toEqual([]);
  });
});
