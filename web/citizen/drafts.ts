// Flow state a citizen's change of booking must remember between pages (the reference and phone
// number they proved), kept on the server under a random id so nothing personal rides in a URL.
// Redis when the app has one (any process can continue the flow), else this process's memory; a
// Redis that fails or misses its deadline falls back to this process's memory (app/redis.ts).
import { randomBytes } from 'node:crypto';

export interface ChangeDraft { ref: string; phone: string; /** A booking's done page: whether an e-mail address was given (not the address). */ email?: boolean }

interface RedisLike {
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
}

const TTL_S = 30 * 60;
const PREFIX = 'web:change-draft:';

export interface Drafts {
  put(d: ChangeDraft): Promise<string>;
  get(id: string): Promise<ChangeDraft | null>;
  drop(id: string): Promise<void>;
}

export function createDrafts(redis?: unknown): Drafts {
  const r = redis as RedisLike | undefined;
  const memory = new Map<string, { d: ChangeDraft; until: number }>();
  const valid = (id: string) => /^[A-Za-z0-9_-]{22}$/.test(id);
  const remember = (id: string, d: ChangeDraft) => {
    const now = Date.now();
    for (const [k, v] of memory) if (v.until < now) memory.delete(k);
    memory.set(id, { d, until: now + TTL_S * 1000 });
  };
  return {
    async put(d) {
      const id = randomBytes(16).toString('base64url');
      if (r) {
        try {
          await r.set(PREFIX + id, JSON.stringify(d), 'EX', TTL_S);
          return id;
        } catch { /* Redis down: this process keeps it */ }
      }
      remember(id, d);
      return id;
    },
    async get(id) {
      if (!valid(id)) return null;
      const v = memory.get(id);
      if (v && v.until > Date.now()) return v.d;
      if (!r) return null;
      try {
        const s = await r.get(PREFIX + id);
        return s ? JSON.parse(s) as ChangeDraft : null;
      } catch {
        return null; // Redis down: a draft kept there cannot be read now (the citizen starts again)
      }
    },
    async drop(id) {
      if (!valid(id)) return;
      memory.delete(id);
      if (r) await Promise.resolve(r.del(PREFIX + id)).catch(() => undefined);
    },
  };
}
