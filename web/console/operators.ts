// The live operator panel: every call the bot hands to the city line, pushed to the page by
// server-sent events as it happens, with the reason, the bot's summary and how long the caller
// has waited; a failed hand-over is flagged. The board is telephony's OperatorBoard (Redis
// pub/sub when REDIS_URL is set), injected by app/server.ts, so a transfer on any process reaches
// every panel. Summaries may hold personal data: the panel needs the `personal` permission.
import type { FastifyInstance } from 'fastify';
import type { OperatorFeed } from '../context.js';
import type { OpenPage } from './index.js';

export function registerOperatorPanel(app: FastifyInstance, open: OpenPage, board: OperatorFeed | undefined): void {
  // Open streams end when the server closes, or close() would wait for them for ever.
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => { for (const end of [...streams]) end(); });

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
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const send = (e: unknown) => res.write(`event: transfer\ndata: ${JSON.stringify(e)}\n\n`);
    const stop = board.subscribe(send);
    // A comment every 20 s keeps proxies from closing a quiet stream.
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
    const end = () => {
      if (!streams.delete(end)) return;
      clearInterval(beat);
      stop();
      res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
  });
}
