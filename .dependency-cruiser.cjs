// The import table of docs/architecture.md ("Folders and who may import whom"), checked by
// `npm run lint:deps` (and .ci/run). Each rule forbids the arrows the table does not draw, for the
// product's code. Tests (`*.test.ts`) may import anything: where they prove what a caller or a
// clerk meets they run what app/ composes. Test support (`testing/`, `testing.ts`) keeps its
// folder's rule, and may also build fresh databases (booking/testing/) and read cities' fixtures.
// Known exceptions are listed where they are allowed, each with why.

/** Test files: built to exercise the parts, not part of them. */
const TEST = '\\.test\\.ts$';
/** Test support beside a part. */
const SUPPORT = '(/testing/|/testing\\.ts$)';
/** Tools run from the command line beside a part (they compose like app/ does). */
const CLI = '(-cli\\.ts$|/cli\\.ts$|/bench\\.ts$)';

/** Folders of ours (everything else — node_modules, node: built-ins — is not checked here). */
const OURS = '^(core|booking|engine|telephony|analytics|admin-api|web|app|cities|fixtures|bench|scripts)/';

/** A rule: code under `from` may import only the folders in `allowed` (besides itself). */
function only(name, from, allowed, comment, exceptions = [], to = {}) {
  const allowedTo = `^(${allowed.join('|')})/`;
  return [
    { name, comment, severity: 'error', from: { path: from, pathNot: [TEST, SUPPORT, CLI, ...exceptions] }, to: { path: OURS, pathNot: [allowedTo], ...to } },
    {
      name: `${name} (test support)`,
      comment: `${comment} Test support may also build fresh databases and read cities' fixtures.`,
      severity: 'error',
      from: { path: `${from}.*testing(/|\\.ts$)`, pathNot: [TEST, ...exceptions] },
      // Types of any part (a seed's shape, a port's) are fine in test support.
      to: { path: OURS, pathNot: [allowedTo, '^booking/testing/', '^cities/'], dependencyTypesNot: ['type-only'], ...to },
    },
  ];
}

module.exports = {
  forbidden: [
    // Each `only` gives the rule for the folder's code and its test-support variant.
    ...only('core-is-a-leaf', '^core/', ['core'], 'core/ holds the contracts every module shares and imports none of ours.'),
    ...only(
      'booking-core-only', '^booking/', ['booking', 'core'], 'The appointment book knows nothing of calls, dialogs or cities.',
      ['^booking/testing/fresh-database\\.ts$'], // KNOWN EXCEPTION: see nothing-imports-app
    ),
    ...only('analytics-core-only', '^analytics/', ['analytics', 'core'], 'The event log reads the engine\'s events through core/, without importing the engine.'),
    ...only(
      'engine-core-only', '^engine/', ['engine', 'core'],
      'The dialog engine reaches the booking book only through BookingPort (engine/ports.ts), and holds no city\'s words.',
      // KNOWN EXCEPTION: engine/converse/ (the conversation-test runner and call:text) loads cities\'
      // profiles and builds a booking book on PostgreSQL; it belongs beside app/ (a composition of
      // its own) but is being edited by other engineers now, so it stays where it is for the moment.
      ['^engine/converse/'],
    ),
    ...only('telephony-engine-core', '^telephony/', ['telephony', 'engine', 'core'], 'Phone calls build on the engine\'s Dialog and core\'s contracts; no SQL of the booking book, no staff API.'),
    ...only(
      'admin-api-below-app', '^admin-api/', ['admin-api', 'core', 'booking', 'engine', 'telephony', 'analytics', 'cities'],
      'The staff API may use every part, but not the composition root or the pages.',
      ['^admin-api/testing\\.ts$'], // KNOWN EXCEPTION: see nothing-imports-app
    ),
    ...only(
      'web-over-admin-api', '^web/', ['web', 'admin-api', 'core', 'booking', 'engine', 'telephony', 'analytics', 'cities'],
      'Pages use the parts app/ hands them; never app/ itself.',
      ['^web/console/testing\\.ts$', '^web/citizen/testing/'], // KNOWN EXCEPTION: see nothing-imports-app
    ),
    ...only(
      'cities-profile-and-understanding', '^cities/', ['cities', 'core', 'engine'],
      'A city\'s profile imports types only (any part\'s); its understanding builds on the engine.',
      [], { dependencyTypesNot: ['type-only'] },
    ),
    {
      name: 'nothing-imports-app',
      comment: 'app/ is the composition root: only app/, bench/, scripts/ and tests import it.',
      severity: 'error',
      from: {
        path: OURS,
        pathNot: [
          '^(app|bench|scripts)/', TEST,
          // KNOWN EXCEPTIONS, test support that builds what app/ builds:
          // fresh test databases run the service's own migrator (app/migrate.ts) and seed the
          // default city; their callers include engine/converse/ (see above), so the migrator
          // cannot be handed in from outside without editing it now.
          '^booking/testing/fresh-database\\.ts$',
          // the staff API under test runs stored scenarios' tests on app's throw-away book.
          '^admin-api/testing\\.ts$', '^web/console/testing\\.ts$',
          // conversation tests and the citizens' page harness book through the port stack app/
          // composes (app/booking-port.ts), so a test hears what a caller hears (issue 19).
          '^engine/converse/', '^web/citizen/testing/',
        ],
      },
      to: { path: '^app/' },
    },
    {
      name: 'no-circular-in-telephony-session',
      comment: 'The call session\'s files import each other one way (the parts do not meet through LiveCall).',
      severity: 'error',
      from: { path: '^telephony/session/' },
      to: { path: '^telephony/session/', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^\\.data|^dist|^\\.tools)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
