// Static files: govuk-frontend's compiled CSS, JS and images straight from
// the installed package, and this service's own small CSS and JS.
// The GOV.UK font (GDS Transport) is only for services on GOV.UK, so the
// stylesheet is served with its @font-face rules removed and the font stack
// replaced by the system's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { GOVUK_DIST } from './render.ts';
import { etagOf } from './site.ts';

export const SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif';
const STATIC_DIR = join(new URL('.', import.meta.url).pathname, 'static');
const ONE_DAY = 86400;
const require = createRequire(import.meta.url);

export function govukCss(): string {
  const css = readFileSync(join(GOVUK_DIST, 'govuk', 'govuk-frontend.min.css'), 'utf8');
  return css
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/font-family:\s*"?GDS Transport"?\s*,\s*arial\s*,\s*sans-serif/gi, `font-family:${SYSTEM_FONTS}`)
    .replace(/font-family:\s*"?GDS Transport"?/gi, `font-family:${SYSTEM_FONTS}`)
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

export async function registerAssets(app: FastifyInstance, extraStatic?: { root: string; prefix: string }): Promise<void> {
  const css = govukCss();
  const cssEtag = etagOf(css);
  app.get('/assets/govuk-frontend.min.css', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', `public, max-age=${ONE_DAY}`).header('etag', cssEtag).type('text/css; charset=utf-8');
    return css;
  });
  const js = readFileSync(join(GOVUK_DIST, 'govuk', 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const jsEtag = etagOf(js);
  app.get('/assets/govuk-frontend.min.js', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', `public, max-age=${ONE_DAY}`).header('etag', jsEtag).type('text/javascript; charset=utf-8');
    return js;
  });
  // accessible-autocomplete (the GOV.UK pattern) for the council name box: its compiled script and styles from the installed package.
  const autocompleteDir = dirname(require.resolve('accessible-autocomplete/package.json'));
  for (const [file, type] of [['accessible-autocomplete.min.js', 'text/javascript'], ['accessible-autocomplete.min.css', 'text/css']] as const) {
    const body = readFileSync(join(autocompleteDir, 'dist', file), 'utf8').replace(/\/[/*]# sourceMappingURL=[^\n]*$/m, '');
    const etag = etagOf(body);
    app.get(`/assets/${file}`, { schema: { hide: true } }, async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${ONE_DAY}`).header('etag', etag).type(`${type}; charset=utf-8`);
      return body;
    });
  }
  // Browsers ask for /favicon.ico whatever the page says; the GOV.UK icons are a crown, not ours to use.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/static/favicon.svg', 301));
  await app.register(fastifyStatic, {
    root: join(GOVUK_DIST, 'govuk', 'assets', 'images'),
    prefix: '/assets/images/',
    maxAge: ONE_DAY * 1000,
    etag: true,
    schemaHide: true,
  });
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', decorateReply: false, maxAge: 3600 * 1000, etag: true, schemaHide: true });
  if (extraStatic) {
    await app.register(fastifyStatic, { root: extraStatic.root, prefix: extraStatic.prefix, decorateReply: false, maxAge: 3600 * 1000, etag: true, schemaHide: true });
  }
}
