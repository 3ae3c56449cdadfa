// What of an event's data a `viewer` (no personal data) may see. A whitelist, not a blacklist:
// a key the engine adds later stays hidden until someone decides it carries no personal data.
const PUBLIC_KEYS = new Set([
  'outcome', 'reason', 'venue', 'action', 'result', 'kind', 'faqId', 'faq', 'intent', 'confidence',
  'channel', 'count', 'procedure', 'date', 'time', 'expects', 'rate', 'attempt', 'scenario', 'version',
  'type', 'slot', 'slots', 'alternatives', 'dropoutReason', 'inputType', 'node', 'next', 'partySize',
]);

/** Keys whose values are personal data wherever they appear, even under a public key. */
const PERSONAL_KEYS = new Set(['name', 'phone', 'caller', 'from', 'to', 'birthDate', 'email', 'text',
  'transcript', 'digits', 'summary', 'audioRef', 'ref']);

export function publicEventData(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (PUBLIC_KEYS.has(k) && !PERSONAL_KEYS.has(k)) out[k] = scrub(v);
  }
  return out;
}

function scrub(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!PERSONAL_KEYS.has(k)) out[k] = scrub(x);
    return out;
  }
  return v;
}

/** The public keys, for the SQL purge that strips old events down to the same whitelist. */
export const publicEventKeys: readonly string[] = [...PUBLIC_KEYS].filter((k) => !PERSONAL_KEYS.has(k));
