// Per-call state the carrier's requests must share across retries and processes: one-time
// media-socket tokens (the carrier's and the web phone's: one store for both), and "already
// answered" marks for webhooks Twilio retries. In Redis when it is configured (SET NX EX, GETDEL),
// in this process otherwise; when Redis fails mid-season the process falls back to its own memory
// for the moment instead of refusing calls.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WebPhoneCallMeta } from './ports.js';

/** What the one who minted a media token knows about the call (no personal data is needed). */
export interface MediaTokenMeta {
  /** Carrier call id, when known (Twilio CallSid); also the session's call id. */
  callId?: string;
  /** `twilio`: the socket must also carry a valid X-Twilio-Signature; `web`: the token alone. */
  kind: 'twilio' | 'web';
  /** Parameters the session trusts over the socket's own `start` parameters (e.g. channel). */
  params?: Record<string, string>;
  /** `web` tokens minted for the web phone's page (`webPhoneTokens`): the call's facts. */
  phone?: WebPhoneCallMeta;
}

export interface CallState {
  /** A fresh token for one media socket; valid once, for `ttlSec`. */
  mintMediaToken(meta: MediaTokenMeta): Promise<string>;
  /** The token's meta, deleting the token; null when unknown, used or expired. */
  consumeMediaToken(token: string): Promise<MediaTokenMeta | null>;
  /** Stores `value` under `key` unless one is there; returns the stored value (the first one). */
  once(key: string, value: string, ttlSec: number): Promise<{ first: boolean; value: string }>;
  /** Drops a minted token that was never handed out (the retry got the first answer's token). */
  revokeMediaToken(token: string): Promise<void>;
}

/** Token shapes: the kind is in the token so an unsigned socket can be refused before the lookup. */
export const TOKEN_PATTERN = /^[tw][A-Za-z0-9_-]{32}$/;
const newToken = (kind: MediaTokenMeta['kind']) => (kind === 'twilio' ? 't' : 'w') + randomBytes(24).toString('base64url');

export const MEDIA_TOKEN_TTL_SEC = 120;
/** A web-phone page opens its socket at once; its token lives shorter than the carrier's. */
export const WEB_MEDIA_TOKEN_TTL_SEC = 60;

const ttlFor = (kind: MediaTokenMeta['kind'], ttlSec: number) => (kind === 'web' ? Math.min(ttlSec, WEB_MEDIA_TOKEN_TTL_SEC) : ttlSec);

/** In this process only (one process, tests): a Map with expiry times, swept as it is used. */
export class MemoryCallState implements CallState {
  private readonly m = new Map<string, { v: string; until: number }>();
  constructor(
    private readonly ttlSec = MEDIA_TOKEN_TTL_SEC,
    private readonly max = 100_000,
    private readonly now: () => number = Date.now,
  ) {}
  async mintMediaToken(meta: MediaTokenMeta): Promise<string> {
    const t = newToken(meta.kind);
    this.put(`mt:${t}`, JSON.stringify(meta), ttlFor(meta.kind, this.ttlSec));
    return t;
  }
  async consumeMediaToken(token: string): Promise<MediaTokenMeta | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const v = this.get(`mt:${token}`);
    this.m.delete(`mt:${token}`);
    return v ? (JSON.parse(v) as MediaTokenMeta) : null;
  }
  async revokeMediaToken(token: string): Promise<void> {
    this.m.delete(`mt:${token}`);
  }
  async once(key: string, value: string, ttlSec: number): Promise<{ first: boolean; value: string }> {
    const had = this.get(key);
    if (had !== null) return { first: false, value: had };
    this.put(key, value, ttlSec);
    return { first: true, value };
  }
  private get(key: string): string | null {
    const e = this.m.get(key);
    if (!e) return null;
    if (e.until < this.now()) {
      this.m.delete(key);
      return null;
    }
    return e.v;
  }
  private put(key: string, v: string, ttlSec: number): void {
    if (this.m.size >= this.max) {
      const now = this.now();
      for (const [k, e] of this.m) if (e.until < now) this.m.delete(k);
      if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value as string);
    }
    this.m.set(key, { v, until: this.now() + ttlSec * 1000 });
  }
}

/** Shared by every process through Redis; each operation falls back to memory when Redis fails. */
export class RedisCallState implements CallState {
  private readonly local: MemoryCallState;
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ivr:call:',
    private readonly ttlSec = MEDIA_TOKEN_TTL_SEC,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.local = new MemoryCallState(ttlSec);
  }
  async mintMediaToken(meta: MediaTokenMeta): Promise<string> {
    const t = newToken(meta.kind);
    try {
      await this.redis.set(`${this.prefix}mt:${t}`, JSON.stringify(meta), 'EX', ttlFor(meta.kind, this.ttlSec));
      return t;
    } catch (err) {
      this.onError(err);
      return this.local.mintMediaToken(meta);
    }
  }
  async consumeMediaToken(token: string): Promise<MediaTokenMeta | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const mine = await this.local.consumeMediaToken(token);
    if (mine) return mine;
    try {
      const v = await this.redis.getdel(`${this.prefix}mt:${token}`);
      return v ? (JSON.parse(v) as MediaTokenMeta) : null;
    } catch (err) {
      this.onError(err);
      return null;
    }
  }
  async revokeMediaToken(token: string): Promise<void> {
    await this.local.revokeMediaToken(token);
    await this.redis.del(`${this.prefix}mt:${token}`).catch(this.onError);
  }
  async once(key: string, value: string, ttlSec: number): Promise<{ first: boolean; value: string }> {
    try {
      const k = `${this.prefix}${key}`;
      if ((await this.redis.set(k, value, 'EX', ttlSec, 'NX')) === 'OK') return { first: true, value };
      const had = await this.redis.get(k);
      return { first: false, value: had ?? value };
    } catch (err) {
      this.onError(err);
      return this.local.once(key, value, ttlSec);
    }
  }
}

/** What the web phone's page routes get (through app/web-phone.ts): tokens for one page's call,
 *  in the same store as the carrier's, carrying the call's facts; `/twilio/media?token=` takes them. */
export interface WebPhoneTokens {
  /** A fresh `web` token for this call; valid once, for WEB_MEDIA_TOKEN_TTL_SEC. */
  mint(meta: WebPhoneCallMeta): Promise<string>;
}

export function webPhoneTokens(state: CallState): WebPhoneTokens {
  return { mint: (phone) => state.mintMediaToken({ kind: 'web', callId: phone.callId, phone }) };
}
