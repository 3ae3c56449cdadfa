// The prompts a caller may hear next, so the carrier can synthesise them while the caller is still
// answering: from the node waiting now, the nodes a few steps on (its targets, theirs, …), and of
// their texts the pieces (ending at the template's own 、 and 。) that read a variable and whose
// variables are all filled — the confirmation's 「本庁舎で、12月5日の10時から、」 as soon as venue,
// date and time are known, while the caller is still saying the phone number. Pieces that read no
// variable are the same in every call and are synthesised at start (`warm`, app/warm-up.ts): here
// a cold service would synthesise the whole scenario (~80 pieces) on the cores the prompts being
// heard need; a piece with an unfilled variable cannot be said yet. Only a guess of what comes:
// nothing here changes the call.
import { textOf, type Text } from './scenario/model.js';
import type { Scenario } from './steps/kind.js';
import { kindOf } from './steps/registry.js';
import type { Vars } from './vars.js';

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface UpcomingPrompt {
  /** The rendered piece, as the dialog will say it. */
  text: string;
  /** The node's speaking rate for this call. */
  rate: number;
  /** Steps from the node waiting now (0: its own prompts, said again on a re-prompt). */
  hops: number;
}

/**
 * Rendered pieces of the prompts within `hops` steps of `from` that read variables, all filled,
 * nearest node first.
 * `render` renders a template with the call's variables; `rateOf` gives a node's speaking rate.
 */
export function upcomingPrompts(
  scenario: Scenario,
  from: string,
  vars: Pick<Vars, 'filled'>,
  render: (t: Text) => string,
  rateOf: (nodeId: string) => number,
  hops = 6,
): UpcomingPrompt[] {
  const out = new Map<string, UpcomingPrompt>();
  const seen = new Set<string>([from]);
  let frontier = [from];
  for (let hop = 0; hop <= hops && frontier.length; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      const node = scenario.parsedNodes[id];
      if (!node) continue;
      const kind = kindOf(node);
      for (const t of kind.texts(node)) {
        for (const piece of pieces(textOf(t.text))) {
          const names = [...piece.matchAll(VARIABLE)].map((m) => m[1]);
          if (!names.length || !names.every((n) => vars.filled(n))) continue;
          const text = render(piece);
          const key = `${rateOf(id)}\u0000${text}`;
          if (text && !out.has(key)) out.set(key, { text, rate: rateOf(id), hops: hop });
        }
      }
      for (const target of kind.targets(node)) if (!seen.has(target.id)) { seen.add(target.id); next.push(target.id); }
    }
    frontier = next;
  }
  return [...out.values()];
}

/** A template's pieces, each ending at its own 、 or 。 (as the synthesiser splits the prompt). */
function pieces(template: string): string[] {
  return template.replace(/([。、」？！])[ \t\n]+/g, '$1').split(/(?<=[、。？！])/u).map((s) => s.trim()).filter(Boolean);
}
