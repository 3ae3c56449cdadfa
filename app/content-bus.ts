// "Content changed" between app processes: when staff change the FAQ, a scenario or a template in
// one process, every other process reloads what it keeps in memory (today the engine's FAQ;
// scenarios and templates are read from the database at each call). Redis pub/sub when there is
// Redis; in one process the change is already applied where it was made.
import { randomUUID } from 'node:crypto';

export type ContentKind = 'faq' | 'scenario' | 'template';

export interface ContentBus {
  /** Tells the other processes (not this one) that `kind` changed. */
  changed(kind: ContentKind): void;
  close(): Promise<void>;
}

export async function contentBus(opts: {
  redisUrl?: string; channel?: string; onChange: (kind: ContentKind) => Promise<void> | void; onError?: (e: unknown) => void;
}): Promise<ContentBus> {
  if (!opts.redisUrl) return { changed: () => {}, close: async () => {} };
  const channel = opts.channel ?? 'ivr:content-changed';
  const me = randomUUID();
  const { Redis } = await import('ioredis'); // only with Redis configured
  const pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2 });
  const sub = new Redis(opts.redisUrl);
  for (const c of [pub, sub]) c.on('error', (e) => opts.onError?.(e));
  sub.on('message', (_ch, raw) => {
    let m: { from?: string; kind?: ContentKind };
    try { m = JSON.parse(raw); } catch { return; }
    if (m.from === me || !m.kind) return;
    Promise.resolve().then(() => opts.onChange(m.kind!)).catch((e) => opts.onError?.(e));
  });
  await sub.subscribe(channel);
  return {
    changed(kind) { pub.publish(channel, JSON.stringify({ from: me, kind })).catch((e) => opts.onError?.(e)); },
    async close() { sub.disconnect(); pub.disconnect(); },
  };
}
