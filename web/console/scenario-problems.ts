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

/** `parts`: the sentence, with the names it quotes from the YAML (`code: true`) apart, shown as code. */
export interface ShownProblem { line: number; col: number; parts: { text: string; code: boolean }[]; detail?: string }

const MARK = '\u0001';

export function scenarioProblemText(p: { line: number; col: number; message: string }, translate: (key: string, o?: Record<string, unknown>) => string): ShownProblem {
  for (const [re, key] of KNOWN) {
    const m = re.exec(p.message);
    if (!m) continue;
    // The quoted names go through the catalogue as marks, so the page can set them as code.
    const names = [m[1], m[2]];
    const text = translate(`console:scenarioProblem.${key}`, { a: `${MARK}0${MARK}`, b: `${MARK}1${MARK}` });
    const parts = text.split(MARK).map((t, i) => (i % 2 ? { text: names[Number(t)] ?? '', code: true } : { text: t, code: false })).filter((x) => x.text);
    return { line: p.line, col: p.col, parts };
  }
  return { line: p.line, col: p.col, parts: [{ text: translate('console:scenarioProblem.other'), code: false }], detail: p.message };
}
