// Logger options for the app's fastify instance: no personal data in application logs. Requests
// are logged by method and route pattern only (no query string: a phone number could be in one);
// bodies are never logged; personal keys are redacted wherever they appear in a logged object.
import type { LoggerOptions } from 'pino';

/** What the serializers read of fastify's request and reply (pino hands them over untyped). */
interface LoggedRequest { id?: unknown; method?: string; url?: string; routeOptions?: { url?: string } }
interface LoggedReply { statusCode?: number }

const PERSONAL = ['name', 'phone', 'birthDate', 'email', 'caller', 'transcript', 'text', 'password', 'totp', 'code'];

export const adminLoggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  redact: {
    paths: [
      'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'body', 'req.body',
      ...PERSONAL, ...PERSONAL.map((k) => `*.${k}`), ...PERSONAL.map((k) => `*.*.${k}`),
    ],
    censor: '[redacted]',
  },
  serializers: {
    req(req: LoggedRequest) {
      return { id: req.id, method: req.method, route: req.routeOptions?.url ?? String(req.url ?? '').split('?')[0] };
    },
    res(res: LoggedReply) {
      return { statusCode: res.statusCode };
    },
  },
};
