// Server-sent events for the console's live pages (operator panel, interpreter, alerts, follow-ups): one way to
// open a stream, keep it alive through proxies, and end it when the browser leaves or the server
// closes (an open stream would otherwise hold close() for ever).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type Send = (event: string, data: unknown) => void;

/** Streams for routes of `app`: `open(req, reply, start)` hijacks the reply and calls `start` with a
 *  sender; what `start` returns is called when the stream ends. */
export function eventStreams(app: FastifyInstance) {
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => { for (const end of [...streams]) end(); });
  return {
    open(req: FastifyRequest, reply: FastifyReply, start: (send: Send) => () => void): void {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 3000\n\n');
      const stop = start((event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
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
    },
    /** A stream whose `tick` runs every `everyMs` (never two at once) to send what changed; a tick
     *  that throws sends `unavailable`, as an answer the API refused does. */
    poll(req: FastifyRequest, reply: FastifyReply, everyMs: number, tick: (send: Send) => Promise<void>): void {
      this.open(req, reply, (send) => {
        let busy = false;
        const timer = setInterval(async () => {
          if (busy) return;
          busy = true;
          try { await tick(send); } catch { send('unavailable', {}); } finally { busy = false; }
        }, everyMs);
        return () => clearInterval(timer);
      });
    },
  };
}
