import { describe, expect, it } from 'vitest';
import { STEP_KINDS, isNodeType, isWaiting, kindOf, type ScenarioNode } from './registry.js';

describe('the step kinds', () => {
  it('each kind sits under its own type, and its schema accepts only that type', () => {
    for (const [type, kind] of Object.entries(STEP_KINDS)) {
      expect(kind.type).toBe(type);
      expect(isNodeType(type)).toBe(true);
    }
    expect(isNodeType('toString')).toBe(false);
    expect(isNodeType('goto')).toBe(false);
  });
  it('a parsed node finds its kind through the union, and only ask and confirm wait', () => {
    const node: ScenarioNode = STEP_KINDS.say.schema.parse({ type: 'say', text: 'こんにちは', next: 'ask_intent' });
    expect(kindOf(node)).toBe(STEP_KINDS.say);
    expect(kindOf(node).targets(node)).toEqual([{ path: ['next'], id: 'ask_intent' }]);
    expect(isWaiting(node)).toBe(false);
    expect(Object.keys(STEP_KINDS).filter((t) => STEP_KINDS[t as keyof typeof STEP_KINDS].accept)).toEqual(['ask', 'confirm']);
  });
});
