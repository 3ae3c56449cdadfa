// A LOCAL STAND-IN for Twilio's REST API (not Twilio): an HTTP server answering the two calls
// we make — update a live call (transfer) and create a message (SMS) — and recording them.
// The real `twilio` client is pointed at it with a request client that swaps the host.
import http from 'node:http';
import twilio from 'twilio';

export interface StandInRequest { method: string; path: string; form: Record<string, string>; auth: string | null }

export class TwilioApiStandIn {
  readonly requests: StandInRequest[] = [];
  /** Answer the next call update with this HTTP status (e.g. 404: call already over). */
  failNextUpdate: number | null = null;
  private server = http.createServer((req, res) => this.handle(req, res));
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${a.port}`;
    return this.url;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ method: req.method ?? '', path, form, auth: req.headers.authorization ?? null });
      res.setHeader('content-type', 'application/json');
      const call = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/([^/]+)\.json$/.exec(path);
      if (call && req.method === 'POST') {
        if (this.failNextUpdate) {
          const code = this.failNextUpdate;
          this.failNextUpdate = null;
          res.statusCode = code;
          res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: code }));
          return;
        }
        res.end(JSON.stringify({ sid: call[2], account_sid: call[1], status: 'in-progress' }));
        return;
      }
      // Placing a call (the interpreter ringing the operator): answered as Twilio queues it.
      const create = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(path);
      if (create && req.method === 'POST') {
        res.statusCode = 201;
        res.end(JSON.stringify({ sid: `CA${this.requests.length.toString().padStart(32, '0')}`, account_sid: create[1], to: form.To, from: form.From, status: 'queued' }));
        return;
      }
      const msg = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (msg && req.method === 'POST') {
        res.statusCode = 201;
        res.end(JSON.stringify({ sid: `SM${this.requests.length.toString().padStart(32, '0')}`, account_sid: msg[1], to: form.To, from: form.From, body: form.Body, status: 'queued' }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 20404, message: 'not in the stand-in', status: 404 }));
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** The REAL twilio client, its requests sent to `baseUrl` instead of api.twilio.com. */
export function twilioClientFor(baseUrl: string, accountSid = 'ACstandin00000000000000000000000', authToken = 'standin-token') {
  class Redirect extends twilio.RequestClient {
    request<T>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0]) {
      // biome-ignore lint/suspicious/noExplicitAny: twilio's request options type is not exported by name and the spread loses its generic
      return super.request<T>({ ...opts, uri: String(opts.uri).replace(/^https:\/\/[^/]+/, baseUrl) } as any);
    }
  }
  return twilio(accountSid, authToken, { httpClient: new Redirect() });
}
