// Static files under /assets/: our CSS, images and browser scripts (web/assets), and the Digital
// Agency design tokens straight from their package, so the tokens are never copied by hand.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const ASSETS = new URL('../assets/', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const TOKENS = dirname(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css'));

export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', index: false, maxAge: '1h', decorateReply: false });
  // Browsers ask for /favicon.ico whatever a page links (a 404 in every console's log otherwise).
  const favicon = readFileSync(`${ASSETS}img/favicon.svg`);
  app.get('/favicon.ico', async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon));
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: TOKENS, prefix: '/assets/tokens/', index: false, maxAge: '1d', decorateReply: false, allowedPath: (p) => p === '/tokens.css' });
  });
}
