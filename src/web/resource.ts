// One resource, several representations: registers the HTML page and its
// JSON (and CSV) twins with one schema, so the OpenAPI document describes
// exactly what the routes validate.
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RecordView } from '../analysis/index.ts';
import type { Renderer } from './render.ts';
import type { CachedBody, Site } from './site.ts';

export type Format = 'html' | 'json' | 'csv';

export interface ResourceDef<D> {
  /** The page's path, e.g. "/local-authorities/:slug". */
  path: string;
  /** JSON twin path; defaults to path + ".json". */
  jsonPath?: string;
  /** CSV twin path, when the resource is a table. */
  csvPath?: string;
  summary: string;
  description?: string;
  tags?: string[];
  querystring?: Record<string, unknown>;
  params?: Record<string, unknown>;
  load(view: RecordView, req: FastifyRequest): D | Promise<D>;
  template: string;
  context(data: D, view: RecordView, req: FastifyRequest): Record<string, unknown>;
  csv?(data: D): string;
  /** JSON Schema of the JSON twin, for the OpenAPI document. */
  jsonSchema?: Record<string, unknown>;
  /** The page depends on today's date (days since, "as at today"): its cache key carries the date, so a long-running server renders it afresh each day. */
  daily?: boolean;
  /**
   * For resources whose addresses are endless in variety (search): rendered
   * results go to their own cache budget under a key that spells the same
   * request one way, the HTML page is rate limited per client like its
   * twins, and `onRequest` runs first on every representation.
   */
  variety?: {
    cacheKey(req: FastifyRequest): string;
    onRequest(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  };
}

export interface WebContext {
  app: FastifyInstance;
  site: Site;
  render: Renderer;
  /** Per-route rate limit for machine-readable representations. */
  apiRateLimit: { max: number; timeWindow: string };
  /** The base address for absolute links (see links.ts): never the raw Host header. */
  linkBase(req: FastifyRequest): string;
}

const ERROR_SCHEMA = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string', description: 'What was wrong, in words a person can act on' } },
} as const;

/** OpenAPI responses: the representation's media type, and the errors the route can give. */
export function responses(mediaType: string, errors: number[], schema?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    200: { description: 'The resource', content: { [mediaType]: { schema: schema ?? (mediaType === 'application/json' ? { type: 'object' } : { type: 'string' }) } } },
  };
  for (const code of errors) out[code] = { description: code === 404 ? 'No such resource' : 'Invalid parameters', content: { 'application/json': { schema: ERROR_SCHEMA } } };
  out[429] = { description: 'Too many requests from one address', content: { 'application/json': { schema: ERROR_SCHEMA } } };
  return out;
}

export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=60';

const COMPRESSIBLE = /^(text\/|application\/(json|atom\+xml|xml))/;

export function send(req: FastifyRequest, reply: FastifyReply, entry: CachedBody, cacheControl = PAGE_CACHE_CONTROL): FastifyReply | string | Buffer {
  const compressible = COMPRESSIBLE.test(entry.type) && entry.body.length > 1024;
  const gzip = compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  // Each representation has its own validator: the gzipped bytes are not the plain ones.
  const etag = gzip ? `${entry.etag.slice(0, -1)}-gz"` : entry.etag;
  reply.header('etag', etag).header('cache-control', cacheControl).type(entry.type);
  if (compressible) reply.header('vary', 'accept-encoding');
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();
  if (gzip) {
    // Compressed once per cached page, on the first request that accepts gzip.
    entry.gzip ??= gzipSync(entry.body, { level: 6 });
    reply.header('content-encoding', 'gzip');
    return entry.gzip;
  }
  return entry.body;
}

/**
 * A cached response's key: the path and the query as validated, sorted. A
 * query the route does not read is left out, so `?junk=1`, `?junk=2`, …
 * are one page, not a way to push the real pages out of the cache.
 */
export function cacheKey(url: string, query?: Record<string, unknown>): string {
  const path = url.split('?')[0] ?? '';
  if (!query) return path;
  return `${path} ${JSON.stringify(Object.keys(query).sort().map((k) => [k, query[k]]))}`;
}

export function pageContext(view: RecordView, extra: Record<string, unknown>): Record<string, unknown> {
  return { lastRefreshed: view.lastRefreshed, sync: view.data?.sync ?? null, ...extra };
}

export function registerResource<D>(ctx: WebContext, def: ResourceDef<D>): void {
  const { app, site, render } = ctx;
  const schema = (format: Format) => ({
    summary: format === 'html' ? `${def.summary} (web page)` : `${def.summary} (${format.toUpperCase()})`,
    ...(def.description ? { description: def.description } : {}),
    tags: format === 'html' ? ['pages'] : (def.tags ?? ['data']),
    ...(def.querystring ? { querystring: def.querystring } : {}),
    ...(def.params ? { params: def.params } : {}),
    ...(format === 'html' ? { hide: true } : { response: responses(format === 'json' ? 'application/json' : 'text/csv', def.params ? [400, 404] : [400], format === 'json' ? def.jsonSchema : undefined) }),
  });
  const handler = (format: Format) => async (req: FastifyRequest, reply: FastifyReply) => {
    const make = async (view: RecordView) => {
      const data = await def.load(view, req);
      if (format === 'json') return { body: JSON.stringify(data), type: 'application/json; charset=utf-8' };
      if (format === 'csv' && def.csv) return { body: def.csv(data), type: 'text/csv; charset=utf-8' };
      return { body: render(def.template, pageContext(view, def.context(data, view, req))), type: 'text/html; charset=utf-8' };
    };
    const entry = def.variety ? await site.cached(`${format} ${def.variety.cacheKey(req)}`, make, 'search') : await site.cached(`${format} ${cacheKey(req.url, def.querystring ? (req.query as Record<string, unknown>) : undefined)}${def.daily ? ` @${new Date().toISOString().slice(0, 10)}` : ''}`, make);
    if (format === 'csv') reply.header('content-disposition', `inline; filename="${(req.url.split('?')[0] ?? '').split('/').pop()?.replace(/[^a-z0-9._-]/gi, '') || 'data.csv'}"`);
    return send(req, reply, entry);
  };
  const onRequest = def.variety ? { onRequest: def.variety.onRequest } : {};
  app.get(def.path, { schema: schema('html'), config: { format: 'html', ...(def.variety ? { rateLimit: ctx.apiRateLimit } : {}) }, ...onRequest }, handler('html'));
  app.get(def.jsonPath ?? `${def.path}.json`, { schema: schema('json'), config: { format: 'json', rateLimit: ctx.apiRateLimit }, ...onRequest }, handler('json'));
  if (def.csvPath && def.csv) app.get(def.csvPath, { schema: schema('csv'), config: { format: 'csv', rateLimit: ctx.apiRateLimit }, ...onRequest }, handler('csv'));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which representation a route serves: decides how errors are shown. */
    format?: Format;
  }
}
