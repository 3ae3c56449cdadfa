// Dialog logs: calls with filters, one call with every event in order, recognition-failure audio,
// CSV of calls and of turns. Personal data (caller numbers, what callers said, audio) only for
// roles with `personal`; everyone else gets the public whitelist of event data.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep, extname } from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { callsCsv, failureAudioRef, getCall, listCalls, turnsCsv, type CallFilter } from '../../analytics/index.js';
import { DomainResult } from '../errors.js';
import { can } from '../roles.js';
import type { Ctx } from '../context.js';
import { anyObject, csv, day, errors, slotTime } from '../schemas.js';

const filter = {
  type: 'object', additionalProperties: false,
  properties: {
    from: day, to: day, timeFrom: slotTime, timeTo: slotTime,
    outcome: { type: 'string', maxLength: 40 }, dropoutReason: { type: 'string', maxLength: 60 }, node: { type: 'string', maxLength: 100 },
    recognitionFailure: { type: 'boolean' }, transferred: { type: 'boolean' }, venue: { type: 'string', maxLength: 40 },
    limit: { type: 'integer', minimum: 1, maximum: 5000 }, before: { type: 'string', format: 'date-time' },
  },
} as const;
const call = {
  type: 'object',
  properties: {
    callId: { type: 'string' }, receivedAt: { type: 'string' }, startedAt: { type: ['string', 'null'] }, endedAt: { type: ['string', 'null'] },
    durationSec: { type: ['number', 'null'] }, channel: { type: ['string', 'null'] }, caller: { type: ['string', 'null'] },
    callerHash: { type: ['string', 'null'] }, scenario: { type: ['string', 'null'] }, outcome: { type: 'string' },
    dropoutNode: { type: ['string', 'null'] }, dropoutReason: { type: ['string', 'null'] }, transferReason: { type: ['string', 'null'] },
    venue: { type: ['string', 'null'] }, turns: { type: 'integer' }, recognitionFailures: { type: 'integer' },
  },
} as const;
const callParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

const AUDIO_TYPES: Record<string, string> = { '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.ulaw': 'audio/basic', '.raw': 'audio/basic' };

const routes: FastifyPluginAsync<{ ctx: Ctx }> = async (app, { ctx }) => {
  const personal = (req: FastifyRequest) => can(req.staff!.account.role, 'personal');

  app.get('/calls', {
    config: { auth: { perm: 'logs', action: 'calls_list' } },
    schema: { tags: ['dialog logs'], summary: 'Calls, newest first, with filters (page with `before`)', querystring: filter, response: { 200: { type: 'array', items: call }, ...errors } },
  }, async (req) => listCalls(ctx.db, req.query as CallFilter, { personal: personal(req) }));

  app.get('/calls.csv', {
    config: { auth: { perm: 'logs', action: 'calls_export' } },
    schema: { tags: ['dialog logs'], summary: 'Calls as CSV (same filters, up to 5000)', querystring: filter, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const f = { limit: 5000, ...(req.query as CallFilter) };
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="calls.csv"');
    return callsCsv(await listCalls(ctx.db, f, { personal: personal(req), maxLimit: 5000 }));
  });

  app.get('/calls/turns.csv', {
    config: { auth: { perm: 'logs', action: 'turns_export' } },
    schema: { tags: ['dialog logs'], summary: 'Every event of the filtered calls as CSV, in order', querystring: filter, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const f = { limit: 1000, ...(req.query as CallFilter) };
    const calls = await listCalls(ctx.db, f, { personal: false, maxLimit: 5000 });
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="turns.csv"');
    return turnsCsv(ctx.db, calls.map((c) => c.callId), { personal: personal(req) });
  });

  app.get('/calls/:id', {
    config: { auth: { perm: 'logs', action: 'call_read' } },
    schema: {
      tags: ['dialog logs'], summary: 'One call with every event in order and its recognition failures', params: callParams,
      response: {
        200: {
          type: 'object',
          properties: {
            call,
            events: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, at: { type: 'string' }, type: { type: 'string' }, node: { type: ['string', 'null'] }, data: anyObject } } },
            failures: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, at: { type: 'string' }, node: { type: ['string', 'null'] }, kind: { type: 'string' }, transcript: { type: ['string', 'null'] }, confidence: { type: ['number', 'null'] }, hasAudio: { type: 'boolean' } } } },
          },
        },
        ...errors,
      },
    },
  }, async (req) => {
    const c = await getCall(ctx.db, (req.params as any).id, { personal: personal(req) });
    if (!c) throw new DomainResult('not_found');
    return c;
  });

  app.get('/calls/:id/failures/:failure/audio', {
    config: { auth: { perm: 'personal', action: 'failure_audio' } },
    schema: {
      tags: ['dialog logs'], summary: 'Audio of one recognition failure, for playback',
      params: { type: 'object', required: ['id', 'failure'], properties: { id: { type: 'string', maxLength: 100 }, failure: { type: 'string', pattern: '^\\d{1,18}$' } } },
      response: { 200: { type: 'string', format: 'binary' }, ...errors },
    },
  }, async (req, reply) => {
    const p = req.params as { id: string; failure: string };
    const ref = await failureAudioRef(ctx.db, p.id, p.failure);
    if (!ref || !ctx.audioDir) throw new DomainResult('not_found');
    // The reference is telephony's path relative to the audio folder; never outside it.
    // Symlinks are resolved first (realpath), so a link inside the folder cannot point outside it.
    const root = await realpath(resolve(ctx.audioDir)).catch(() => null);
    const file = root ? await realpath(resolve(root, ref)).catch(() => null) : null;
    if (!root || !file || !file.startsWith(root + sep)) throw new DomainResult('not_found');
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new DomainResult('not_found');
    reply.type(AUDIO_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream').header('content-length', st.size);
    return reply.send(createReadStream(file));
  });
};
export default routes;
