// Request validation for the staff API. Bodies are validated strictly: no type coercion (a boolean
// or "1e3" is not a capacity), dates must exist on the calendar (2026-02-30 is refused), and no
// string anywhere may hold a NUL character (PostgreSQL cannot store one). Route parameters and
// query strings are text by nature, so those are coerced from strings, but checked the same way.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function makeAjv(coerceTypes: boolean) {
  const ajv = new ((Ajv as any).default ?? Ajv)({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  ((addFormats as any).default ?? addFormats)(ajv); // 'date' checks days in the month, leap years included
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

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

export const staffValidatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const validate: ValidateFunction = (httpPart === 'body' ? strict : coercing).compile(schema);
  return (data: unknown) => {
    const nul = findNul(data, '');
    if (nul) return { error: Object.assign(new Error(`${httpPart ?? 'input'}/${nul} must not contain a NUL character`), { validation: [] }) };
    if (validate(data)) return { value: data };
    const e = validate.errors?.[0];
    const where = `${httpPart ?? 'input'}${e?.instancePath ?? ''}`;
    return { error: Object.assign(new Error(`${where} ${e?.message ?? 'is invalid'}`), { validation: validate.errors }) };
  };
};
