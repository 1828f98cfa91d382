// "/local-authorities" (filterable, sortable) and "/local-authorities/<slug>".
import type { FastifyRequest } from 'fastify';
import { GRADES, FRAMEWORKS, areaLabel, currentAreas, gradeLabel, keysForArea, type FrameworkId, type Grade, type JudgementKey } from '../../domain/frameworks.ts';
import type { AuthorityView, RecordView } from '../../analysis/index.ts';
import { daysFrom, findAuthority, isFullInspection, nearestAuthorities } from '../../analysis/index.ts';
import { journeyChart } from '../charts.ts';
import { toCsv } from '../csv.ts';
import { badRequest, notFound, type HttpError } from '../errors.ts';
import { authorityOut, backtestOf, backtestOut, forecastOut, forecastsToday, latestOut, reportSummary } from '../model.ts';
import { authorityDetailSchema, authorityListSchema } from '../schemas.ts';
import { registerResource, type WebContext } from '../resource.ts';
import { authorityTypeLabel, frameworkName } from '../format.ts';
import { regionSlug } from './feeds.ts';

const GRADE_FILTERS = [...GRADES, 'none'] as const;
const SORTS = ['name', 'region', 'type', 'date', 'grade', 'days', 'next'] as const;
const GRADE_RANK: Record<Grade | 'none', number> = { outstanding: 0, good: 1, requires_improvement: 2, adequate: 2, inadequate: 3, not_judged: 4, none: 5 };

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    region: { type: 'string', maxLength: 100, description: 'Region name, e.g. "London"' },
    grade: { type: 'string', enum: GRADE_FILTERS, description: 'Headline grade of the latest full inspection ("none": not yet inspected)' },
    type: { type: 'string', maxLength: 100, description: 'Authority type: county, unitary, metropolitan_borough or london_borough' },
    sort: { type: 'string', enum: SORTS, default: 'name', description: '"since": days since the last full inspection; "next": the forecast start of the next' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
  },
} as const;

export const slugParams = {
  type: 'object',
  required: ['slug'],
  properties: { slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,80}$', description: 'The authority’s slug, e.g. "southend-on-sea"' } },
} as const;

interface ListQuery {
  region?: string;
  grade?: Grade | 'none';
  type?: string;
  sort: (typeof SORTS)[number];
  order: 'asc' | 'desc';
}

/** A latest-judgement column: one of today's areas, and the older frameworks' judgements that count as it. */
export interface LatestColumn {
  key: JudgementKey;
  label: string;
  alsoFrom: JudgementKey[];
}

/** The latest judgement columns shown for every authority, across frameworks: today's areas, from the frameworks table. */
export function latestColumns(): LatestColumn[] {
  return currentAreas().map((key) => ({ key, label: areaLabel(key), alsoFrom: keysForArea(key).slice(1) }));
}

export function judgementOf(l: { judgements: readonly { key: string; grade: Grade }[] } | null | undefined, col: LatestColumn): Grade | null {
  if (!l) return null;
  for (const k of [col.key, ...col.alsoFrom]) {
    const j = l.judgements.find((x) => x.key === k);
    if (j) return j.grade;
  }
  return null;
}

function options(view: RecordView) {
  const regions = [...new Set(view.current.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  const types = [...new Set(view.current.map((v) => v.authority.type).filter((r): r is string => Boolean(r)))].sort();
  return { regions, types };
}

function listAuthorities(view: RecordView, q: ListQuery) {
  const { regions, types } = options(view);
  const region = q.region ? regions.find((r) => r.toLowerCase() === q.region?.toLowerCase()) : undefined;
  if (q.region && !region) throw badRequest(`There is no region called "${q.region}". Regions: ${regions.join(', ')}.`);
  const wanted = q.type?.toLowerCase();
  const type = wanted ? types.find((r) => r.toLowerCase() === wanted || authorityTypeLabel(r).toLowerCase() === wanted) : undefined;
  if (q.type && !type) throw badRequest(`There is no authority type called "${q.type}". Types: ${types.join(', ')}.`);
  const today = new Date().toISOString().slice(0, 10);
  const daysSince = (v: AuthorityView): number | null => daysFrom(v.latest?.inspectionEnd ?? v.latest?.inspectionStart ?? null, today);
  const forecasts = forecastsToday(view);
  const fc = new Map(view.current.map((v) => [v.authority.slug, forecastOut(forecasts, v.authority.slug)]));
  let list = view.current.filter((v) => (!region || v.authority.region === region) && (!type || v.authority.type === type) && (!q.grade || (v.latest?.headlineGrade ?? 'none') === q.grade));
  const key = (v: AuthorityView): string | number => {
    switch (q.sort) {
      case 'region':
        return `${v.authority.region ?? ''}|${v.authority.name}`;
      case 'type':
        return `${v.authority.type ?? ''}|${v.authority.name}`;
      case 'date':
        return v.latest?.inspectionEnd ?? v.latest?.inspectionStart ?? '';
      case 'grade':
        return GRADE_RANK[v.latest?.headlineGrade ?? 'none'];
      case 'days':
        // Never inspected sorts as the longest wait.
        return daysSince(v) ?? Number.MAX_SAFE_INTEGER;
      case 'next':
        return fc.get(v.authority.slug)?.expectedStart ?? '9999';
      default:
        return v.authority.name;
    }
  };
  list = [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return (q.order === 'desc' ? -c : c) || a.authority.name.localeCompare(b.authority.name);
  });
  return {
    filters: { region: region ?? null, grade: q.grade ?? null, type: type ?? null, sort: q.sort, order: q.order },
    count: list.length,
    authorities: list.map((v) => ({ ...latestOut(view, v), daysSinceLatest: daysSince(v), forecast: fc.get(v.authority.slug) ?? null })),
    regions,
    types,
    dataLastRefreshed: view.lastRefreshed,
  };
}

type ListData = ReturnType<typeof listAuthorities>;

/** A grade code's label for CSV ("requires_improvement" → "Requires improvement to be good"); empty when there is none. */
const label = (g: Grade | null | undefined, framework?: string | null): string | null => (g ? gradeLabel(g, (framework ?? undefined) as FrameworkId | undefined) : null);

function latestCsv(data: ListData): string {
  const columns = latestColumns();
  // Every code has its label in the next column: the same vocabulary as every other CSV.
  const header = [
    'urn', 'la_code', 'slug', 'name', 'region', 'type', 'type_label', 'latest_report_id', 'latest_framework', 'latest_framework_name', 'latest_inspection_start', 'latest_inspection_end',
    'latest_headline_grade', 'latest_headline_grade_label', ...columns.flatMap((c) => [c.key, `${c.key}_label`]),
    'previous_framework', 'previous_framework_name', 'previous_inspection_end', 'previous_headline_grade', 'previous_headline_grade_label',
    'days_since_latest_inspection', 'next_expected_start', 'next_window_from', 'next_window_to', 'report_url',
  ];
  return toCsv(
    header,
    data.authorities.map((a) => [
      a.authority.urn,
      a.authority.laCode,
      a.authority.slug,
      a.authority.name,
      a.authority.region,
      a.authority.type,
      a.authority.type ? authorityTypeLabel(a.authority.type) : null,
      a.latest?.id,
      a.latest?.framework,
      a.latest?.frameworkName,
      a.latest?.inspectionStart,
      a.latest?.inspectionEnd,
      a.latest?.headline.grade,
      label(a.latest?.headline.grade, a.latest?.framework),
      ...columns.flatMap((c) => {
        const g = judgementOf(a.latest, c);
        return [g, label(g, a.latest?.framework)];
      }),
      a.previous?.framework,
      a.previous ? frameworkName(a.previous.framework as FrameworkId) : null,
      a.previous?.inspectionEnd,
      a.previous?.headlineGrade,
      label(a.previous?.headlineGrade, a.previous?.framework),
      a.daysSinceLatest,
      a.forecast?.expectedStart,
      a.forecast?.window?.from,
      a.forecast?.window?.to,
      a.latest?.sourceUrl,
    ]),
  );
}

function sortLinks(q: ListQuery, data: ListData) {
  return SORTS.map((s) => {
    const params = new URLSearchParams();
    if (data.filters.region) params.set('region', data.filters.region);
    if (data.filters.grade) params.set('grade', data.filters.grade);
    if (data.filters.type) params.set('type', data.filters.type);
    params.set('sort', s);
    const active = q.sort === s;
    params.set('order', active && q.order === 'asc' ? 'desc' : 'asc');
    return { sort: s, href: `/local-authorities?${params.toString()}`, active, order: active ? q.order : null };
  });
}

/** "There is no local authority called …": with the nearest names, so a mistyped name leads somewhere. */
export function unknownAuthority(view: RecordView, typed: string): HttpError {
  const near = nearestAuthorities(view, typed);
  const hint = near.length ? ` Did you mean ${near.map((a) => `${a.name} (/local-authorities/${a.slug})`).join(', or ')}?` : ' The list of every authority is at /local-authorities.';
  return notFound(`There is no local authority called "${typed.slice(0, 100)}".${hint}`);
}

/**
 * Any case or spelling of a council's address or name ("/local-authorities/Southend-on-Sea",
 * "/local-authorities/southend%20on%20sea") is redirected to its one address; an
 * address that names no council gets a 404 naming the nearest ones.
 */
function canonicalAddresses(ctx: WebContext): void {
  ctx.app.addHook('onRequest', async (req, reply) => {
    const [path, query] = [req.url.split('?')[0] ?? '', req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''];
    const m = /^\/local-authorities\/([^/]+?)(\.json|\.csv)?(\/[^/]*)?$/.exec(path);
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return;
    let segment: string;
    try {
      segment = decodeURIComponent(m[1] ?? '');
    } catch {
      return;
    }
    const view = await ctx.site.current();
    if (view.bySlug.has(segment)) return;
    const found = findAuthority(view, segment);
    if (found) return reply.redirect(`/local-authorities/${found.slug}${m[2] ?? ''}${m[3] ?? ''}${query}`, 301);
    throw unknownAuthority(view, segment);
  });
  // The name box's form (without JavaScript, a select or typed name): straight to the council's page.
  ctx.app.get('/find', { schema: { hide: true, querystring: { type: 'object', properties: { name: { type: 'string', maxLength: 200 } } } }, config: { format: 'html' } }, async (req, reply) => {
    const name = ((req.query as { name?: string }).name ?? '').trim();
    if (!name) return reply.redirect('/local-authorities', 302);
    const view = await ctx.site.current();
    const found = view.bySlug.get(name)?.authority ?? findAuthority(view, name);
    if (found) return reply.redirect(`/local-authorities/${found.slug}`, 302);
    throw unknownAuthority(view, name);
  });
}

export function registerAuthorities(ctx: WebContext): void {
  canonicalAddresses(ctx);
  registerResource(ctx, {
    path: '/local-authorities',
    csvPath: '/local-authorities.csv',
    daily: true,
    jsonSchema: authorityListSchema,
    summary: 'Every local authority with its latest judgements, filterable and sortable',
    querystring: listQuery,
    load: (view, req: FastifyRequest) => listAuthorities(view, req.query as ListQuery),
    csv: latestCsv,
    template: 'authorities.njk',
    context(data, view, req) {
      const q = req.query as ListQuery;
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return {
        title: 'Local authorities',
        nav: 'authorities',
        councilOptions: view.authorities.map((v) => ({ slug: v.authority.slug, name: v.authority.name })),
        data,
        columns: latestColumns(),
        rows: data.authorities.map((a) => ({ a, grades: latestColumns().map((c) => judgementOf(a.latest, c)) })),
        typeOptions: data.types.map((t) => ({ value: t, text: authorityTypeLabel(t), selected: data.filters.type === t })),
        gradeOptions: GRADE_FILTERS.filter((g) => g !== 'adequate').map((g) => ({ value: g, text: g === 'none' ? 'No full inspection in the record' : gradeLabel(g), selected: q.grade === g })),
        sortLinks: sortLinks(q, data),
        jsonHref: `/local-authorities.json${qs}`,
        csvHref: `/local-authorities.csv${qs}`,
        alternates: [{ type: 'application/json', href: `/local-authorities.json${qs}`, title: 'This list as JSON' }],
      };
    },
  });

  registerResource(ctx, {
    path: '/local-authorities/:slug',
    csvPath: '/local-authorities/:slug.csv',
    jsonSchema: authorityDetailSchema,
    daily: true,
    csv: (data: ReturnType<typeof authorityOut>) =>
      toCsv(
        ['report_id', 'council_inspected', 'inherited', 'framework', 'framework_name', 'inspection_start', 'inspection_end', 'published', 'judgement', 'judgement_label', 'grade', 'grade_label', 'page', 'source_text', 'pdf_url'],
        [...data.reports.map((r) => ({ r, inherited: false })), ...data.predecessors.flatMap((p) => p.reports.map((r) => ({ r, inherited: true })))].flatMap(({ r, inherited }) =>
          r.judgements.map((j) => [r.id, r.authority?.name ?? r.printedName, inherited ? 'yes' : 'no', r.framework, r.frameworkName, r.inspectionStart, r.inspectionEnd, r.listingDate, j.key, j.label, j.grade, j.gradeLabel, j.page, j.sourceText, j.pdfUrl]),
        ),
      ),
    summary: 'One authority: every inspection under every framework, its predecessors’ history, improvement items and statistical neighbours',
    params: slugParams,
    async load(view, req) {
      const { slug } = req.params as { slug: string };
      const v = view.bySlug.get(slug);
      if (!v) throw unknownAuthority(view, slug);
      const out = authorityOut(view, v);
      if (out.latest && v.latest) out.latest.summary = await reportSummary(ctx.site.record, view, v.latest);
      return { ...out, forecast: v.authority.isCurrent ? forecastOut(forecastsToday(view), slug) : null, forecastBacktest: backtestOut(backtestOf(view)) };
    },
    template: 'authority.njk',
    context(data, view) {
      const v = view.bySlug.get(data.authority.slug);
      const own = (v?.reports ?? []).filter(isFullInspection);
      const inherited = (v?.predecessors ?? []).flatMap((p) => p.reports.filter(isFullInspection).map((r) => ({ r, name: p.authority.name })));
      const points = [...own.map((r) => ({ r, name: data.authority.name })), ...inherited].filter((x) => x.r.headlineGrade && x.r.inspectionEnd && x.r.headlineGrade !== 'not_judged');
      const series = [...new Set(points.map((p) => p.name))].map((name) => ({
        name,
        points: points.filter((p) => p.name === name).map((p) => ({ date: p.r.inspectionEnd ?? '', grade: p.r.headlineGrade as Grade })),
      }));
      return {
        title: data.authority.name,
        nav: 'authorities',
        data,
        columns: latestColumns(),
        neighbourRows: data.neighbours.map((n) => ({ n, grades: latestColumns().map((c) => judgementOf(n.latest, c)) })),
        journeySvg: points.length ? journeyChart(series, 'journey').svg : null,
        predecessorPoints: inherited.length > 0,
        directionLabels: { improved: 'Improved', held: 'Held', declined: 'Declined' },
        frameworks: FRAMEWORKS,
        regionFeed: data.authority.region ? `/feeds/regions/${regionSlug(data.authority.region)}.atom` : null,
        breadcrumbs: [{ text: 'Local authorities', href: '/local-authorities' }],
        alternates: [
          { type: 'application/json', href: `/local-authorities/${data.authority.slug}.json`, title: 'This authority as JSON' },
          { type: 'application/atom+xml', href: `/local-authorities/${data.authority.slug}/reports.atom`, title: `New reports on ${data.authority.name}` },
        ],
      };
    },
  });
}
