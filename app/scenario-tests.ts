// The staff API's "test before going live" (admin-api's ScenarioTestRunner port), built from the
// conversation-test runner (converse/runner.ts) over the booking books app/ makes for it: each
// test on the real booking core in a throw-away schema (app/scenario-test-book.ts).
import type { ScenarioTestRunner } from '../admin-api/index.js';
import type { TestBookFactory } from '../converse/books.js';
import { runTest } from '../converse/runner.js';
import { readTestFile } from '../engine/conversation-test/test-file.js';
import { conversationTestDesk } from './hand-over-desk.js';

export function scenarioTestRunner(book: TestBookFactory): ScenarioTestRunner {
  return {
    async read(file) {
      const test = await readTestFile(file);
      return {
        scenario: test.scenario,
        async run(scenariosDir) {
          const r = await runTest(test, { scenariosDir, book, desk: conversationTestDesk });
          return { name: r.name, passed: r.passed, failures: r.failures };
        },
      };
    },
  };
}
