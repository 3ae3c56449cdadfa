// The staff API's scenario-test port as the service builds it (app/scenario-tests.ts over
// app/scenario-test-book.ts), on a test's fresh database: for the staff API's and the console's
// test harnesses (admin-api/testing.ts, web/console/testing.ts), which may not import app/.
import type { ScenarioTestRunner } from '../admin-api/index.js';
import { scenarioTestBooks } from '../app/scenario-test-book.js';
import { scenarioTestRunner } from '../app/scenario-tests.js';
import type { FreshDatabase } from './fresh-database.js';

export function serviceScenarioTests(db: FreshDatabase): ScenarioTestRunner {
  return scenarioTestRunner(scenarioTestBooks({ url: db.url, admin: db.db }));
}
