// The web service: pages, JSON/CSV twins, downloads, feeds and the OpenAPI
// document over one store. buildServer() returns a Fastify instance ready to
// listen or to inject requests into (tests).
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { RecordReader, WorkflowRecord } from '../store/index.ts';
import type { Clock } from '../workflow/service.ts';
import { workflowPlugin } from '../workflow/web/plugin.ts';
import { publishedPdf, type Publication } from '../workflow/publish.ts';
import { registerAssets } from './assets.ts';
import { CORS_HEADERS, HSTS, SECURITY_HEADERS } from './security.ts';
import { badRequest, HttpError, notFound, validationMessage } from './errors.ts';
import { linkBase } from './links.ts';
import { createRenderer } from './render.ts';
import { etagOf, Site } from './site.ts';
import { pageContext, type WebContext } from './resource.ts';
import { registerHome } from './routes/home.ts';
import { registerNational } from './routes/national.ts';
import { registerJourneys } from './routes/journeys.ts';
import { registerTopics } from './routes/topics.ts';
import { registerAuthorities } from './routes/authorities.ts';
import { registerReports } from './routes/reports.ts';
import { registerSearch } from './routes/search.ts';
import { registerCompare } from './routes/compare.ts';
import { registerDownloads } from './routes/downloads.ts';
import { registerFeeds } from './routes/feeds.ts';
import { registerApi, registerHealth } from './routes/api.ts';

export const SERVICE_NAME = 'ILACS explorer';

const ERROR_NAMES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 414: 'URI Too Long', 429: 'Too Many Requests', 503: 'Service Unavailable' };

export interface ServerOptions {
  /** The record's typed reads (a Store is one). */
  store: RecordReader;
  /** Fastify's logger: true, false or options. */
  logger?: boolean | { level: string };
  /** Requests per minute per client address on JSON, CSV, downloads and feeds. */
  apiRateLimit?: number;
  /** Public base address for links in feeds and downloads (PUBLIC_URL). */
  publicUrl?: string;
  /** Hosts whose name may be used in links as the request gives it, when no public address is set (ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** Extra static folder (the web benchmark serves its reference file from here). */
  extraStatic?: { root: string; prefix: string };
  /** How long the data version is trusted before checking the database again (ms). */
  versionTtlMs?: number;
  /** Behind a reverse proxy: trust its X-Forwarded-For (so rate limits apply per real client). */
  trustProxy?: boolean | string;
  /** The inspection workflow (its API and pages), in a plugin of its own: the public routes never see its record. */
  workflow?: { record: WorkflowRecord; clock?: Clock; publishCheckMs?: number; publication?: Publication };
}

/** The PDFs of the reports this service published, at their stable content-addressed address (public: they are in the record). */
function registerPublishedPdfs(app: FastifyInstance, archiveDir: string): void {
  app.get<{ Params: { file: string } }>('/published/:file', { schema: { hide: true } }, async (req, reply) => {
    const m = /^([0-9a-f]{64})\.pdf$/.exec(req.params.file);
    const bytes = m ? await publishedPdf(archiveDir, m[1]!) : null;
    if (!bytes) return reply.code(404).type('text/plain; charset=utf-8').send(`There is no published report at ${req.url.split('?')[0]}: published reports are at /published/<sha256>.pdf, as their record links them.`);
    return reply.type('application/pdf').header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
  });
}

/** Machine-readable (JSON, CSV, feeds, downloads) rather than a page for people: decides how errors are shown and who may read it. */
function wantsJson(req: FastifyRequest): boolean {
  // Framework errors (a malformed address) come before any route is matched.
  const format = (req.routeOptions?.config as { format?: string } | undefined)?.format;
  if (format) return format !== 'html';
  const path = req.url.split('?')[0] ?? '';
  return /\.(json|csv|atom|xlsx)$/.test(path) || path.startsWith('/api/') || path.startsWith('/downloads/') || path.startsWith('/feeds/') || path === '/healthz';
}

const OTHER_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH'] as const;
const ALLOW = 'GET, HEAD, OPTIONS';

/** Integers in an address or query are written one way only (digits, no sign, spaces or leading zeros), so one resource has one address. */
function checkWholeNumbers(values: unknown, schema: unknown, where: 'params' | 'querystring', req: FastifyRequest): void {
  const props = (schema as { properties?: Record<string, { type?: string }> } | undefined)?.properties;
  if (!props || !values || typeof values !== 'object') return;
  for (const [key, raw] of Object.entries(values as Record<string, unknown>)) {
    if (props[key]?.type !== 'integer') continue;
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v !== 'string' || /^(0|[1-9][0-9]{0,9})$/.test(v)) continue;
      if (where === 'params') throw notFound(`There is no page at ${req.url.split('?')[0]}: numbers in addresses are written in digits only, as in /reports/16.`);
      throw badRequest(`The parameter "${key}" must be a whole number written in digits, such as 2, not "${v}".`);
    }
  }
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Nothing here takes a body, and no real address has a longer part.
    bodyLimit: 1024,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A request Node cannot parse (malformed, headers too large) is answered on the socket itself: with the security headers too.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, text, message] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'The request’s headers are too large.'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', 'The request took too long to arrive.'] : [400, 'Bad Request', 'The request could not be understood.'];
      const body = JSON.stringify({ statusCode: status, error: text, message });
      const headers = Object.entries({ ...SECURITY_HEADERS, ...(publicHttps ? { 'strict-transport-security': HSTS } : {}) }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\n${headers}cache-control: no-store\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      socket.destroy(err);
    },
    // A malformed address (bad percent-encoding, an over-long part) gets the same error page, headers and all, as any other bad request.
    frameworkErrors: (err, req, reply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      reply.headers(headersFor(req));
      return errorResponse(req, reply, tooLong ? 414 : 400, tooLong ? 'The address is too long: no page here has an address that long.' : 'The address is not valid: it has a malformed %-escape.');
    },
  });
  const publicHttps = /^https:/i.test(options.publicUrl ?? '');
  /** Security headers for every response; CORS on public data; HSTS over HTTPS. */
  function headersFor(req: FastifyRequest): Record<string, string> {
    return {
      ...SECURITY_HEADERS,
      ...(req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? (wantsJson(req) ? CORS_HEADERS : {}) : {}),
      ...(publicHttps || req.protocol === 'https' ? { 'strict-transport-security': HSTS } : {}),
    };
  }
  const site = new Site(options.store, { versionTtlMs: options.versionTtlMs });
  const render = createRenderer({ serviceName: SERVICE_NAME });
  const ctx: WebContext = { app, site, render, apiRateLimit: { max: options.apiRateLimit ?? 300, timeWindow: '1 minute' }, linkBase: linkBase({ publicUrl: options.publicUrl, allowedHosts: options.allowedHosts }) };

  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headersFor(req));
    // One address per page: "/reports/16/" is sent to "/reports/16" (the router would otherwise answer both).
    const [path = '', query] = req.url.split(/\?(.*)/s);
    const canonical = path.replace(/\/+$/, '') || '/';
    // Never to another site: "//host/" or "/\\host/" would be read by a browser as an address elsewhere.
    if ((req.method === 'GET' || req.method === 'HEAD') && canonical !== path && /^\/(?![/\\])[^\\]*$/.test(canonical)) {
      reply.header('cache-control', 'public, max-age=3600').redirect(`${canonical}${query !== undefined ? `?${query}` : ''}`, 301);
      return;
    }
    done();
  });
  const getRoutes: { url: string; config: { format?: 'html' | 'json' | 'csv' } }[] = [];
  const taken = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) taken.add(`${m} ${route.url}`);
    if (methods.includes('GET')) getRoutes.push({ url: route.url, config: { ...((route.config as { format?: 'html' | 'json' | 'csv' } | undefined)?.format ? { format: (route.config as { format: 'html' | 'json' | 'csv' }).format } : {}) } });
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
        { name: 'workflow', description: 'Running an inspection (signed in: bearer token from POST /api/session). Nothing of an unpublished inspection is public.' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /api/session' } } },
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
      reply.headers(err.headers);
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
      const body = JSON.stringify({ statusCode: status, error: ERROR_NAMES[status] ?? 'Error', message });
      return reply.type('application/json; charset=utf-8').header('etag', etagOf(body)).send(body);
    }
    // A burst of refusals (429) must cost next to nothing: the same error page is rendered once.
    const key = `${site.dataVersion} ${status} ${message}`;
    let page = errorPages.get(key);
    if (!page) {
      const heading = status === 404 ? 'Page not found' : status === 400 || status === 414 ? 'There is a problem with the request' : status === 405 ? 'This address cannot do that' : status === 429 ? 'Too many requests' : 'Sorry, there is a problem with the service';
      const view = site.peek();
      const body = Buffer.from(render('error.njk', pageContext(view ?? ({ lastRefreshed: null } as never), { title: heading, heading, message, status })));
      page = { body, etag: etagOf(body) };
      if (errorPages.size >= 256) errorPages.delete(errorPages.keys().next().value!);
      errorPages.set(key, page);
    }
    return reply.type('text/html; charset=utf-8').header('etag', page.etag).send(page.body);
  }
  const errorPages = new Map<string, { body: Buffer; etag: string }>();

  // Every GET gets a validator and caching rules, even the few responses not made by send().
  app.addHook('onSend', (req, reply, payload, done) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      if (!reply.hasHeader('etag')) reply.header('etag', etagOf(payload));
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
    }
    done(null, payload);
  });

  app.addHook('preValidation', async (req) => {
    checkWholeNumbers(req.params, req.routeOptions.schema?.params, 'params', req);
    // An HTML form sends its empty fields ("grade=&region="): they mean "any", not an invalid value.
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
    checkWholeNumbers(q, req.routeOptions.schema?.querystring, 'querystring', req);
  });

  await registerAssets(app, options.extraStatic);
  registerHome(ctx);
  registerNational(ctx);
  registerJourneys(ctx);
  registerTopics(ctx);
  registerAuthorities(ctx);
  registerReports(ctx);
  registerSearch(ctx, (query, filters, paging) => options.store.search(query, filters, paging));
  registerCompare(ctx);
  registerDownloads(ctx);
  registerFeeds(ctx);
  registerApi(ctx);
  registerHealth(app, ctx);
  if (options.workflow?.publication) registerPublishedPdfs(app, options.workflow.publication.archiveDir);
  if (options.workflow) await app.register(workflowPlugin, options.workflow);
  // Every address answers GET and HEAD; other methods get 405 with Allow (before any body is read), OPTIONS says what is allowed.
  for (const { url, config } of getRoutes) {
    // The workflow's forms post to the address of their page.
    const others = OTHER_METHODS.filter((m) => !taken.has(`${m} ${url}`));
    if (others.length < OTHER_METHODS.length) continue;
    app.route({
      method: [...OTHER_METHODS],
      url,
      schema: { hide: true },
      config,
      onRequest: async (req, reply) => {
        reply.header('allow', ALLOW);
        return errorResponse(req, reply, 405, `${url.includes(':') || url.includes('*') ? 'This address' : url} can only be read (GET or HEAD), not sent a ${req.method} request.`);
      },
      handler: async () => undefined,
    });
    app.route({ method: 'OPTIONS', url, schema: { hide: true }, config, handler: async (_req, reply) => reply.code(204).header('allow', ALLOW).header('access-control-allow-methods', ALLOW).header('cache-control', 'public, max-age=86400').send() });
  }
  await app.ready();
  return app;
}
