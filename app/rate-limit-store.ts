// A @fastify/rate-limit store shared through Redis that falls back to this process's counters when
// Redis fails or misses its deadline (app/redis.ts): a log-in or a booking is never refused (500)
// or held up because Redis is down; while it is, each process counts on its own.
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, res: Result | null) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  read?(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): Store;
}
type StoreClass = new (...args: never[]) => Store;

const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (c: boolean, e: boolean, redis: Redis, ns?: string) => Store;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (c: boolean, e: boolean, cache?: number) => Store;

/** The store class to give @fastify/rate-limit as `store` (it constructs it with its settings). */
export function fallbackRateLimitStore(redis: Redis, nameSpace?: string, onFallback: (err: Error) => void = () => {}): StoreClass {
  class FallbackStore implements Store {
    constructor(
      params: { continueExceeding?: boolean; exponentialBackoff?: boolean },
      private readonly shared: Store = new RedisStore(!!params.continueExceeding, !!params.exponentialBackoff, redis, nameSpace),
      private readonly local: Store = new LocalStore(!!params.continueExceeding, !!params.exponentialBackoff),
    ) {}
    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.shared.incr(key, (err, res) => {
        if (!err) return cb(null, res);
        onFallback(err);
        this.local.incr(key, cb, timeWindow, max);
      }, timeWindow, max);
    }
    read(key: string, cb: Callback, timeWindow: number, max: number): void {
      this.shared.read!(key, (err, res) => {
        if (!err) return cb(null, res);
        onFallback(err);
        this.local.read!(key, cb, timeWindow, max);
      }, timeWindow, max);
    }
    child(routeOptions: unknown): Store {
      return new FallbackStore({}, this.shared.child(routeOptions), this.local.child(routeOptions));
    }
  }
  return FallbackStore as unknown as StoreClass;
}
