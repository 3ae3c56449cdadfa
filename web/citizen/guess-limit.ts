// Guessing a booking's proof (reference + phone number) is limited across every route that checks
// one — the pages' look-up, change and cancel and the API's — per client address, and per
// reference whoever asks: each route's own per-IP limit alone let one address try 6 × 20 pairs a
// minute, and many addresses try one reference without end. Counters live in the rate-limit
// plugin's store (Redis, else this process: app/rate-limit-store.ts); keys hold a hash of the
// reference, never the reference.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The routes where a reference and a phone number are checked (a change's confirm step uses the draft, not a guess). */
export const PROOF_ROUTES = new Set([
  'POST /booking/lookup', 'POST /booking/change', 'POST /booking/cancel',
  'POST /booking/api/v1/bookings/lookup', 'POST /booking/api/v1/bookings/change', 'POST /booking/api/v1/bookings/cancel',
]);

/** Proof checks one reference may take in the window, from anywhere. */
export const PER_REFERENCE = { max: 10, timeWindow: 15 * 60_000 };

type Limiter = (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean }>;

export function registerGuessLimit(app: FastifyInstance, perIpPerMinute: number, tooMany: () => Error): void {
  const create = (app as unknown as { createRateLimit(o: object): Limiter }).createRateLimit;
  const perIp = create({ max: perIpPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `proof-ip:${req.ip}` });
  const perRef = create({ ...PER_REFERENCE, keyGenerator: (req: FastifyRequest) => `proof-ref:${referenceKey(req.body)}` });
  app.addHook('preHandler', async (req) => {
    if (!PROOF_ROUTES.has(`${req.method} ${req.routeOptions.url ?? ''}`)) return;
    if ((await perIp(req)).isExceeded) throw tooMany();
    if (referenceKey(req.body) && (await perRef(req)).isExceeded) throw tooMany();
  });
}

/** A hash of the reference the request names ('' when none), the same however it was typed. */
function referenceKey(body: unknown): string {
  const ref = typeof body === 'object' && body !== null ? (body as { ref?: unknown }).ref : undefined;
  if (typeof ref !== 'string' || !ref.trim()) return '';
  return createHash('sha256').update(ref.normalize('NFKC').replace(/\s+/g, '')).digest('base64url').slice(0, 22);
}
