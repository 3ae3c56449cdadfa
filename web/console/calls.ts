// Dialog logs: the calls with the API's filters, and one call turn by turn — what the bot said,
// what the caller heard (full or cut by barge-in), what was understood, where and why a caller
// dropped out — with the caller's audio of each failed turn playable in the page when the role may
// hear it. What a role may not see the API has already cut from the events.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, fields } from '../foundation/forms.js';
import type { OpenPage } from './index.js';
import { reason } from './api.js';
import { can } from './session.js';
import type { ApiCall } from './api.js';

/** Venue ids to their names, for pages that show where a call booked. */
async function venueNames(api: ApiCall): Promise<Record<string, string>> {
  const a = await api<{ id: string; name: string }[] | null>('GET', '/venues');
  return Object.fromEntries((a.status === 200 ? a.body ?? [] : []).map((v) => [v.id, v.name]));
}

const FILTERS = ['from', 'to', 'timeFrom', 'timeTo', 'outcome', 'dropoutReason', 'node', 'venue', 'transferred', 'recognitionFailure'] as const;
const CALL_ID = /^[A-Za-z0-9_-]{1,100}$/;

const callsQuery = { querystring: fields(Object.fromEntries(FILTERS.map((k) => [k, field])) as Record<(typeof FILTERS)[number], typeof field>) };
const callParams = z.object({ id: z.string() });

export function registerCallPages(scope: FastifyInstance, open: OpenPage): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get('/console/calls', { schema: callsQuery }, async (req, reply) => {
    const p = await open(req, reply, 'logs');
    if (!p) return reply;
    const q = req.query;
    const params = new URLSearchParams();
    for (const k of FILTERS) if (q[k]) params.set(k, q[k]);
    params.set('limit', '200');
    const a = await p.api('GET', `/calls?${params}`);
    return p.show('console/calls', { q, calls: a.status === 200 ? a.body : [], fail: a.status === 200 ? undefined : reason(a), venueNames: await venueNames(p.api) }, 'console:callsTitle');
  });

  app.get('/console/calls/:id', { schema: { params: callParams } }, async (req, reply) => {
    const p = await open(req, reply, 'logs');
    if (!p) return reply;
    const { id } = req.params;
    const a = CALL_ID.test(id) ? await p.api<Record<string, unknown>>('GET', `/calls/${id}`) : null;
    if (a?.status !== 200) return p.show('message', { text: 'console:notFoundText' }, 'console:callTitle', 404);
    return p.show('console/call', { ...a.body, mayHear: can(p.staff.role, 'personal'), venueNames: await venueNames(p.api) }, 'console:callTitle');
  });

  // The audio of a failed turn, passed through from the API (which checks the role again).
  app.get('/console/calls/:id/failures/:failure/audio', { schema: { params: z.object({ id: z.string(), failure: z.string() }) } }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const { id, failure } = req.params;
    if (!CALL_ID.test(id) || !/^\d+$/.test(failure)) return reply.code(404).send();
    const a = await p.api('GET', `/calls/${id}/failures/${failure}/audio`);
    if (a.status !== 200) return reply.code(a.status).send();
    return reply.type(String(a.headers['content-type'])).header('cache-control', 'no-store').send(a.raw);
  });
}
