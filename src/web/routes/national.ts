// "/national": the national picture as at any date (counted as Ofsted's
// official statistics count it, src/analysis/national.ts), the share of
// councils at each grade by quarter since 2014, nationally or in one region,
// and every 31 March since 2014.
import type { FastifyRequest } from 'fastify';
import { areaLabel, currentAreas, gradeLabel, type JudgementKey } from '../../domain/frameworks.ts';
import { CHANGE_KINDS, defaultPublishedBy, isIsoDate, marchEnds, nationalDetail, quarterEnds, sharesOf, NATIONAL_GRADES, type GradeCounts, type NationalPicture, type RecordView } from '../../analysis/index.ts';
import { shareChart } from '../charts.ts';
import { toCsv } from '../csv.ts';
import { badRequest } from '../errors.ts';
import { registerResource, type WebContext } from '../resource.ts';
import { nationalSchema } from '../schemas.ts';

/** The first year of the series: the single inspection framework began in November 2013. */
export const SERIES_FROM_YEAR = 2014;

export const nationalQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    date: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'The date the picture is taken at, YYYY-MM-DD (default: today)' },
    publishedBy: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Count reports published by this date (default: one month after the date)' },
    region: { type: 'string', maxLength: 100, description: 'Region for the charts and the 31 March table, e.g. "London" (default: England)' },
    area: { type: 'string', enum: currentAreas(), description: 'Judgement area for the quarterly chart: overall effectiveness or one of today’s areas (default: overall)' },
  },
} as const;

interface NationalQuery {
  date?: string;
  publishedBy?: string;
  region?: string;
  area?: JudgementKey;
}

const CHANGE_LABELS: Record<(typeof CHANGE_KINDS)[number], string> = {
  improved: 'Improved',
  held_good_or_better: 'Held good or outstanding',
  held_below_good: 'Held below good',
  declined: 'Declined',
};

/** One date's figures for one scope (England or a region): councils counted and counts per area. */
interface ScopeFigures {
  asAt: string;
  publishedBy: string;
  authorities: number;
  judgements: Record<string, GradeCounts>;
}

function scopeOf(p: NationalPicture, region: string | null): ScopeFigures {
  if (!region) return { asAt: p.asAt, publishedBy: p.publishedBy, authorities: p.authorities, judgements: p.judgements };
  const r = p.regions[region];
  const empty = Object.fromEntries(currentAreas().map((a) => [a, { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 }]));
  return { asAt: p.asAt, publishedBy: p.publishedBy, authorities: r?.authorities ?? 0, judgements: r?.judgements ?? empty };
}

function checkDate(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !isIsoDate(value)) throw badRequest(`The ${name} "${value}" is not a date: write it as YYYY-MM-DD, such as 2025-03-31.`);
  return value;
}

export function loadNational(view: RecordView, q: NationalQuery) {
  const today = new Date().toISOString().slice(0, 10);
  const asAt = checkDate(q.date, 'date') ?? today;
  const publishedBy = checkDate(q.publishedBy, 'publication cut-off') ?? defaultPublishedBy(asAt);
  if (publishedBy < asAt) throw badRequest(`The publication cut-off (${publishedBy}) is before the date (${asAt}): give a cut-off on or after the date, or leave it out for one month after.`);
  const regions = [...new Set(view.authorities.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  const region = q.region ? (regions.find((r) => r.toLowerCase() === q.region?.toLowerCase()) ?? null) : null;
  if (q.region && !region) throw badRequest(`There is no region called "${q.region}". Regions: ${regions.join(', ')}.`);
  const { picture, notCounted } = nationalDetail(view, asAt, publishedBy);
  const quarterly = quarterEnds(SERIES_FROM_YEAR, today).map((d) => scopeOf(nationalDetail(view, d).picture, region));
  const march31 = marchEnds(SERIES_FROM_YEAR, today).map((d) => scopeOf(nationalDetail(view, d).picture, region));
  return {
    ...picture,
    notCounted: notCounted.map((a) => ({ slug: a.slug, name: a.name, url: `/local-authorities/${a.slug}` })),
    scope: region ?? 'England',
    regionNames: regions,
    quarterly,
    march31,
    dataLastRefreshed: view.lastRefreshed,
  };
}

export type NationalData = ReturnType<typeof loadNational>;

/** The figures at the date as rows: England and each region, each area, each grade; codes and labels in separate columns. */
export function nationalCsv(d: NationalData): string {
  const rows: (string | number | null)[][] = [];
  const add = (scope: string, authorities: number, judgements: Record<string, GradeCounts>) => {
    for (const [area, counts] of Object.entries(judgements)) {
      const s = sharesOf(counts);
      for (const g of NATIONAL_GRADES) rows.push([d.asAt, d.publishedBy, scope, authorities, area, areaLabel(area as JudgementKey), g, gradeLabel(g), counts[g], s.judged, s.percent[g]]);
    }
  };
  add('England', d.authorities, d.judgements);
  for (const [name, r] of Object.entries(d.regions)) add(name, r.authorities, r.judgements);
  return toCsv(['as_at', 'published_by', 'area', 'authorities', 'judgement', 'judgement_label', 'grade', 'grade_label', 'count', 'judged', 'percent'], rows);
}

const pct = (n: number) => `${n.toFixed(1)}%`;

export function registerNational(ctx: WebContext): void {
  registerResource(ctx, {
    path: '/national',
    csvPath: '/national.csv',
    jsonSchema: nationalSchema,
    daily: true,
    summary: 'The national picture as at any date, by region, with the share at each grade by quarter and at every 31 March since 2014',
    description:
      'Counted as Ofsted’s official statistics count it: each council’s most recent full inspection (SIF and ILACS) completed by the date and published by the cut-off (default one month after), over the councils that existed on that date. Older frameworks’ judgements count as today’s areas as the frameworks table maps them.',
    querystring: nationalQuery,
    load: (view, req: FastifyRequest) => loadNational(view, req.query as NationalQuery),
    csv: nationalCsv,
    template: 'national.njk',
    context(data, _view, req) {
      const areas = currentAreas();
      const qs = new URLSearchParams();
      qs.set('date', data.asAt);
      if (data.publishedBy !== defaultPublishedBy(data.asAt)) qs.set('publishedBy', data.publishedBy);
      if (data.scope !== 'England') qs.set('region', data.scope);
      const query = qs.toString();
      const areaQs = (area: string) => {
        const p = new URLSearchParams(qs);
        if (area !== 'overall') p.set('area', area);
        return `/national?${p.toString()}#by-quarter`;
      };
      const areaRows = areas.map((area) => {
        const counts = data.judgements[area] as GradeCounts;
        const s = sharesOf(counts);
        return { area, label: areaLabel(area), counts, shares: s };
      });
      const chosen = (req.query as NationalQuery).area ?? 'overall';
      const charts = areas.filter((a) => a === chosen).map((area, i) => ({
        area,
        label: areaLabel(area),
        svg: shareChart(
          data.quarterly.map((q) => ({ date: q.asAt, counts: q.judgements[area] as GradeCounts })),
          [...NATIONAL_GRADES],
          `${areaLabel(area)}: share of councils at each grade by quarter, ${data.scope}`,
          `share-${i}`,
        ).svg,
        rows: data.quarterly.map((q) => {
          const s = sharesOf(q.judgements[area] as GradeCounts);
          return { asAt: q.asAt, judged: s.judged, percent: NATIONAL_GRADES.map((g) => pct(s.percent[g])) };
        }),
      }));
      return {
        title: 'National figures',
        nav: 'national',
        data,
        grades: NATIONAL_GRADES,
        areaRows,
        regionRows: Object.entries(data.regions).map(([name, r]) => {
          const s = sharesOf(r.judgements.overall as GradeCounts);
          return { name, authorities: r.authorities, judged: s.judged, goodOrBetter: pct(s.goodOrBetter), inadequate: pct(s.percent.inadequate), href: `/national?${new URLSearchParams({ date: data.asAt, region: name }).toString()}` };
        }),
        changeRows: CHANGE_KINDS.map((k) => ({ label: CHANGE_LABELS[k], count: data.changes[k] })),
        charts,
        areaLinks: areas.map((a) => ({ area: a, label: areaLabel(a), href: areaQs(a), current: a === chosen })),
        marchRows: data.march31.map((m) => {
          const s = sharesOf(m.judgements.overall as GradeCounts);
          return { asAt: m.asAt, authorities: m.authorities, judged: s.judged, percent: NATIONAL_GRADES.map((g) => pct(s.percent[g])), goodOrBetter: pct(s.goodOrBetter), href: `/national?${new URLSearchParams({ date: m.asAt, ...(data.scope !== 'England' ? { region: data.scope } : {}) }).toString()}` };
        }),
        regionOptions: [{ value: '', text: 'England (all regions)', selected: data.scope === 'England' }, ...data.regionNames.map((r) => ({ value: r, text: r, selected: data.scope === r }))],
        jsonHref: `/national.json?${query}`,
        csvHref: `/national.csv?${query}`,
        alternates: [{ type: 'application/json', href: `/national.json?${query}`, title: 'These figures as JSON' }],
      };
    },
  });
}
