// The scenario validator's problems (engine/scenario/validate.ts, loader.ts) in the editor's
// words. The engine writes them in English for `scenario:check` and the API; the console says the
// frequent ones in the page's language from its catalogue (console.json `scenarioProblem`), and
// shows any other with a general sentence and the engine's text as code.
const KNOWN: [RegExp, string][] = [
  [/^start node "(.+)" does not exist$/, 'startMissing'],
  [/^unknown node "(.+)"$/, 'unknownNode'],
  [/^node "(.+)" is unreachable from "(.+)"$/, 'unreachable'],
  [/^unknown variable "(.+)"$/, 'unknownVariable'],
  [/^"(.+)" is used but never filled$/, 'neverFilled'],
  [/^prompt uses unknown variable \{(.+)\}$/, 'promptUnknownVariable'],
  [/^prompt uses \{(.+)\}, which no node ever fills$/, 'promptNeverFilled'],
  [/^unknown field "(.+)"$/, 'unknownField'],
  [/^missing field "(.+)"$/, 'missingField'],
  [/^unknown action "(.+)" \(known: (.+)\)$/, 'unknownAction'],
  [/^"(.+)" is not a declared slot/, 'undeclaredSlot'],
];

export interface ShownProblem { line: number; col: number; text: string; detail?: string }

export function scenarioProblemText(p: { line: number; col: number; message: string }, translate: (key: string, o?: Record<string, unknown>) => string): ShownProblem {
  for (const [re, key] of KNOWN) {
    const m = re.exec(p.message);
    if (m) return { line: p.line, col: p.col, text: translate(`console:scenarioProblem.${key}`, { a: m[1], b: m[2] }) };
  }
  return { line: p.line, col: p.col, text: translate('console:scenarioProblem.other'), detail: p.message };
}
