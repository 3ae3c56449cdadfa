// Request validation for every HTTP route of ours (staff API, Twilio webhooks, pages): each route
// declares its body, params and querystring as zod schemas (admin-api/schemas.ts has the staff
// API's shared pieces) and fastify-type-provider-zod types the handler from them. A leaf module
// (types of fastify and zod only), so telephony/ and web/ use it without importing the staff API. Bodies are strict: no type coercion (a boolean or "1e3" is not a capacity), dates must
// exist on the calendar (2026-02-30 is refused), unknown keys are refused. Route parameters and
// query strings are text by nature: the schemas that want numbers or booleans there say so
// (schemas.ts: textInt, textBool). No string anywhere may hold a NUL character (PostgreSQL cannot
// store one). A refusal is an Error with `validation` set; the staff API's errors.ts answers it 400 {error, message}.
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';

function findNul(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path || 'value' : null;
  if (depth > 20 || v === null || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\u0000')) return path || 'key';
    const found = findNul(x, path ? `${path}.${k}` : k, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A validation refusal as fastify expects it: the message names the part and field ("body/capacity …"). */
function refusal(message: string, issues: unknown[]): Error {
  return Object.assign(new Error(message), { validation: issues });
}

/** Validates a request part with its zod schema; the parsed value (defaults, coercions) replaces the part. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = httpPart ?? 'input';
  return (data: unknown) => {
    const nul = findNul(data, '');
    if (nul) return { error: refusal(`${part}/${nul} must not contain a NUL character`, []) };
    // A missing field says so (zod's default reads "expected string, received undefined").
    const r = schema.safeParse(data, { error: (iss) => (iss.input === undefined && iss.code === 'invalid_type' ? 'is required' : undefined) });
    if (r.success) return { value: r.data };
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${part}/${issue.path.map(String).join('/')}` : part;
    return { error: refusal(`${where}: ${issue?.message ?? 'is invalid'}`, r.error.issues) };
  };
};
