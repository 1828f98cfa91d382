// Atom feeds of new reports: all of them, per region and per authority, each
// entry carrying the report's plain-English summary; "/feeds" lists them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { summaryFor, type RecordView, type Summary } from '../../analysis/index.ts';
import type { RecordReader } from '../../store/index.ts';
import type { ReportRow } from '../../store/read/index.ts';
import { gradeLabel, judgementLabel } from '../../domain/frameworks.ts';
import { notFound } from '../errors.ts';
import { formatDateRange, frameworkName, headlineName, safeUrl } from '../format.ts';
import { escapeXml } from '../svg.ts';
import { registerResource, responses, send, type WebContext } from '../resource.ts';
import { slugParams } from './authorities.ts';

const FEED_SIZE = 50;

function published(r: ReportRow): string {
  const d = r.listingDate ?? r.inspectionEnd ?? r.createdAt;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : new Date(d).toISOString();
}

/** The newest reports of a feed, newest first. */
export function feedItems(reports: ReportRow[]): ReportRow[] {
  return [...reports].sort((a, b) => published(b).localeCompare(published(a)) || b.id - a.id).slice(0, FEED_SIZE);
}

/** Each feed entry's summary (the quotation needs the report's text by section). */
export async function feedSummaries(record: RecordReader, view: RecordView, reports: ReportRow[]): Promise<Map<number, Summary>> {
  const out = new Map<number, Summary>();
  for (const r of feedItems(reports)) out.set(r.id, summaryFor(view, r, await record.reportSections(r.id)));
  return out;
}

/** A region's address key: "Yorkshire and the Humber" → "yorkshire-and-the-humber". */
export function regionSlug(region: string): string {
  return region.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function atom(view: RecordView, reports: ReportRow[], opts: { id: string; title: string; self: string; alternate: string; base: string; summaries?: Map<number, Summary> }): string {
  const items = feedItems(reports);
  const updated = items[0] ? items.map((r) => (r.updatedAt > published(r) ? r.updatedAt : published(r))).sort().at(-1) : (view.lastRefreshed ?? '1970-01-01T00:00:00Z');
  const entries = items.map((r) => {
    const a = r.authorityUrn ? view.byUrn.get(r.authorityUrn)?.authority : undefined;
    const name = a?.name ?? r.printedName;
    const grades = r.judgements.map((j) => `${judgementLabel(j.key, r.framework)}: ${gradeLabel(j.grade, r.framework)}`);
    const story = opts.summaries?.get(r.id);
    const summary = story ? story.headline : `${frameworkName(r.framework)}, on site ${formatDateRange(r.inspectionStart, r.inspectionEnd)}.${r.headlineGrade ? ` ${headlineName(r.framework)}: ${gradeLabel(r.headlineGrade, r.framework)}.` : ''}`;
    const content = story ? story.text : [summary, ...grades].join('\n');
    return (
      `<entry><id>${escapeXml(`${opts.base}/reports/${r.id}`)}</id>` +
      `<title>${escapeXml(`${name}: ${frameworkName(r.framework)}`)}</title>` +
      `<link rel="alternate" type="text/html" href="${escapeXml(`${opts.base}/reports/${r.id}`)}"/>` +
      (safeUrl(r.sourceUrl) ? `<link rel="related" type="application/pdf" href="${escapeXml(r.sourceUrl ?? '')}"/>` : '') +
      `<published>${published(r)}</published><updated>${r.updatedAt > published(r) ? r.updatedAt : published(r)}</updated>` +
      `<summary type="text">${escapeXml(summary)}</summary>` +
      `<content type="text">${escapeXml(content)}</content>` +
      `</entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>${escapeXml(opts.id)}</id><title>${escapeXml(opts.title)}</title><updated>${updated}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(opts.self)}"/><link rel="alternate" type="text/html" href="${escapeXml(opts.alternate)}"/>` +
    `<author><name>ilacs (independent of Ofsted)</name></author>` +
    `<rights>Contains public sector information licensed under the Open Government Licence v3.0.</rights>` +
    entries.join('') +
    `</feed>\n`
  );
}

export const regionParams = {
  type: 'object',
  required: ['region'],
  properties: { region: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,80}$', description: 'The region’s address key, e.g. "north-west" (see /feeds)' } },
} as const;

/** Every feed: all new reports, each region's, each current authority's. */
export function feedList(view: RecordView) {
  const regions = [...new Set(view.current.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  return {
    all: { title: 'All new reports', url: '/feeds/reports.atom' },
    regions: regions.map((name) => ({ name, slug: regionSlug(name), url: `/feeds/regions/${regionSlug(name)}.atom`, authorities: view.current.filter((v) => v.authority.region === name).length })),
    authorities: view.current.map((v) => ({ name: v.authority.name, slug: v.authority.slug, region: v.authority.region, url: `/local-authorities/${v.authority.slug}/reports.atom` })),
  };
}

export function registerFeeds(ctx: WebContext): void {
  const { app, site } = ctx;
  const type = 'application/atom+xml; charset=utf-8';
  const feed = async (view: RecordView, reports: ReportRow[], opts: { id: string; title: string; self: string; alternate: string; base: string }) => ({
    body: atom(view, reports, { ...opts, summaries: await feedSummaries(site.record, view, reports) }),
    type,
  });
  app.get('/feeds/reports.atom', { schema: { summary: 'New inspection reports, newest first, each with its plain-English summary (Atom)', tags: ['feeds'], response: responses('application/atom+xml', []) }, config: { rateLimit: ctx.apiRateLimit } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const base = ctx.linkBase(req);
    const entry = await site.cached(`atom ${base}`, (view) =>
      feed(view, view.data.reports, { id: `${base}/feeds/reports.atom`, title: 'New Ofsted children’s services inspection reports', self: `${base}/feeds/reports.atom`, alternate: `${base}/`, base }),
    );
    return send(req, reply, entry, 'public, max-age=300');
  });
  app.get('/feeds/regions/:region.atom', { schema: { summary: 'New inspection reports on the authorities of one region, each with its summary (Atom)', tags: ['feeds'], params: regionParams, response: responses('application/atom+xml', [400, 404]) }, config: { rateLimit: ctx.apiRateLimit } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const base = ctx.linkBase(req);
    const { region } = req.params as { region: string };
    const entry = await site.cached(`atom ${base} region ${region}`, (view) => {
      const r = feedList(view).regions.find((x) => x.slug === region);
      if (!r) throw notFound(`There is no region with the address "${region}". Regions: ${feedList(view).regions.map((x) => x.slug).join(', ')}.`);
      const urns = new Set(view.authorities.filter((v) => v.authority.region === r.name && v.authority.urn).map((v) => v.authority.urn));
      const url = `${base}/feeds/regions/${region}.atom`;
      return feed(view, view.data.reports.filter((x) => x.authorityUrn !== null && urns.has(x.authorityUrn)), { id: url, title: `Ofsted children’s services inspection reports: ${r.name}`, self: url, alternate: `${base}/local-authorities?region=${encodeURIComponent(r.name)}`, base });
    });
    return send(req, reply, entry, 'public, max-age=300');
  });
  app.get('/local-authorities/:slug/reports.atom', { schema: { summary: 'New inspection reports on one authority, each with its summary (Atom)', tags: ['feeds'], params: slugParams, response: responses('application/atom+xml', [400, 404]) }, config: { rateLimit: ctx.apiRateLimit } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const base = ctx.linkBase(req);
    const { slug } = req.params as { slug: string };
    const entry = await site.cached(`atom ${base} ${slug}`, (view) => {
      const v = view.bySlug.get(slug);
      if (!v) throw notFound(`There is no local authority with the address "${slug}".`);
      const url = `${base}/local-authorities/${slug}`;
      return feed(view, v.reports, { id: `${url}/reports.atom`, title: `Ofsted inspection reports: ${v.authority.name}`, self: `${url}/reports.atom`, alternate: url, base });
    });
    return send(req, reply, entry, 'public, max-age=300');
  });
  registerResource(ctx, {
    path: '/feeds',
    summary: 'Every Atom feed: all new reports, each region’s and each authority’s',
    jsonSchema: {
      type: 'object',
      properties: {
        all: { type: 'object', properties: { title: { type: 'string' }, url: { type: 'string' } } },
        regions: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, slug: { type: 'string' }, url: { type: 'string' }, authorities: { type: 'integer' } } } },
        authorities: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, slug: { type: 'string' }, region: { type: ['string', 'null'] }, url: { type: 'string' } } } },
      },
    },
    load: (view) => feedList(view),
    template: 'feeds.njk',
    context: (data) => ({ title: 'Feeds: get new reports as they are published', nav: 'feeds', data, alternates: [{ type: 'application/json', href: '/feeds.json', title: 'The feeds as JSON' }] }),
  });
}
