// The web service: pages, JSON/CSV twins, downloads, feeds and the OpenAPI
// document over one store. buildServer() returns a Fastify instance ready to
// listen or to inject requests into (tests).
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Store } from '../store/index.ts';
import { registerAssets } from './assets.ts';
import { SECURITY_HEADERS } from './security.ts';
import { HttpError, validationMessage } from './errors.ts';
import { createRenderer } from './render.ts';
import { etagOf, Site } from './site.ts';
import { pageContext, type WebContext } from './resource.ts';
import { registerHome } from './routes/home.ts';
import { registerAuthorities } from './routes/authorities.ts';
import { registerReports } from './routes/reports.ts';
import { registerSearch } from './routes/search.ts';
import { registerCompare } from './routes/compare.ts';
import { registerDownloads } from './routes/downloads.ts';
import { registerFeeds } from './routes/feeds.ts';
import { registerApi, registerHealth } from './routes/api.ts';

export const SERVICE_NAME = 'ILACS explorer';

export interface ServerOptions {
  store: Pick<Store, 'db' | 'search'>;
  /** Fastify's logger: true, false or options. */
  logger?: boolean | { level: string };
  /** Requests per minute per client address on JSON, CSV, downloads and feeds. */
  apiRateLimit?: number;
  /** Public base address for links in feeds and downloads (else the request's host). */
  publicUrl?: string;
  /** Extra static folder (the web benchmark serves its reference file from here). */
  extraStatic?: { root: string; prefix: string };
  /** How long the data version is trusted before checking the database again (ms). */
  versionTtlMs?: number;
  /** Behind a reverse proxy: trust its X-Forwarded-For (so rate limits apply per real client). */
  trustProxy?: boolean | string;
}

function wantsJson(req: FastifyRequest): boolean {
  const format = (req.routeOptions.config as { format?: string } | undefined)?.format;
  if (format) return format !== 'html';
  return /\.(json|csv|atom|xlsx)(\?|$)/.test(req.url) || req.url.startsWith('/api/') || req.url.startsWith('/downloads/') || req.url.startsWith('/feeds/');
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Nothing here takes a body, and no real address has a longer part.
    bodyLimit: 1024,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const site = new Site(options.store.db, { versionTtlMs: options.versionTtlMs });
  const render = createRenderer({ serviceName: SERVICE_NAME });
  const ctx: WebContext = { app, site, render, apiRateLimit: { max: options.apiRateLimit ?? 300, timeWindow: '1 minute' } };

  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => ({ statusCode: 429, error: 'Too Many Requests', message: `Too many requests: at most ${context.max} a minute from one address. Try again in ${Math.ceil(context.ttl / 1000)} seconds.` }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ilacs: Ofsted inspections of local authority children’s services',
        version: '1',
        description: 'The record of every Ofsted inspection of English local authority children’s services, read from the published reports. Independent of Ofsted. Contains public sector information licensed under the Open Government Licence v3.0.',
      },
      tags: [
        { name: 'data', description: 'JSON and CSV twins of the pages' },
        { name: 'downloads', description: 'Spreadsheets for analysts' },
        { name: 'feeds', description: 'Atom feeds of new reports' },
        { name: 'api', description: 'This API and monitoring' },
      ],
    },
  });

  app.setErrorHandler((err: FastifyError | HttpError, req: FastifyRequest, reply: FastifyReply) => {
    let status = 500;
    let message = 'Something went wrong on our side. The error has been logged.';
    if ('validation' in err && err.validation) {
      status = 400;
      message = validationMessage(err as FastifyError & { validationContext?: string });
    } else if (err instanceof HttpError) {
      status = err.statusCode;
      message = err.message;
    } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      message = status === 429 ? err.message : 'The request could not be understood.';
    } else {
      req.log.error({ err }, 'request failed');
    }
    return errorResponse(req, reply, status, message);
  });
  app.setNotFoundHandler((req, reply) => errorResponse(req, reply, 404, `There is no page at ${req.url.split('?')[0]}.`));

  function errorResponse(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
    reply.code(status).header('cache-control', 'no-store');
    if (wantsJson(req)) {
      const body = JSON.stringify({ statusCode: status, error: status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : status === 429 ? 'Too Many Requests' : 'Error', message });
      return reply.type('application/json; charset=utf-8').header('etag', etagOf(body)).send(body);
    }
    const heading = status === 404 ? 'Page not found' : status === 400 ? 'There is a problem with the request' : status === 429 ? 'Too many requests' : 'Sorry, there is a problem with the service';
    const view = site.peek();
    const body = render('error.njk', pageContext(view ?? ({ lastRefreshed: null } as never), { title: heading, heading, message, status }));
    return reply.type('text/html; charset=utf-8').header('etag', etagOf(body)).send(body);
  }

  // Every GET gets a validator and caching rules, even the few responses not made by send().
  app.addHook('onSend', (req, reply, payload, done) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      if (!reply.hasHeader('etag')) reply.header('etag', etagOf(payload));
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
    }
    done(null, payload);
  });

  // An HTML form sends its empty fields ("grade=&region="): they mean "any", not an invalid value.
  app.addHook('preValidation', async (req) => {
    const q = req.query as Record<string, unknown> | undefined;
    if (!q || typeof q !== 'object') return;
    for (const [k, v] of Object.entries(q)) {
      if (v === '') delete q[k];
      else if (Array.isArray(v)) {
        const kept = v.filter((x) => x !== '');
        if (kept.length) q[k] = kept;
        else delete q[k];
      }
    }
  });

  await registerAssets(app, options.extraStatic);
  registerHome(ctx);
  registerAuthorities(ctx);
  registerReports(ctx);
  registerSearch(ctx, options.store.search);
  registerCompare(ctx);
  registerDownloads(ctx, options.publicUrl);
  registerFeeds(ctx, options.publicUrl);
  registerApi(ctx);
  registerHealth(app, ctx);
  await app.ready();
  return app;
}
