// The live operator list: every transfer, with its reason and a short summary, is pushed to the
// staff who take the city line. Redis pub/sub (plus a capped list of recent entries) when
// REDIS_URL is set, so every app process sees every transfer; in-process otherwise. When Redis
// fails (down, or past its deadline) an entry still reaches this process's panels and recent list.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

export interface OperatorEntry {
  callId: string;
  at: string; // ISO time
  number: string;
  reason: string;
  /** What the bot learnt, for the person who picks up (may hold personal data: never logged). */
  summary: string;
  node: string | null;
  /** The hand-over failed (the carrier refused it): the caller is NOT with a person. */
  failed?: boolean;
  /** Nobody could take the call: the caller asked to be called back at `number` (a follow-up). */
  callback?: boolean;
}

export interface OperatorBoard {
  publish(e: OperatorEntry): Promise<void>;
  /** Recent entries, newest first. */
  recent(limit?: number): Promise<OperatorEntry[]>;
  subscribe(fn: (e: OperatorEntry) => void): () => void;
  close(): Promise<void>;
}

export class InProcessOperatorBoard implements OperatorBoard {
  private readonly bus = new EventEmitter();
  private readonly entries: OperatorEntry[] = [];
  constructor(private readonly keep = 200) {}
  async publish(e: OperatorEntry): Promise<void> {
    this.entries.unshift(e);
    this.entries.length = Math.min(this.entries.length, this.keep);
    this.bus.emit('entry', e);
  }
  async recent(limit = 50): Promise<OperatorEntry[]> {
    return this.entries.slice(0, limit);
  }
  subscribe(fn: (e: OperatorEntry) => void): () => void {
    this.bus.on('entry', fn);
    return () => this.bus.off('entry', fn);
  }
  async close(): Promise<void> {
    this.bus.removeAllListeners();
  }
}

const CHANNEL = 'ivr:operator:transfers';
const LIST = 'ivr:operator:recent';

export class RedisOperatorBoard implements OperatorBoard {
  private sub: Redis | null = null;
  private readonly listeners = new Set<(e: OperatorEntry) => void>();
  /** What this process published while Redis failed: still shown here. */
  private readonly local: InProcessOperatorBoard;
  /** `pub` is the shared connection; `subscriber` opens the one for SUBSCRIBE (Redis needs its own;
   *  default a duplicate of `pub`). */
  constructor(
    private readonly pub: Redis, private readonly keep = 200, private readonly prefix = '',
    private readonly subscriber: () => Redis = () => pub.duplicate(),
  ) {
    this.local = new InProcessOperatorBoard(keep);
  }

  async publish(e: OperatorEntry): Promise<void> {
    const json = JSON.stringify(e);
    try {
      await this.pub.multi().lpush(this.prefix + LIST, json).ltrim(this.prefix + LIST, 0, this.keep - 1).publish(this.prefix + CHANNEL, json).exec();
    } catch {
      await this.local.publish(e);
      for (const l of this.listeners) l(e);
    }
  }

  async recent(limit = 50): Promise<OperatorEntry[]> {
    const mine = await this.local.recent(limit);
    try {
      const rows = await this.pub.lrange(this.prefix + LIST, 0, limit - 1);
      const shared = rows.map((r) => JSON.parse(r) as OperatorEntry);
      return [...mine, ...shared].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
    } catch {
      return mine;
    }
  }

  subscribe(fn: (e: OperatorEntry) => void): () => void {
    this.listeners.add(fn);
    if (!this.sub) {
      this.sub = this.subscriber();
      this.sub.on('error', () => undefined); // reconnects by itself; the publisher reports the state
      this.sub.subscribe(this.prefix + CHANNEL).catch(() => undefined);
      this.sub.on('message', (_ch: string, msg: string) => {
        let e: OperatorEntry;
        try {
          e = JSON.parse(msg);
        } catch {
          return;
        }
        for (const l of this.listeners) l(e);
      });
    }
    return () => this.listeners.delete(fn);
  }

  /** Resolves once the subscription is live (tests). */
  async ready(): Promise<void> {
    if (!this.sub) return;
    if (this.sub.status !== 'ready') await new Promise<void>((r) => this.sub!.once('ready', () => r()));
    await this.sub.subscribe(this.prefix + CHANNEL);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.sub?.quit().catch(() => undefined);
    this.sub = null;
  }
}
