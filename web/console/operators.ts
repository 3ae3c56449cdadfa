// The live operator panel: every call the bot hands to the city line, pushed to the page by
// server-sent events as it happens, with the reason, the bot's summary and how long the caller
// has waited; a failed hand-over is flagged. The board is telephony's OperatorBoard (Redis
// pub/sub when REDIS_URL is set), injected by app/server.ts, so a transfer on any process reaches
// every panel. Summaries may hold personal data: the panel needs the `personal` permission.
import type { FastifyInstance } from 'fastify';
import type { OperatorFeed } from '../context.js';
import { eventStreams } from './event-stream.js';
import type { OpenPage } from './index.js';

export function registerOperatorPanel(app: FastifyInstance, open: OpenPage, board: OperatorFeed | undefined): void {
  const streams = eventStreams(app);

  app.get('/console/operators', async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    const entries = board ? await board.recent(50) : [];
    return p.show('console/operators', { entries, live: !!board, scripts: ['/assets/js/console-operators.js'] }, 'console:operatorsTitle');
  });

  app.get('/console/operators/events', async (req, reply) => {
    const p = await open(req, reply, 'personal');
    if (!p) return reply;
    if (!board) return reply.code(503).send('no operator board');
    streams.open(req, reply, (send) => board.subscribe((e) => send('transfer', e)));
  });
}
