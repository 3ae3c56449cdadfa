// The operator panel's interpreter view: the calls the service is interpreting (a foreign caller
// handed over, telephony/interpret/), each with the Japanese summary and both sides' words live —
// the caller's in their language with the Japanese translation, the operator's in Japanese with
// the translation the caller heard. The operator answers by typing (a form: works without
// JavaScript) or by speaking on an audio leg of their own; "end" says goodbye to the caller in their
// language and hangs up. Opening a call tells the caller a person has joined. Needs `personal`.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGE_NAMES, isLang } from '../../core/languages.js';
import { field, fields } from '../foundation/forms.js';
import { eventStreams } from './event-stream.js';
import type { OpenPage } from './index.js';

/** What the panel reads of telephony's InterpreterDesk (structural: web/ does not import telephony/). */
export interface InterpreterDeskView {
  active(): { callId: string; lang: string; summary: string; reason: string; startedAt: string; operatorJoined: boolean; operatorAudio: boolean; endedBy: string | null }[];
  get(callId: string): { call: ReturnType<InterpreterDeskView['active']>[number]; lines: { seq: number; at: string; from: 'caller' | 'operator'; lang: string; original: string; translated: string; ok: boolean }[] } | null;
  join(callId: string): boolean;
  operatorSaid(callId: string, text: string): Promise<boolean>;
  end(callId: string, by: 'caller' | 'operator'): void;
  subscribe(callId: string | null, fn: (e: unknown) => void): () => void;
}

const callParams = z.object({ callId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const MAX_WORDS = 500;
const langName = (l: string) => (isLang(l) ? LANGUAGE_NAMES[l].ja : l);

export function registerInterpreterPanel(scope: FastifyInstance, open: OpenPage, desk: InterpreterDeskView | undefined): void {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const streams = eventStreams(app);

  app.get('/console/interpreter', async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const calls = (desk?.active() ?? []).map((c) => ({ ...c, langName: langName(c.lang) }));
    return p.show('console/interpreter', { calls, call: null, live: !!desk }, 'console:interpreterTitle');
  });

  app.get('/console/interpreter/:callId', { schema: { params: callParams } }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const found = desk?.get(req.params.callId);
    if (!desk || !found) return p.show('console/interpreter', { calls: [], call: null, live: !!desk, missing: true }, 'console:interpreterTitle', 404);
    desk.join(req.params.callId); // the caller hears that a person is there
    const { call, lines } = desk.get(req.params.callId)!;
    return p.show('console/interpreter', { calls: [], call: { ...call, langName: langName(call.lang) }, lines, live: true, scripts: ['/assets/js/console-interpreter.js'] }, 'console:interpreterTitle');
  });

  app.post('/console/interpreter/:callId/say', { schema: { params: callParams, body: fields({ text: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const text = String(req.body.text ?? '').trim();
    if (!text || [...text].length > MAX_WORDS) return reply.code(400).send({ error: `text must be 1 to ${MAX_WORDS} characters` });
    if (!desk?.get(req.params.callId)) return reply.code(404).send({ error: 'no such interpreted call' });
    const ok = await desk.operatorSaid(req.params.callId, text);
    if (!ok) return reply.code(409).send({ error: 'the call has ended' });
    if (req.headers.accept?.includes('application/json')) return reply.send({ ok: true });
    return reply.redirect(`/console/interpreter/${req.params.callId}`, 303);
  });

  app.post('/console/interpreter/:callId/end', { schema: { params: callParams }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    if (!desk?.get(req.params.callId)) return reply.code(404).send({ error: 'no such interpreted call' });
    desk.end(req.params.callId, 'operator');
    return reply.redirect(`/console/interpreter/${req.params.callId}`, 303);
  });

  // Both sides' words as they happen (and the call's state), for the page's script.
  app.get('/console/interpreter/:callId/events', { schema: { params: callParams } }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    if (!desk?.get(req.params.callId)) return reply.code(404).send({ error: 'no such interpreted call' });
    streams.open(req, reply, (send) => desk.subscribe(req.params.callId, (e) => send((e as { type: string }).type, e)));
  });
}
