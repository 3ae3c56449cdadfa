// The live operator panel: every call the bot hands to the city line (or a call-back it took when
// nobody could), pushed to the page by server-sent events as it happens, with the reason, the bot's
// summary and how long the caller has waited; a failed hand-over is flagged. The board is
// telephony's OperatorBoard (Redis pub/sub when REDIS_URL is set), injected by app/server.ts, so a
// transfer on any process reaches every panel. Summaries may hold personal data: the panel needs
// the `personal` permission.
//
// Who can take a call: each operator sets themselves 対応可 / 対応中 / 離席 here (a form, so it works
// without JavaScript; the page then refreshes itself every two minutes), and everyone with the
// panel sees every operator live (the same event stream). An open panel marks its operator seen
// (each page view, each beat of the stream); one unseen for five minutes counts as away, so the
// bot offers a call-back instead of a transfer nobody would answer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OperatorFeed, OperatorPresence } from '../context.js';
import { field, fields } from '../foundation/forms.js';
import { eventStreams } from './event-stream.js';
import type { OpenPage } from './index.js';

const STATES = ['available', 'busy', 'away'] as const;
/** How often an open live stream marks its operator seen and sends the list again (stale ones turn away). */
const BEAT_MS = 60_000;
/** Without JavaScript the page reloads itself this often, which marks the operator seen. */
const REFRESH_SECONDS = 120;

export function registerOperatorPanel(app: FastifyInstance, open: OpenPage, board: OperatorFeed | undefined, presence?: OperatorPresence): void {
  const streams = eventStreams(app);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/console/operators', { schema: { querystring: fields({ done: field, fail: field }) } }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const entries = board ? await board.recent(50) : [];
    if (presence) await presence.seen(p.staff.email);
    const operators = presence ? await presence.list() : [];
    const mine = operators.find((o) => o.operator === p.staff.email) ?? null;
    const q = req.query;
    return p.show('console/operators', {
      entries, live: !!board, operators, mine, presenceOn: !!presence, states: STATES, refreshSeconds: presence ? REFRESH_SECONDS : undefined,
      statusSaved: q.done === 'status', statusFailed: q.fail === 'status',
      scripts: ['/assets/js/console-operators.js'],
    }, 'console:operatorsTitle');
  });

  r.post('/console/operators/status', { schema: { body: fields({ state: field }) }, preHandler: app.csrfProtection }, async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const state = req.body.state;
    if (!presence || !(STATES as readonly string[]).includes(state ?? '')) return reply.redirect('/console/operators?fail=status', 303);
    await presence.set(p.staff.email, state as (typeof STATES)[number]);
    // A page that posts from script asks for JSON; the form gets the page again.
    if ((req.headers.accept ?? '').includes('application/json')) return reply.send({ ok: true });
    return reply.redirect('/console/operators?done=status', 303);
  });

  app.get('/console/operators/events', async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    if (!board && !presence) return reply.code(503).send('no operator board');
    streams.open(req, reply, (send) => {
      const stops: (() => void)[] = [];
      if (board) stops.push(board.subscribe((e) => send('transfer', e)));
      if (presence) {
        const everyone = async () => send('operators', await presence.list());
        stops.push(presence.subscribe((e) => send('operator', e)));
        void presence.seen(p.staff.email).then(everyone).catch(() => undefined);
        const beat = setInterval(() => { void presence.seen(p.staff.email).then(everyone).catch(() => undefined); }, BEAT_MS);
        stops.push(() => clearInterval(beat));
      }
      return () => { for (const s of stops) s(); };
    });
  });
}
