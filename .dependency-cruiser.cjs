// The import table of docs/architecture.md ("Folders and who may import whom"), checked by
// `npm run lint:deps` (and .ci/run). Each rule forbids the arrows the table does not draw, for the
// product's code. Tests (`*.test.ts`) may import anything: where they prove what a caller or a
// clerk meets they run what app/ composes. Test support beside a part (`testing/`, `testing.ts`)
// keeps its folder's rule, and may also use the top-level testing/ (fresh databases, the service's
// scenario-test runner) and read cities' fixtures. testing/ itself sits above app/ with bench/ and
// scripts/: test support and tools that compose like app/ does. Known exceptions are listed where
// they are allowed, each with why.

/** Test files: built to exercise the parts, not part of them. */
const TEST = '\\.test\\.ts$';
/** Test support beside a part. */
const SUPPORT = '(/testing/|/testing\\.ts$)';
/** Tools run from the command line beside a part (they compose like app/ does). */
const CLI = '(-cli\\.ts$|/cli\\.ts$|/bench\\.ts$)';

/** Folders of ours (everything else — node_modules, node: built-ins — is not checked here). */
const OURS = '^(core|booking|engine|telephony|analytics|admin-api|web|app|cities|converse|testing|fixtures|bench|scripts)/';

/** Who may import whom (the table), folder by folder: checked for circles below. */
const TABLE = {};

/** A rule: code under `from` may import only the folders in `allowed` (besides itself).
 *  `supportAlso`: paths the folder's test support may import besides (narrow known exceptions). */
function only(name, from, allowed, comment, { to = {}, supportAlso = [] } = {}) {
  TABLE[from.replace(/^\^|\/$/g, '')] = allowed;
  const allowedTo = `^(${allowed.join('|')})/`;
  return [
    { name, comment, severity: 'error', from: { path: from, pathNot: [TEST, SUPPORT, CLI] }, to: { path: OURS, pathNot: [allowedTo], ...to } },
    {
      name: `${name} (test support)`,
      comment: `${comment} Test support may also use testing/ and read cities' fixtures.`,
      severity: 'error',
      from: { path: `${from}.*testing(/|\\.ts$)`, pathNot: [TEST] },
      // Types of any part (a seed's shape, a port's) are fine in test support.
      to: { path: OURS, pathNot: [allowedTo, '^testing/', '^cities/', ...supportAlso], dependencyTypesNot: ['type-only'], ...to },
    },
  ];
}

const forbidden = [
  // Each `only` gives the rule for the folder's code and its test-support variant.
  ...only('core-is-a-leaf', '^core/', ['core'], 'core/ holds the contracts every module shares and imports none of ours.'),
  ...only('booking-core-only', '^booking/', ['booking', 'core'], 'The appointment book knows nothing of calls, dialogs or cities.'),
  ...only('analytics-core-only', '^analytics/', ['analytics', 'core'], 'The event log reads the engine\'s events through core/, without importing the engine.'),
  ...only(
    'engine-core-only', '^engine/', ['engine', 'core'],
    'The dialog engine reaches the booking book only through BookingPort (engine/ports.ts), and holds no city\'s words.',
  ),
  ...only('telephony-engine-core', '^telephony/', ['telephony', 'engine', 'core'], 'Phone calls build on the engine\'s Dialog and core\'s contracts; no SQL of the booking book, no staff API.'),
  ...only(
    'cities-profile-and-understanding', '^cities/', ['cities', 'core', 'engine'],
    'A city\'s profile imports types only (any part\'s); its understanding builds on the engine.',
    { to: { dependencyTypesNot: ['type-only'] } },
  ),
  ...only(
    'converse-below-app', '^converse/', ['converse', 'engine', 'cities', 'booking', 'core'],
    'The conversation-test runner plays a city\'s scenario on the engine against the booking book it is handed (booking/: types only, see converse-books-handed-in); app/ builds the staff API\'s scenario tests from it.',
  ),
  {
    name: 'converse-books-handed-in',
    comment: 'The runner builds no booking book of its own: whoever runs it hands one in (testing/conversation-book.ts, app/scenario-test-book.ts).',
    severity: 'error',
    from: { path: '^converse/', pathNot: [TEST, SUPPORT] },
    to: { path: '^booking/', dependencyTypesNot: ['type-only'] },
  },
  ...only(
    'admin-api-below-app', '^admin-api/', ['admin-api', 'core', 'booking', 'engine', 'telephony', 'analytics', 'cities'],
    'The staff API may use every part, but not the composition root, the conversation-test runner (a port app/ hands in: ScenarioTestRunner) or the pages.',
  ),
  ...only(
    'web-over-admin-api', '^web/', ['web', 'admin-api', 'core', 'booking', 'engine', 'telephony', 'analytics', 'cities'],
    'Pages use the parts app/ hands them; never app/ itself.',
    // KNOWN EXCEPTION: the pages' harnesses (web/citizen/testing/, web/console/testing.ts) book and
    // send notices through the port stack app/ composes (app/booking-port.ts), so a page test meets
    // what a citizen or a clerk meets (issue 19). See nothing-imports-app.
    { supportAlso: ['^app/booking-port\\.ts$'] },
  ),
  {
    name: 'nothing-imports-app',
    comment: 'app/ is the composition root: only testing/, bench/, scripts/ and tests import it.',
    severity: 'error',
    from: {
      path: OURS,
      pathNot: [
        '^(app|testing|bench|scripts)/', TEST,
        // KNOWN EXCEPTION (see web-over-admin-api): the pages' harnesses use app/booking-port.ts.
        '^web/console/testing\\.ts$', '^web/citizen/testing/',
      ],
    },
    to: { path: '^app/' },
  },
  {
    name: 'nothing-imports-app (pages\' harnesses)',
    comment: 'The pages\' harnesses take the port stack from app/booking-port.ts and nothing else of app/.',
    severity: 'error',
    from: { path: '(^web/console/testing\\.ts$|^web/citizen/testing/)' },
    to: { path: '^app/', pathNot: ['^app/booking-port\\.ts$'] },
  },
  {
    name: 'only-tests-and-tools-import-testing',
    comment: 'testing/ (test databases, the test books, the converse and call:text tools) sits above app/: the product never imports it.',
    severity: 'error',
    from: { path: OURS, pathNot: ['^(testing|bench|scripts)/', TEST, SUPPORT, CLI] },
    to: { path: '^testing/' },
  },
  {
    name: 'no-circular',
    comment: 'No file comes back to itself through run-time imports. Circles that pass through a type-only import (erased when compiled) are still there, 41 imports on main (engine/steps/ kind ↔ registry ↔ each step, engine/interpreter ↔ walker, web/console/index.ts ↔ its pages, engine/nlu): see docs/architecture.md.',
    severity: 'error',
    from: { path: OURS },
    to: { path: OURS, circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'no-circular-in-telephony-session',
    comment: 'The call session\'s files import each other one way, types included (the parts do not meet through LiveCall).',
    severity: 'error',
    from: { path: '^telephony/session/' },
    to: { path: '^telephony/session/', circular: true },
  },
];

// The table itself draws no circle of folders: with every arrow outside it failing above, the
// product's folders (tests, test support and tools aside) cannot import each other in a circle.
// scripts/import-graph.mjs measures the folder graph itself.
(function tableHasNoCircle() {
  const state = {};
  const visit = (folder, path) => {
    if (state[folder] === 'done') return;
    if (state[folder] === 'open') throw new Error(`.dependency-cruiser.cjs: the import table draws a circle of folders: ${[...path, folder].join(' → ')}`);
    state[folder] = 'open';
    for (const to of TABLE[folder] ?? []) if (to !== folder) visit(to, [...path, folder]);
    state[folder] = 'done';
  };
  for (const folder of Object.keys(TABLE)) visit(folder, []);
})();

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^\\.data|^dist|^\\.tools)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
