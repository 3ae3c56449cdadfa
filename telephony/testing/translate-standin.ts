// A LOCAL STAND-IN for Google Cloud Translation (Basic, v2 REST) — not the real thing. An HTTP
// server answering POST /language/translate/v2 as the service does ({ q, source, target, format }
// → { data: { translations: [{ translatedText }] } }, Google's error JSON on failure), so the REAL
// @google-cloud/translate client talks to it. It cannot translate: it returns the translation a
// test registered for a text, else the text itself labelled as the stand-in's (`[en→ja] …`), so an
// untranslated line is never mistaken for a translation.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranslateRequest {
  q: string[];
  source?: string;
  target: string;
  format?: string;
  /** The API key the client sent (`?key=`), or null (a bearer token instead). */
  key: string | null;
}

export class TranslateStandIn {
  private server: http.Server | null = null;
  private readonly known = new Map<string, string>();
  /** Every request, for assertions on languages and format. */
  readonly requests: TranslateRequest[] = [];
  /** Fail the next N requests with this HTTP status (tests of the fallback). */
  failNext: { count: number; status: number } = { count: 0, status: 503 };
  /** Answer this much later (tests of time-outs). */
  delayMs = 0;
  port = 0;

  /** What the stand-in answers for `text` from `source` into `target`. */
  register(text: string, source: string, target: string, translation: string): void {
    this.known.set(`${source}\u0000${target}\u0000${text}`, translation);
  }

  /** Base URL for the client (`googleTranslateClient({ endpoint })`). */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/language/translate/v2`;
  }

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const fail = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ error: { code: status, message, errors: [{ message, domain: 'global', reason: status === 400 ? 'invalid' : 'backendError' }] } }));
    };
    if (req.method !== 'POST' || url.pathname.replace(/\/+$/, '') !== '/language/translate/v2') return fail(404, 'Not Found');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: { q?: string | string[]; source?: string; target?: string; format?: string };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(400, 'Invalid JSON payload received.');
    }
    const key = url.searchParams.get('key');
    if (!key && !req.headers.authorization) return fail(403, 'The request is missing a valid API key.');
    const q = typeof body.q === 'string' ? [body.q] : Array.isArray(body.q) ? body.q : [];
    if (!body.target) return fail(400, 'Missing required field target.');
    if (q.length === 0) return fail(400, 'Required Text');
    this.requests.push({ q, source: body.source, target: body.target, format: body.format, key });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext.count > 0) {
      this.failNext.count--;
      return fail(this.failNext.status, 'stand-in told to fail');
    }
    const source = body.source ?? 'und';
    const translations = q.map((t) => ({
      translatedText: this.known.get(`${source}\u0000${body.target}\u0000${t}`) ?? `[${source}→${body.target}] ${t}`,
      ...(body.source ? {} : { detectedSourceLanguage: 'und' }),
    }));
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify({ data: { translations } }));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}
