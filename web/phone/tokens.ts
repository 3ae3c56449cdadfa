// Single-use, short-lived tokens that open the media socket for one web-phone call. The signed-in
// page obtains one (POST /phone/calls) and hands it to the socket as `?token=`; telephony's
// `acceptMediaToken` hook consumes it. A token is 32 random bytes, lives 60 s and opens one socket:
// a reused, expired or made-up token is refused. With Redis the token is shared by every process
// (the page's request and the socket may reach different ones); without it, this process holds it.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PhoneCallMeta } from './ports.js';

export const TOKEN_TTL_MS = 60_000;

export interface MediaTokenStore {
  /** A new token for this call; valid once, for TOKEN_TTL_MS. */
  mint(meta: PhoneCallMeta): Promise<string>;
  /** The call's facts if the token is known and unexpired, and forgets it (single use). */
  consume(token: string): Promise<PhoneCallMeta | null>;
}

const newToken = () => randomBytes(32).toString('base64url');
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/** This process only (no REDIS_URL). Expired tokens are swept as new ones are minted. */
export function memoryTokenStore(now: () => number = Date.now): MediaTokenStore {
  const tokens = new Map<string, { meta: PhoneCallMeta; expires: number }>();
  return {
    async mint(meta) {
      const t = now();
      for (const [k, v] of tokens) if (v.expires <= t) tokens.delete(k);
      const token = newToken();
      tokens.set(token, { meta, expires: t + TOKEN_TTL_MS });
      return token;
    },
    async consume(token) {
      if (!WELL_FORMED.test(token)) return null;
      const hit = tokens.get(token);
      tokens.delete(token);
      return hit && hit.expires > now() ? hit.meta : null;
    },
  };
}

/** Shared through Redis: SET … PX with the TTL, GETDEL to consume (atomic: one socket wins). */
export function redisTokenStore(redis: Redis, prefix = 'webphone:token:'): MediaTokenStore {
  return {
    async mint(meta) {
      const token = newToken();
      await redis.set(prefix + token, JSON.stringify(meta), 'PX', TOKEN_TTL_MS);
      return token;
    },
    async consume(token) {
      if (!WELL_FORMED.test(token)) return null;
      const raw = await redis.getdel(prefix + token);
      return raw ? (JSON.parse(raw) as PhoneCallMeta) : null;
    },
  };
}
