// Dialog logs: calls with filters, one call with every event in order, recognition-failure audio,
// CSV of calls and of turns. Personal data (caller numbers, what callers said, audio) only for
// roles with `personal`; everyone else gets the public whitelist of event data.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep, extname } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callsCsv, failureAudioRef, getCall, listCalls, turnsCsv } from '../../analytics/index.js';
import { DomainResult } from '../errors.js';
import { can } from '../roles.js';
import type { Ctx } from '../context.js';
import { anyObject, csv, errors, hhmm, isoDay, numericId, textBool, textInt } from '../schemas.js';

const filter = z.strictObject({
  from: isoDay.optional(), to: isoDay.optional(), timeFrom: hhmm.optional(), timeTo: hhmm.optional(),
  outcome: z.string().max(40).optional(), dropoutReason: z.string().max(60).optional(), node: z.string().max(100).optional(),
  recognitionFailure: textBool.optional(), transferred: textBool.optional(), venue: z.string().max(40).optional(),
  limit: textInt(1, 5000).optional(), before: z.iso.datetime({ offset: true }).optional(),
});
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
const callId = z.string().max(100);
const callParams = z.object({ id: callId });

const AUDIO_TYPES: Record<string, string> = { '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.ulaw': 'audio/basic', '.raw': 'audio/basic' };

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  const personal = (req: FastifyRequest) => can(req.staff!.account.role, 'personal');

  app.get('/calls', {
    config: { auth: { perm: 'logs', action: 'calls_list' } },
    schema: { tags: ['dialog logs'], summary: 'Calls, newest first, with filters (page with `before`)', querystring: filter, response: { 200: { type: 'array', items: call }, ...errors } },
  }, async (req) => listCalls(ctx.db, req.query, { personal: personal(req) }));

  app.get('/calls.csv', {
    config: { auth: { perm: 'logs', action: 'calls_export' } },
    schema: { tags: ['dialog logs'], summary: 'Calls as CSV (same filters, up to 5000)', querystring: filter, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const f = { limit: 5000, ...req.query };
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="calls.csv"');
    return callsCsv(await listCalls(ctx.db, f, { personal: personal(req), maxLimit: 5000 }));
  });

  app.get('/calls/turns.csv', {
    config: { auth: { perm: 'logs', action: 'turns_export' } },
    schema: { tags: ['dialog logs'], summary: 'Every event of the filtered calls as CSV, in order', querystring: filter, response: { 200: csv, ...errors } },
  }, async (req, reply) => {
    const f = { limit: 1000, ...req.query };
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
    const c = await getCall(ctx.db, req.params.id, { personal: personal(req) });
    if (!c) throw new DomainResult('not_found');
    return c;
  });

  app.get('/calls/:id/failures/:failure/audio', {
    config: { auth: { perm: 'personal', action: 'failure_audio' } },
    schema: {
      tags: ['dialog logs'], summary: 'Audio of one recognition failure, for playback',
      params: z.object({ id: callId, failure: numericId }),
      response: { 200: { type: 'string', format: 'binary' }, ...errors },
    },
  }, async (req, reply) => {
    const p = req.params;
    const ref = await failureAudioRef(ctx.db, p.id, p.failure);
    if (!ref || !ctx.audioDir) throw new DomainResult('not_found');
    // The reference is telephony's path relative to the audio folder; never outside it.
    // Symlinks are resolved first (realpath), so a link inside the folder cannot point outside it.
    const root = await realpath(resolve(ctx.audioDir)).catch(() => null);
    const file = root ? await realpath(resolve(root, ref)).catch(() => null) : null;
    if (!root || !file?.startsWith(root + sep)) throw new DomainResult('not_found');
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) throw new DomainResult('not_found');
    reply.type(AUDIO_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream').header('content-length', st.size);
    return reply.send(createReadStream(file));
  });
};
export default routes;
