// "Content changed" between app processes: when staff change the FAQ, a scenario or a template in
// one process, every other process reloads what it keeps in memory (today the engine's FAQ;
// scenarios and templates are read from the database at each call). Redis pub/sub when there is
// Redis; in one process the change is already applied where it was made. Redis down: a change is
// not heard by the others then, so every process reloads the FAQ when its subscription is back.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ContentKind = 'faq' | 'scenario' | 'template';

export interface ContentBus {
  /** Tells the other processes (not this one) that `kind` changed. */
  changed(kind: ContentKind): void;
  close(): Promise<void>;
}

export async function contentBus(opts: {
  redisUrl?: string; channel?: string; onChange: (kind: ContentKind) => Promise<void> | void; onError?: (e: unknown) => void;
  /** The app's shared connection (app/redis.ts), used instead of `redisUrl`. */
  redis?: { client: Redis; subscriber: () => Redis };
}): Promise<ContentBus> {
  if (!opts.redisUrl && !opts.redis) return { changed: () => {}, close: async () => {} };
  const channel = opts.channel ?? 'ivr:content-changed';
  const me = randomUUID();
  let pub: Redis;
  let sub: Redis;
  let owned = false;
  if (opts.redis) {
    pub = opts.redis.client;
    sub = opts.redis.subscriber(); // its errors are logged by app/redis.ts
  } else {
    const { Redis } = await import('ioredis'); // only with Redis configured
    pub = new Redis(opts.redisUrl!, { maxRetriesPerRequest: 2 });
    sub = new Redis(opts.redisUrl!);
    for (const c of [pub, sub]) c.on('error', (e) => opts.onError?.(e));
    owned = true;
  }
  const run = (kind: ContentKind) => Promise.resolve().then(() => opts.onChange(kind)).catch((e) => opts.onError?.(e));
  sub.on('message', (_ch, raw) => {
    let m: { from?: string; kind?: ContentKind };
    try { m = JSON.parse(raw); } catch { return; }
    if (m.from === me || !m.kind) return;
    void run(m.kind);
  });
  // (Re)subscribed at every connect; after a reconnect, what was missed meanwhile is reloaded.
  let connectedBefore = false;
  let subscribed!: () => void;
  const first = new Promise<void>((r) => { subscribed = r; });
  const subscribe = () => sub.subscribe(channel).then(() => {
    if (connectedBefore) void run('faq');
    connectedBefore = true;
    subscribed();
  }, (e) => opts.onError?.(e));
  sub.on('ready', () => { void subscribe(); });
  if (sub.status === 'ready') void subscribe();
  // Start waits for the subscription a moment only: Redis down never holds up the service.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([first, new Promise((r) => { timer = setTimeout(r, 1500); })]);
  clearTimeout(timer);
  return {
    changed(kind) { pub.publish(channel, JSON.stringify({ from: me, kind })).catch((e) => opts.onError?.(e)); },
    async close() { sub.disconnect(); if (owned) pub.disconnect(); },
  };
}
