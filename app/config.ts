// Configuration from environment variables, validated with zod. A bad value stops start-up with
// a message naming the variable. Other parts add their variables to `schema` (one line each).
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const int = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max));
const url = (protocols: string[]) =>
  z.preprocess(emptyAsUndefined, z.string().refine((v) => {
    try { return protocols.includes(new URL(v).protocol); } catch { return false; }
  }, `must be a URL (${protocols.join(' or ')}//…)`).optional());

export const schema = z.object({
  /** PostgreSQL; unset means an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  /** Port the embedded PostgreSQL listens on (only without DATABASE_URL). */
  EMBEDDED_PG_PORT: int(1024, 65535).default(54329),
  /** HTTP port of the service. */
  PORT: int(1, 65535).default(3000),
  /** Redis; unset means in-process shared state. */
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Where local state lives (embedded PostgreSQL data, caches). */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1)).default('.data'),
  /** Days after the appointment when a booking's personal data is erased. */
  RETENTION_DAYS: int(0, 3650).default(30),
  /** How many days ahead bookings may be made; when set it is written to the booking window at
   *  start, when unset the database keeps its own (60 unless staff changed it). */
  BOOKING_HORIZON_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(366).optional()),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  throw new ConfigError(r.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
}
