// `npm run --silent converse -- PATH...`: runs every conversation test under the paths against a
// fresh database each (real booking core), prints a line per test, the differences and the whole
// dialog on failure, then `N passed, M failed`; exits non-zero on any failure.
//   --memory   use the in-memory booking double instead of PostgreSQL (quick engine checks)
//   --verbose  print the dialog of passing tests too
//   --jobs N   tests run at once, each on its own database (default 2)
import { ensureDatabaseServer } from './database-server.js';
import { formatDialog, runPaths } from '../converse/runner.js';
import { conversationTestDesk } from '../app/hand-over-desk.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const memory = args.includes('--memory');
const verbose = args.includes('--verbose');
const jobsAt = args.indexOf('--jobs');
const jobs = jobsAt >= 0 ? Math.max(1, Number(args.splice(jobsAt, 2)[1]) || 1) : 2;
const paths = args.filter((a) => !a.startsWith('--'));
if (!paths.length) {
  console.error('usage: npm run --silent converse -- PATH... [--memory] [--verbose]');
  process.exit(2);
}

const server = memory ? { stop: async () => {} } : await ensureDatabaseServer();
const summary = await runPaths(paths, {
  // Loaded only for the run that needs it: --memory starts without the database stack.
  book: memory ? (await import('../converse/testing/memory-book.js')).memoryBook : (await import('./conversation-book.js')).postgresBook,
  desk: conversationTestDesk,
  jobs,
  onResult: (r) => {
    console.log(`${r.passed ? 'PASS' : 'FAIL'} ${r.name}  (${r.file}, ${r.ms} ms)`);
    if (!r.passed) for (const f of r.failures) console.log(`  - ${f}`);
    if (!r.passed || verbose) {
      console.log(formatDialog(r.dialog));
      if (r.end) console.log(`    end: ${r.end.outcome}${r.end.dropoutReason ? ` (${r.end.dropoutReason})` : ''}${r.end.transfer ? ` → transfer ${r.end.transfer.number}: ${r.end.transfer.summary}` : ''}`);
    }
  },
  onBroken: (_file, message) => console.log(`FAIL malformed test file\n  - ${message.split('\n').join('\n  - ')}`),
});
console.log(`${summary.passed} passed, ${summary.failed} failed`);
await server.stop();
process.exit(summary.failed ? 1 : 0);
