// The one Redis connection of the process (REDIS_URL), built so that Redis can never hold up a
// caller, a clerk or a citizen: every command has a short deadline (`commandTimeout`), a command
// sent while the connection is down fails at once (no offline queue), the service starts with
// Redis down and keeps reconnecting, and every use falls back to this process's memory:
//
// | use | falls back to | lost across processes while Redis is down |
// |---|---|---|
// | log-in and web booking rate limits (`rateLimitStore`) | per-process counters | the limit is per process, not shared (N processes allow N× the rate) |
// | media-socket tokens, webhook de-duplication (telephony/media-tokens.ts) | per-process map | a token minted in Redis cannot be used on another process; a Twilio retry reaching another process is answered again |
// | live operator list (telephony/transfer/operators.ts) | per-process list | the console sees only transfers of its own process |
// | operators' availability (telephony/transfer/presence.ts) | per-process map | a status set on one process is not seen by the bot on another |
// | web change-of-booking drafts (web/citizen/drafts.ts) | per-process map | a change started on one process cannot be finished on another |
// | one web booking at a time per phone number (web/citizen/service.ts) | per-process queue | two processes may check the per-phone cap at once |
// | content changed (app/content-bus.ts) | nothing to do in this process | other processes reload the FAQ when Redis is back |
//
// ioredis's error events become structured log lines (one per change of state, not one per retry).
import type { Redis, RedisOptions } from 'ioredis';

export interface RedisLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface SharedRedis {
  client: Redis;
  /** `ok` when a PING answers within the deadline, else `degraded` (the service runs on memory). */
  health(deadlineMs?: number): Promise<'ok' | 'degraded'>;
  /** A second connection for SUBSCRIBE (queues while down, resubscribes after a reconnect). */
  subscriber(): Redis;
  close(): void;
}

/** Deadline of every Redis command (ms): well under Twilio's ~15 s and a person's patience. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** Commands timing out in a row before the connection is dropped and made again (a stalled server). */
const TIMEOUTS_BEFORE_RECONNECT = 3;

export function redisOptions(commandTimeoutMs = REDIS_COMMAND_TIMEOUT_MS): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false, // down: fail now, fall back to memory
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(200 * times, 5000), // never give up reconnecting
  };
}

export async function openSharedRedis(url: string, log: RedisLog, opts: { commandTimeoutMs?: number } = {}): Promise<SharedRedis> {
  const { Redis } = await import('ioredis'); // only with REDIS_URL set
  const client = new Redis(url, redisOptions(opts.commandTimeoutMs));
  const where = redactedUrl(url);
  const subs: Redis[] = [];
  let state: 'ok' | 'down' = 'ok';
  const watch = (c: Redis, role: string) => {
    c.on('error', (err: Error) => {
      if (state === 'down') return;
      state = 'down';
      log.warn({ redis: where, role, err: err.message }, 'Redis unreachable: shared state falls back to this process\'s memory');
    });
    c.on('ready', () => {
      if (state === 'ok') return;
      state = 'ok';
      log.info({ redis: where, role }, 'Redis reachable again');
    });
  };
  watch(client, 'commands');
  // A stalled server keeps the connection open and answers nothing: after a few deadlines in a row
  // the connection is made again, so later commands fail at once until the server answers.
  let timeouts = 0;
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: Parameters<Redis['sendCommand']>[0], stream?: Parameters<Redis['sendCommand']>[1]) => {
    const p = send(command, stream);
    void (p as Promise<unknown>).then(() => { timeouts = 0; }, (err: Error) => {
      if (!/timed out/i.test(err?.message ?? '')) return;
      if (++timeouts < TIMEOUTS_BEFORE_RECONNECT) return;
      timeouts = 0;
      if (state === 'ok') {
        state = 'down';
        log.warn({ redis: where, role: 'commands', err: err.message }, 'Redis stalled: reconnecting; shared state falls back to this process\'s memory');
      }
      client.disconnect(true);
    });
    return p;
  }) as Redis['sendCommand'];
  client.connect().catch(() => undefined); // in the background: the service starts with Redis down
  return {
    client,
    async health(deadlineMs = 500) {
      if (client.status !== 'ready') return 'degraded';
      let timer: NodeJS.Timeout | undefined;
      try {
        const late = new Promise<never>((_, fail) => { timer = setTimeout(() => fail(new Error('timed out')), deadlineMs); });
        await Promise.race([client.ping(), late]);
        return 'ok';
      } catch {
        return 'degraded';
      } finally {
        clearTimeout(timer);
      }
    },
    subscriber() {
      const sub = client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, lazyConnect: false });
      watch(sub, 'subscriber');
      subs.push(sub);
      return sub;
    },
    close() {
      for (const s of subs) s.disconnect();
      client.disconnect();
    },
  };
}

/** The URL without its password, for log lines. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
