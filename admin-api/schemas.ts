// JSON-schema fragments shared by the routes (fastify validates requests and serialises responses
// with them; @fastify/swagger turns them into the OpenAPI document).
export const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' } as const;
export const slotTime = { type: 'string', pattern: '^\\d{2}:\\d{2}$' } as const;
export const venueId = { type: 'string', minLength: 1, maxLength: 40 } as const;
export const nullable = <T extends object>(s: T) => ({ anyOf: [s, { type: 'null' }] }) as const;

export const error = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, until: { type: 'string' } },
  required: ['error'],
} as const;

/** Standard error responses added to every route's response schema. */
export const errors = { 400: error, 401: error, 403: error, 404: error, 409: error, 422: error, 423: error } as const;

export const ok = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } as const;

/** An object whose properties are not all described (e.g. event data): passed through as is. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export const csv = { type: 'string', description: 'text/csv; charset=utf-8, with BOM' } as const;
