// The prompts of a scenario that read no variables: the same words on every call, which the
// carrier synthesises once when the scenario goes live instead of on a caller's time.
import { STEP_KINDS } from '../steps/registry.js';
import type { Scenario } from '../steps/kind.js';
import { textOf, type Text } from './model.js';

export function fixedPrompts(s: Scenario): string[] {
  const texts: (Text | undefined)[] = [s.fallback.transfer_text, s.fallback.announce_text, s.global.faq.after];
  for (const g of ['operator', 'repeat', 'slower'] as const) texts.push(s.global[g].text);
  for (const node of Object.values(s.parsedNodes)) {
    for (const t of STEP_KINDS[node.type].texts(node)) texts.push(t.text);
  }
  const out = new Set<string>();
  for (const t of texts) {
    const text = textOf(t).trim();
    if (text && !text.includes('{')) out.add(text);
  }
  return [...out];
}
