// The prompts of a scenario: those that read no variables are the same words on every call, which
// the carrier synthesises once when the scenario goes live instead of on a caller's time (and so
// the fixed pieces of those that do).
import { kindOf } from '../steps/registry.js';
import type { Scenario } from '../steps/kind.js';
import { textOf, type Text } from './model.js';

export function fixedPrompts(s: Scenario): string[] {
  return promptTemplates(s).filter((t) => !t.includes('{'));
}

/** Every prompt of the scenario as written, `{variables}` unfilled (the carrier warms their fixed pieces). */
export function promptTemplates(s: Scenario): string[] {
  const texts: (Text | undefined)[] = [s.fallback.transfer_text, s.fallback.announce_text, s.global.faq.after, s.global.faq.which, s.global.out_of_scope?.text, s.global.out_of_scope?.general];
  for (const g of ['operator', 'repeat', 'slower'] as const) texts.push(s.global[g].text);
  for (const node of Object.values(s.parsedNodes)) {
    for (const t of kindOf(node).texts(node)) texts.push(t.text);
  }
  const out = new Set<string>();
  for (const t of texts) {
    const text = textOf(t).trim();
    if (text) out.add(text);
  }
  return [...out];
}
