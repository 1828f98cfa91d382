// "/search?q=…": full-text search over report sections and improvement items.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FRAMEWORK_IDS, GRADES, gradeLabel, type FrameworkId, type Grade } from '../../domain/frameworks.ts';
import { mentionsOf, printedTagsOf, type RecordView } from '../../analysis/index.ts';
import { NATIONAL_FRAMEWORK_CODES, nationalFrameworkLabel } from '../../domain/topics.ts';
import { SearchBusyError, type RecordReader, type SearchPage } from '../../store/index.ts';
import { badRequest, HttpError } from '../errors.ts';
import { registerSearchExport } from './search-export.ts';
import { mentionChart } from '../charts.ts';
import { frameworkName, pdfAt, safeUrl } from '../format.ts';
import { searchSchema } from '../schemas.ts';
import { cacheKey, registerResource, type WebContext } from '../resource.ts';

export const PAGE_SIZE = 20;
/** Searches one client address may have running at once (pages, JSON and CSV together); more get 429 at once. */
export const SEARCHES_AT_ONCE = 4;

export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200, description: 'Words to find; "quoted phrases" and -excluded words work' },
    framework: { type: 'string', enum: FRAMEWORK_IDS, description: 'Only reports under this framework' },
    yearFrom: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Inspections starting in or after this year' },
    yearTo: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Inspections starting in or before this year' },
    grade: { type: 'string', enum: GRADES, description: 'The report’s headline grade' },
    region: { type: 'string', maxLength: 100, description: 'Region name, e.g. "London"' },
    authority: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,80}$', description: 'Authority slug, e.g. "southend-on-sea"' },
    kind: { type: 'string', enum: ['section', 'improvement'], description: 'Only report text ("section") or only improvement items' },
    nf: { type: 'string', enum: NATIONAL_FRAMEWORK_CODES, description: 'Only improvement items tagged with this National Framework code, e.g. "outcome-4" (every printed form of the tag counts)' },
    group: { type: 'string', enum: ['report', 'passage'], default: 'report', description: 'One row per report (its best passage, with how many matched: the default, for counting) or one per passage' },
    page: { type: 'integer', minimum: 1, maximum: 500, default: 1 },
  },
} as const;

export interface SearchQuery {
  q?: string;
  framework?: FrameworkId;
  yearFrom?: number;
  yearTo?: number;
  grade?: Grade;
  region?: string;
  authority?: string;
  kind?: 'section' | 'improvement';
  nf?: string;
  group: 'report' | 'passage';
  page: number;
}

export type SearchFn = RecordReader['search'];

/** The search's filters as the store takes them, checked against the record (unknown region or authority: 400). */
function searchFilters(view: RecordView, q: SearchQuery) {
  if (q.yearFrom && q.yearTo && q.yearFrom > q.yearTo) throw badRequest(`The year range is back to front: from ${q.yearFrom} to ${q.yearTo}.`);
  const regions = [...new Set(view.authorities.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  const region = q.region ? regions.find((r) => r.toLowerCase() === q.region?.toLowerCase()) : undefined;
  if (q.region && !region) throw badRequest(`There is no region called "${q.region}". Regions: ${regions.join(', ')}.`);
  const authority = q.authority ? view.bySlug.get(q.authority) : undefined;
  if (q.authority && !authority) throw badRequest(`There is no local authority with the address "${q.authority}".`);
  // Control characters mean nothing in a search, and PostgreSQL refuses NUL in text.
  // eslint-disable-next-line no-control-regex
  const text = (q.q ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const filters = {
    ...(q.framework ? { framework: q.framework } : {}),
    ...(q.yearFrom ? { yearFrom: q.yearFrom } : {}),
    ...(q.yearTo ? { yearTo: q.yearTo } : {}),
    ...(q.grade ? { grade: q.grade } : {}),
    ...(region ? { region } : {}),
    ...(authority ? { authority: authority.authority.slug } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.nf ? { improvementTags: printedTagsOf(view, q.nf) } : {}),
  };
  return { text, filters, regions, region, authority };
}

/** What a download of every row needs: the words, the filters, the grouping. */
export function exportRequest(view: RecordView, q: SearchQuery) {
  const { text, filters } = searchFilters(view, q);
  return { text, filters, groupBy: q.group ?? 'report' };
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SearchBusyError) throw new HttpError(503, err.userMessage, { 'retry-after': String(err.retryAfterSeconds) });
    throw err;
  }
}

async function runSearch(view: RecordView, search: SearchFn, q: SearchQuery) {
  const { text, filters, regions, region, authority } = searchFilters(view, q);
  const groupBy = q.group ?? 'report';
  let page: SearchPage = { query: '', total: 0, groupBy, passageTotal: 0, reportMatches: [], page: q.page, pageSize: PAGE_SIZE, results: [] };
  if (text) page = await guarded(() => search(text, filters, { page: q.page, pageSize: PAGE_SIZE, groupBy }));
  const mentions = text ? mentionsOf(view, page.reportMatches.map((m) => m.reportId), { framework: q.framework, region, authority: authority?.authority.slug, grade: q.grade, yearFrom: q.yearFrom, yearTo: q.yearTo }) : null;
  return {
    query: text,
    filters: { framework: q.framework ?? null, yearFrom: q.yearFrom ?? null, yearTo: q.yearTo ?? null, grade: q.grade ?? null, region: region ?? null, authority: authority?.authority.slug ?? null, kind: q.kind ?? null, nf: q.nf ?? null },
    groupBy,
    /** Rows in the grouping: reports (and other publications) when grouped by report, else passages. */
    total: page.total,
    passageTotal: page.passageTotal,
    reportsMentioning: page.reportMatches.length,
    page: page.page,
    pageSize: page.pageSize,
    pages: Math.ceil(page.total / page.pageSize),
    mentions,
    results: page.results.map((h) => ({
      kind: h.kind,
      heading: h.heading,
      page: h.page,
      passages: h.passages,
      snippet: h.snippet,
      report: h.report ? { ...h.report, url: `/reports/${h.report.id}`, frameworkName: frameworkName(h.report.framework), sourceUrl: safeUrl(h.report.sourceUrl), pdfUrl: pdfAt(h.report.sourceUrl, h.page) } : null,
      authority: h.authority ? { ...h.authority, url: `/local-authorities/${h.authority.slug}` } : null,
    })),
    regions,
    dataLastRefreshed: view.lastRefreshed,
  };
}

function pageHref(req: FastifyRequest, page: number): string {
  const params = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  params.set('page', String(page));
  return `/search?${params.toString()}`;
}

/** The search as validated (defaults filled, empty fields dropped, words' spacing evened), spelled one way: the same search by any spelling of its address is one cache entry. */
function canonicalQuery(req: FastifyRequest): string {
  const q = req.query as Record<string, unknown>;
  return cacheKey(req.url, { ...q, ...(typeof q.q === 'string' ? { q: q.q.trim().replace(/\s+/g, ' ') } : {}) });
}

/** At most SEARCHES_AT_ONCE searches in flight per client address: one client's burst cannot take every search worker. */
function perClientGuard(): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const inFlight = new Map<string, number>();
  return async (req, reply) => {
    const n = inFlight.get(req.ip) ?? 0;
    if (n >= SEARCHES_AT_ONCE) throw new HttpError(429, `Too many searches at once: at most ${SEARCHES_AT_ONCE} at a time from one address. Wait for one to finish.`, { 'retry-after': '1' });
    inFlight.set(req.ip, n + 1);
    reply.raw.once('close', () => {
      const left = (inFlight.get(req.ip) ?? 1) - 1;
      if (left > 0) inFlight.set(req.ip, left);
      else inFlight.delete(req.ip);
    });
  };
}

export function registerSearch(ctx: WebContext, search: SearchFn): void {
  const guard = perClientGuard();
  const busy: SearchFn = (...args) => guarded(() => search(...args));
  registerSearchExport(ctx, busy, guard);
  registerResource(ctx, {
    variety: { cacheKey: canonicalQuery, onRequest: guard },
    path: '/search',
    jsonSchema: searchSchema,
    summary: 'Full-text search over every report’s text and improvement items',
    querystring: searchQuery,
    load: (view, req) => runSearch(view, search, req.query as SearchQuery),
    template: 'search.njk',
    context(data, view, req) {
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const pagination = data.pages > 1
        ? {
            previous: data.page > 1 ? { href: pageHref(req, data.page - 1) } : undefined,
            next: data.page < data.pages ? { href: pageHref(req, data.page + 1) } : undefined,
            items: Array.from({ length: data.pages }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === data.pages || Math.abs(n - data.page) <= 2)
              .flatMap((n, i, arr) => [...(i > 0 && n - (arr[i - 1] ?? n) > 1 ? [{ ellipsis: true }] : []), { number: n, href: pageHref(req, n), current: n === data.page }]),
          }
        : null;
      const exportQs = qs.replace(/([?&])page=\d+&?/, '$1').replace(/[?&]$/, '');
      return {
        title: data.query ? `Search: ${data.query}` : 'Search reports',
        mentionSvg: data.mentions && data.mentions.byYear.length ? mentionChart(data.mentions.byYear, `Share of each year’s reports mentioning “${data.query}”`, 'mentions').svg : null,
        frameworkNames: Object.fromEntries(FRAMEWORK_IDS.map((f) => [f, frameworkName(f)])),
        groupHref: (group: string) => {
          const params = new URLSearchParams(qs.slice(1));
          params.set('group', group);
          params.delete('page');
          return `/search?${params.toString()}`;
        },
        xlsxHref: `/search.xlsx${exportQs}`,
        nav: 'search',
        data,
        pagination,
        frameworks: FRAMEWORK_IDS.map((f) => ({ value: f, text: frameworkName(f), selected: data.filters.framework === f })),
        grades: GRADES.map((g) => ({ value: g, text: gradeLabel(g), selected: data.filters.grade === g })),
        nfOptions: [{ value: '', text: 'Any or none' }, ...NATIONAL_FRAMEWORK_CODES.map((c) => ({ value: c, text: nationalFrameworkLabel(c), selected: data.filters.nf === c }))],
        authorities: view.authorities.map((v) => ({ value: v.authority.slug, text: v.authority.name, selected: data.filters.authority === v.authority.slug })),
        jsonHref: `/search.json${qs}`,
        csvHref: `/search.csv${exportQs}`,
        alternates: [{ type: 'application/json', href: `/search.json${qs}`, title: 'These results as JSON' }],
      };
    },
  });
}
