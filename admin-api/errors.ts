// The one place domain results and input errors become HTTP statuses.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BookingInputError } from '../booking/index.js';
import { InvalidPeriod } from '../analytics/index.js';
import { AccountInputError } from './accounts.js';

/** A domain result that is not the success the route wanted, thrown to the error handler. */
export class DomainResult extends Error {
  constructor(readonly kind: string, readonly detail?: Record<string, unknown>) {
    super(kind);
    this.name = 'DomainResult';
  }
}

export class ApiInputError extends Error {
  constructor(readonly field: string, message: string) { super(message); this.name = 'ApiInputError'; }
}

export const STATUS: Record<string, number> = {
  not_found: 404,
  slot_full: 409,
  closed: 409,
  exists: 409,
  outside_window: 422,
  idempotency_key_reused: 422,
  bad_credentials: 401,
  totp_required: 401,
  unauthenticated: 401,
  locked: 423,
  slow_down: 429,
  forbidden: 403,
  totp_enrolment_required: 403,
  invalid: 400,
  untested: 409,
  already_sent: 409,
  not_configured: 409,
  tests_failed: 409,
  day_has_bookings: 409,
  already_taken: 409,
  follow_up_closed: 409,
  limit_reached: 409,
};

const MESSAGES: Record<string, string> = {
  not_found: 'no such record',
  slot_full: 'the slot has no room left',
  closed: 'the venue is closed then, or there is no such slot',
  outside_window: 'the day is outside the booking window',
  idempotency_key_reused: 'this idempotency key was used for a booking with other data (field names the first difference); use a new key',
  exists: 'already exists',
  bad_credentials: 'wrong email, password or code',
  totp_required: 'a one-time code is required',
  unauthenticated: 'log in first',
  locked: 'too many failed log-ins from this address: it is locked out of this account for a while',
  slow_down: 'too many failed log-ins from this address: wait before the next attempt (retry-after)',
  forbidden: 'your role does not allow this',
  already_sent: 'the message was sent already',
  not_configured: 'no provider is configured for this channel (TWILIO_*/SMS_FROM or SMTP_URL/MAIL_FROM)',
  untested: 'run the conversation tests of this version first (or force)',
  tests_failed: 'the conversation tests of this version did not all pass',
  totp_enrolment_required: 'set up a one-time-code app first (POST /auth/totp/setup)',
  day_has_bookings: 'the day holds bookings (listed): close it with bookings: cancel to cancel them and notify each citizen',
  already_taken: 'another clerk has taken this follow-up',
  follow_up_closed: 'this follow-up is closed already',
  limit_reached: 'this person (phone number and name) or this phone number already holds the most active bookings allowed for this procedure (limit, max; field: the form field to look at)',
};

/** Returns the success result, or throws it to the error handler. */
export function expect<K extends string, T extends { kind: string }>(result: T, ok: K): Extract<T, { kind: K }> {
  if (result.kind === ok) return result as Extract<T, { kind: K }>;
  if ('limit' in result && 'max' in result) {
    // The book's limit per person or per number: the field a clerk should look at (a family
    // member books in their own name; a number's ceiling is the phone's).
    throw new DomainResult(result.kind, { limit: result.limit, max: result.max, field: result.limit === 'person' ? 'name' : 'phone' });
  }
  throw new DomainResult(result.kind, 'until' in result ? { until: result.until } : undefined);
}

/** What node-postgres says of a refused statement (the fields that are safe to log). */
interface PgError { code: string; table?: string; column?: string; constraint?: string; routine?: string }

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainResult) {
    return reply.status(STATUS[err.kind] ?? 409).send({ error: err.kind, message: MESSAGES[err.kind] ?? err.kind, ...err.detail });
  }
  if (err instanceof BookingInputError || err instanceof AccountInputError || err instanceof ApiInputError) {
    return reply.status(400).send({ error: 'invalid', field: err.field, message: err.message });
  }
  if (err instanceof InvalidPeriod) return reply.status(400).send({ error: 'invalid', field: 'period', message: err.message });
  const fe = err as FastifyError;
  if (fe.validation) {
    // The field a schema refused (its first issue's path), so a page can say which and why.
    const path = (fe.validation as unknown as { path?: unknown[] }[])[0]?.path;
    const field = Array.isArray(path) && typeof path[0] === 'string' ? path[0] : undefined;
    return reply.status(400).send({ error: 'invalid', ...(field ? { field } : {}), message: fe.message });
  }
  if (fe.statusCode && fe.statusCode < 500) return reply.status(fe.statusCode).send({ error: fe.code ?? 'error', message: fe.message });
  // A PostgreSQL error's message and detail can quote the row or the bind parameter (a birth
  // date, a phone number): only its code and where it happened are logged.
  const pe = err as Partial<PgError>;
  const pgCode = pe.code;
  if (typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode) && 'severity' in err) {
    req.log.error({ err: { type: 'DatabaseError', code: pgCode, table: pe.table, column: pe.column, constraint: pe.constraint, routine: pe.routine } }, 'database refused a request');
    // Class 22 (data exception: out of range, invalid text, NUL, bad date) and 23 (integrity) are
    // about the input that got past the schemas: the caller's fault, answered as such.
    if (pgCode.startsWith('22')) return reply.status(400).send({ error: 'invalid', message: 'a value is out of range or malformed' });
    if (pgCode.startsWith('23')) return reply.status(409).send({ error: 'conflict', message: 'the change conflicts with existing records' });
    return reply.status(500).send({ error: 'internal', message: 'internal error' });
  }
  // Unexpected: log the error's type and stack frames (never the request body, never its message,
  // which may quote input), answer without details.
  req.log.error({ err: { type: err.name, stack: String(err.stack ?? '').split('\n').slice(1, 8).join('\n') } }, 'request failed');
  return reply.status(500).send({ error: 'internal', message: 'internal error' });
}
