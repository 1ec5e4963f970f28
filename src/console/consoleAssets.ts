import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:console` puts the built front end (from src/console/ or dist/console/). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/**
 * Serves the built front end. Hashed assets are cached for a year; index.html never, so a new
 * build reaches browsers at once. An unbuilt checkout says how to build instead of a bare 404.
 */
export async function registerConsoleAssets(app: FastifyInstance, root = CONSOLE_DIST): Promise<void> {
  // `/console` (no slash) to the page: relative links and the router expect the slash.
  app.get('', async (_request, reply) => reply.redirect('/console/'));
  if (!existsSync(path.join(root, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console has not been built: run `npm run build:console` (npm install does it too).\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    redirect: true,
    wildcard: true,
    // Ours below, not the plugin's `public, max-age=0`.
    cacheControl: false,
    setHeaders(res, file) {
      res.setHeader(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
