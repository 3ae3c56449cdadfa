// Starts the service on its configuration (environment variables; embedded defaults when unset)
// and stops it cleanly on SIGINT / SIGTERM, letting calls in progress end first.
import { loadConfigOrExit } from './config.js';
import { startService } from './server.js';
import { startupBanner } from './banner.js';

const config = loadConfigOrExit();

const service = await startService(config, { host: config.HOST }).catch((e: Error) => {
  console.error(`could not start: ${e.message}`);
  process.exit(1);
});
console.log(startupBanner(service.banner));

// `npm start` builds dist/main.js from this file (scripts/build-service.mjs) and runs it with
// scripts/start-service.sh, which execs node (npm forwards the signal to this process, which is the
// one that stops; the Docker image runs the same script under tini). On SIGINT / SIGTERM: ready turns
// 503 and new calls go to the city line, calls in progress get SHUTDOWN_GRACE_MS, the rest a
// spoken goodbye, then events are flushed and the database (an embedded one too) closes last.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      service.app.log.warn({ signal }, 'already stopping: calls in progress are ending');
      return;
    }
    stopping = true;
    service.app.log.info({ signal, calls: 'draining' }, 'stopping: no new calls, waiting for calls in progress');
    service.close().then(() => {
      service.app.log.info('stopped: calls ended, events flushed, database closed');
      process.exit(0);
    }, () => process.exit(1));
  });
}

// A promise nobody awaited that fails (a late database error in a finished call) is logged; it
// must not end the process and every call in it.
process.on('unhandledRejection', (err) => {
  service.app.log.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled rejection (process kept running)');
});
