// Schema pieces shared by the routes. Requests (body, params, querystring) are zod schemas: the
// validator (validation.ts) checks them, fastify-type-provider-zod types the handlers from them,
// and its jsonSchemaTransform writes them into the OpenAPI document (openapi.ts). Answers are
// JSON schemas: fastify serialises with them (only the listed properties leave), and the
// document shows them as they are.
import { z } from 'zod';

// --- requests (zod) ---
/** A calendar day YYYY-MM-DD that exists (leap years included). */
export const isoDay = z.iso.date();
/** A slot's start, HH:MM. */
export const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
export const venueKey = z.string().min(1).max(40);
/** A numeric id in a route parameter, bounded (bigint columns). */
export const numericId = z.string().regex(/^\d{1,18}$/);
/** A whole number written in a query string or route parameter ("12"; not "1e3", not "1.5"). */
export const textInt = (min: number, max: number) =>
  z.string().regex(/^\d{1,10}$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));
/** A boolean written in a query string: "true" or "false". */
export const textBool = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A JSON object with at least one of its (optional) fields: an empty patch changes nothing and is refused. */
export const patch = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape).refine((o) => Object.keys(o).length > 0, 'send at least one field');

// --- answers (JSON schema) ---
export const error = {
  type: 'object',
  // limit, max: the book's limit a booking reached ('person' or 'number', and how many it allows)
  properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' }, max: { type: 'integer' } },
  required: ['error'],
} as const;

/** Standard error responses added to every route's response schema. */
export const errors = { 400: error, 401: error, 403: error, 404: error, 409: error, 422: error, 423: error } as const;

export const ok = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } as const;

/** An object whose properties are not all described (e.g. event data): passed through as is. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export const csv = { type: 'string', description: 'text/csv; charset=utf-8, with BOM' } as const;
