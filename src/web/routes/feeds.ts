// Atom feeds of new reports: national and per authority.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RecordView } from '../../analysis/index.ts';
import type { ReportRow } from '../../store/read/index.ts';
import { gradeLabel, judgementLabel } from '../../domain/frameworks.ts';
import { notFound } from '../errors.ts';
import { formatDateRange, frameworkName, headlineName, safeUrl } from '../format.ts';
import { escapeXml } from '../svg.ts';
import { responses, send, type WebContext } from '../resource.ts';
import { slugParams } from './authorities.ts';

const FEED_SIZE = 50;

function published(r: ReportRow): string {
  const d = r.listingDate ?? r.inspectionEnd ?? r.createdAt;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : new Date(d).toISOString();
}

export function atom(view: RecordView, reports: ReportRow[], opts: { id: string; title: string; self: string; alternate: string; base: string }): string {
  const items = [...reports].sort((a, b) => published(b).localeCompare(published(a)) || b.id - a.id).slice(0, FEED_SIZE);
  const updated = items[0] ? items.map((r) => (r.updatedAt > published(r) ? r.updatedAt : published(r))).sort().at(-1) : (view.lastRefreshed ?? '1970-01-01T00:00:00Z');
  const entries = items.map((r) => {
    const a = r.authorityUrn ? view.byUrn.get(r.authorityUrn)?.authority : undefined;
    const name = a?.name ?? r.printedName;
    const grades = r.judgements.map((j) => `${judgementLabel(j.key, r.framework)}: ${gradeLabel(j.grade, r.framework)}`);
    const summary = `${frameworkName(r.framework)}, on site ${formatDateRange(r.inspectionStart, r.inspectionEnd)}.${r.headlineGrade ? ` ${headlineName(r.framework)}: ${gradeLabel(r.headlineGrade, r.framework)}.` : ''}`;
    return (
      `<entry><id>${escapeXml(`${opts.base}/reports/${r.id}`)}</id>` +
      `<title>${escapeXml(`${name}: ${frameworkName(r.framework)}`)}</title>` +
      `<link rel="alternate" type="text/html" href="${escapeXml(`${opts.base}/reports/${r.id}`)}"/>` +
      (safeUrl(r.sourceUrl) ? `<link rel="related" type="application/pdf" href="${escapeXml(r.sourceUrl ?? '')}"/>` : '') +
      `<published>${published(r)}</published><updated>${r.updatedAt > published(r) ? r.updatedAt : published(r)}</updated>` +
      `<summary type="text">${escapeXml(summary)}</summary>` +
      `<content type="text">${escapeXml([summary, ...grades].join('\n'))}</content>` +
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

export function registerFeeds(ctx: WebContext): void {
  const { app, site } = ctx;
  const type = 'application/atom+xml; charset=utf-8';
  app.get('/feeds/reports.atom', { schema: { summary: 'New inspection reports, newest first (Atom)', tags: ['feeds'], response: responses('application/atom+xml', []) }, config: { rateLimit: ctx.apiRateLimit } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const base = ctx.linkBase(req);
    const entry = await site.cached(`atom ${base}`, (view) => ({
      body: atom(view, view.data.reports, { id: `${base}/feeds/reports.atom`, title: 'New Ofsted children’s services inspection reports', self: `${base}/feeds/reports.atom`, alternate: `${base}/`, base }),
      type,
    }));
    return send(req, reply, entry, 'public, max-age=300');
  });
  app.get('/local-authorities/:slug/reports.atom', { schema: { summary: 'New inspection reports on one authority (Atom)', tags: ['feeds'], params: slugParams, response: responses('application/atom+xml', [400, 404]) }, config: { rateLimit: ctx.apiRateLimit } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const base = ctx.linkBase(req);
    const { slug } = req.params as { slug: string };
    const entry = await site.cached(`atom ${base} ${slug}`, (view) => {
      const v = view.bySlug.get(slug);
      if (!v) throw notFound(`There is no local authority with the address "${slug}".`);
      const url = `${base}/local-authorities/${slug}`;
      return { body: atom(view, v.reports, { id: `${url}/reports.atom`, title: `Ofsted inspection reports: ${v.authority.name}`, self: `${url}/reports.atom`, alternate: url, base }), type };
    });
    return send(req, reply, entry, 'public, max-age=300');
  });
}
