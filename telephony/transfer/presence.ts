// Who can take a call: each operator sets themselves available, busy or away in the operator panel,
// and the bot asks whether anybody is available before it hands a call over (app/hand-over-desk.ts).
// Shared across processes through Redis (a hash of operators plus pub/sub for live panels); in
// process memory without REDIS_URL, and while Redis fails (an operator set on this process still
// counts here). A panel that has not been seen for `staleMs` (closed, the computer asleep) counts
// as away: an operator who forgot to say they left is not sent calls.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Clock } from '../../engine/ports.js';

export const PRESENCE_STATES = ['available', 'busy', 'away'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
export const isPresenceState = (s: unknown): s is PresenceState => typeof s === 'string' && (PRESENCE_STATES as readonly string[]).includes(s);

/** A panel unseen this long counts as away (the page refreshes or its live stream beats well within it). */
export const PRESENCE_STALE_MS = 5 * 60_000;
/** Operators unseen this long are dropped from the list. */
const FORGET_MS = 24 * 3_600_000;

/** One operator as stored: what they chose and when their panel was last seen. */
export interface PresenceRecord {
  /** The staff account (its e-mail): staff data, not a caller's. */
  operator: string;
  state: PresenceState;
  /** ISO time the state was chosen. */
  since: string;
  /** ISO time the operator's panel was last seen (a page view, the live stream's beat). */
  seenAt: string;
}

/** One operator as the panel and the bot see them now. */
export interface PresenceEntry extends PresenceRecord {
  /** The state that counts: `away` when the panel has not been seen for `staleMs`. */
  effective: PresenceState;
  stale: boolean;
}

export interface PresenceStore {
  /** Sets an operator's state (and marks their panel seen). */
  set(operator: string, state: PresenceState): Promise<PresenceEntry>;
  /** Marks an operator's panel as still open (nothing happens for an operator who never chose a state). */
  seen(operator: string): Promise<void>;
  /** Every operator seen in the last day, by e-mail, with the state that counts now. */
  list(): Promise<PresenceEntry[]>;
  /** Whether at least one operator is available now. */
  anyAvailable(): Promise<boolean>;
  /** Told of every change of state (on any process, with Redis). */
  subscribe(fn: (e: PresenceEntry) => void): () => void;
  close(): Promise<void>;
}

export function effective(r: PresenceRecord, now: Date, staleMs: number): PresenceEntry {
  const stale = now.getTime() - Date.parse(r.seenAt) > staleMs;
  return { ...r, stale, effective: stale ? 'away' : r.state };
}

const byOperator = (a: PresenceEntry, b: PresenceEntry) => a.operator.localeCompare(b.operator);

export class InProcessPresence implements PresenceStore {
  private readonly bus = new EventEmitter();
  private readonly records = new Map<string, PresenceRecord>();
  constructor(private readonly clock: Clock, private readonly staleMs = PRESENCE_STALE_MS) {}

  async set(operator: string, state: PresenceState): Promise<PresenceEntry> {
    const at = this.clock.now().toISOString();
    const r: PresenceRecord = { operator, state, since: at, seenAt: at };
    return this.put(r);
  }
  /** Stores a record as it is (the Redis store's fallback keeps its own times). */
  put(r: PresenceRecord): PresenceEntry {
    this.records.set(r.operator, r);
    const e = effective(r, this.clock.now(), this.staleMs);
    this.bus.emit('change', e);
    return e;
  }
  async seen(operator: string): Promise<void> {
    const r = this.records.get(operator);
    if (r) this.records.set(operator, { ...r, seenAt: this.clock.now().toISOString() });
  }
  async list(): Promise<PresenceEntry[]> {
    const now = this.clock.now();
    for (const [k, r] of this.records) if (now.getTime() - Date.parse(r.seenAt) > FORGET_MS) this.records.delete(k);
    return [...this.records.values()].map((r) => effective(r, now, this.staleMs)).sort(byOperator);
  }
  async anyAvailable(): Promise<boolean> {
    return (await this.list()).some((e) => e.effective === 'available');
  }
  subscribe(fn: (e: PresenceEntry) => void): () => void {
    this.bus.on('change', fn);
    return () => this.bus.off('change', fn);
  }
  async close(): Promise<void> {
    this.bus.removeAllListeners();
  }
}

const HASH = 'ivr:operators:presence';
const SEEN = 'ivr:operators:seen';
const CHANNEL = 'ivr:operators:presence-changed';

export class RedisPresence implements PresenceStore {
  private sub: Redis | null = null;
  private readonly listeners = new Set<(e: PresenceEntry) => void>();
  /** What this process set or saw while Redis failed: still counted here. */
  private readonly local: InProcessPresence;

  /** `redis` is the shared connection; `subscriber` opens the one for SUBSCRIBE (default a duplicate). */
  constructor(
    private readonly redis: Redis, private readonly clock: Clock, private readonly staleMs = PRESENCE_STALE_MS,
    private readonly prefix = '', private readonly subscriber: () => Redis = () => redis.duplicate(),
  ) {
    this.local = new InProcessPresence(clock, staleMs);
  }

  async set(operator: string, state: PresenceState): Promise<PresenceEntry> {
    const at = this.clock.now().toISOString();
    const r: PresenceRecord = { operator, state, since: at, seenAt: at };
    const e = effective(r, this.clock.now(), this.staleMs);
    try {
      await this.redis.multi().hset(this.prefix + HASH, operator, JSON.stringify(r)).hset(this.prefix + SEEN, operator, at).publish(this.prefix + CHANNEL, JSON.stringify(r)).exec();
    } catch {
      this.local.put(r);
      for (const l of this.listeners) l(e);
    }
    return e;
  }

  async seen(operator: string): Promise<void> {
    await this.local.seen(operator);
    try {
      // Its own hash, so a beat never writes back a state another process has just changed.
      await this.redis.hset(this.prefix + SEEN, operator, this.clock.now().toISOString());
    } catch {
      // Redis down: the local record (if any) was marked seen above.
    }
  }

  async list(): Promise<PresenceEntry[]> {
    const mine = await this.local.list();
    let shared: PresenceEntry[] = [];
    try {
      const now = this.clock.now();
      const [[, states], [, seen]] = (await this.redis.multi().hgetall(this.prefix + HASH).hgetall(this.prefix + SEEN).exec()) as [[null, Record<string, string>], [null, Record<string, string>]];
      const old: string[] = [];
      for (const [k, raw] of Object.entries(states)) {
        const r = JSON.parse(raw) as PresenceRecord;
        if (seen[k] && seen[k] > r.seenAt) r.seenAt = seen[k];
        if (now.getTime() - Date.parse(r.seenAt) > FORGET_MS) old.push(k);
        else shared.push(effective(r, now, this.staleMs));
      }
      if (old.length) await this.redis.multi().hdel(this.prefix + HASH, ...old).hdel(this.prefix + SEEN, ...old).exec();
    } catch {
      shared = [];
    }
    // One entry per operator: the one seen last (a state set here while Redis was down, or the shared one).
    const merged = new Map<string, PresenceEntry>();
    for (const e of [...shared, ...mine]) {
      const had = merged.get(e.operator);
      if (!had || e.seenAt > had.seenAt || (e.seenAt === had.seenAt && e.since > had.since)) merged.set(e.operator, e);
    }
    return [...merged.values()].sort(byOperator);
  }

  async anyAvailable(): Promise<boolean> {
    return (await this.list()).some((e) => e.effective === 'available');
  }

  subscribe(fn: (e: PresenceEntry) => void): () => void {
    this.listeners.add(fn);
    if (!this.sub) {
      this.sub = this.subscriber();
      this.sub.on('error', () => undefined); // reconnects by itself; the shared connection reports the state
      this.sub.subscribe(this.prefix + CHANNEL).catch(() => undefined);
      this.sub.on('message', (_ch: string, msg: string) => {
        let r: PresenceRecord;
        try {
          r = JSON.parse(msg);
        } catch {
          return;
        }
        const e = effective(r, this.clock.now(), this.staleMs);
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
    await this.local.close();
    await this.sub?.quit().catch(() => undefined);
    this.sub = null;
  }
}
