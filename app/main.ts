// Starts the service on its configuration (environment variables; embedded defaults when unset)
// and stops it cleanly on SIGINT / SIGTERM, letting calls in progress end first.
import { ConfigError, loadConfig } from './config.js';
import { startService } from './server.js';
import { startupBanner } from './banner.js';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}

const service = await startService(config).catch((e: Error) => {
  console.error(`could not start: ${e.message}`);
  process.exit(1);
});
console.log(startupBanner(service.banner));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    service.app.log.info({ signal }, 'stopping: waiting for calls in progress');
    service.close().then(() => process.exit(0), () => process.exit(1));
  });
}
