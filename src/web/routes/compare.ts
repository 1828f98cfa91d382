// "/compare?la=…&la=…": authorities side by side over time.
import type { Grade } from '../../domain/frameworks.ts';
import { isFullInspection, nationalSeries, quarterEnds, type GradeCounts, type NationalPicture, type RecordView } from '../../analysis/index.ts';
import { journeyChart, type AverageLine } from '../charts.ts';
import { SERIES_FROM_YEAR } from './national.ts';
import { toCsv } from '../csv.ts';
import { badRequest } from '../errors.ts';
import { authorityRef, reportOut } from '../model.ts';
import { registerResource, type WebContext } from '../resource.ts';

/** A council and all ten of its statistical neighbours. */
export const MAX_COMPARED = 11;

export const compareQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    la: {
      type: 'array',
      maxItems: MAX_COMPARED,
      items: { type: 'string', pattern: '^([a-z0-9][a-z0-9-]{0,80})?$' },
      description: 'Authority slugs to compare (repeat the parameter, up to 11: a council and all ten of its statistical neighbours; empty values are ignored)',
    },
  },
} as const;

/** The average headline grade (0 outstanding … 3 inadequate) of England's councils, or one region's, at each quarter end since 2014, counted as the national figures are. */
function averageLines(view: RecordView, regions: string[]): (AverageLine & { scope: string })[] {
  const pictures = nationalSeries(view, quarterEnds(SERIES_FROM_YEAR, new Date().toISOString().slice(0, 10)));
  const level = (c: GradeCounts | undefined): number | null => {
    if (!c) return null;
    const n = c.outstanding + c.good + c.requires_improvement + c.inadequate;
    return n ? (c.good + 2 * c.requires_improvement + 3 * c.inadequate) / n : null;
  };
  const line = (scope: string, pick: (p: NationalPicture) => GradeCounts | undefined) => ({
    scope,
    name: `${scope} average (overall effectiveness)`,
    points: pictures.flatMap((p) => {
      const l = level(pick(p));
      return l === null ? [] : [{ date: p.asAt, level: Math.round(l * 100) / 100 }];
    }),
  });
  return [line('England', (p) => p.judgements.overall), ...regions.map((r) => line(r, (p) => p.regions[r]?.judgements.overall))];
}

function compare(view: RecordView, slugs: string[]) {
  const unique = [...new Set(slugs.filter(Boolean))];
  const unknown = unique.filter((s) => !view.bySlug.has(s));
  if (unknown.length) throw badRequest(`Unknown local authority ${unknown.map((s) => `"${s}"`).join(', ')}. Use the address part of an authority’s page, e.g. "southend-on-sea".`);
  const chosen = unique.map((s) => view.bySlug.get(s)).filter((v) => v !== undefined);
  const regions = [...new Set(chosen.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  return {
    averages: chosen.length ? averageLines(view, regions) : [],
    authorities: chosen.map((v) => ({
      authority: authorityRef(v.authority),
      inspections: [...v.reports, ...v.predecessors.flatMap((p) => p.reports)].filter(isFullInspection).map((r) => ({ ...reportOut(view, r), inherited: !v.reports.includes(r) })),
    })),
    dataLastRefreshed: view.lastRefreshed,
  };
}

type CompareData = ReturnType<typeof compare>;

export function registerCompare(ctx: WebContext): void {
  registerResource(ctx, {
    path: '/compare',
    csvPath: '/compare.csv',
    summary: 'Authorities side by side: every full inspection’s judgements over time',
    querystring: compareQuery,
    load: (view, req) => compare(view, (req.query as { la?: string[] }).la ?? []),
    csv: (data: CompareData) =>
      toCsv(
        ['authority', 'slug', 'report_id', 'council_inspected', 'framework', 'framework_name', 'inspection_start', 'inspection_end', 'headline_grade', 'headline_grade_label', 'judgements'],
        data.authorities.flatMap((a) => a.inspections.map((r) => [a.authority.name, a.authority.slug, r.id, r.authority?.name ?? r.printedName, r.framework, r.frameworkName, r.inspectionStart, r.inspectionEnd, r.headline.grade, r.headline.gradeLabel, r.judgements.map((j) => `${j.key}=${j.grade}`).join('; ')])),
      ),
    template: 'compare.njk',
    context(data, view) {
      // A predecessor's inspections are its own line, named as such, not joined to its successor's.
      const series = data.authorities.flatMap((a) => {
        const graded = a.inspections.filter((r) => r.headline.grade && r.headline.grade !== 'not_judged' && r.inspectionEnd);
        const councils = [...new Set(graded.map((r) => (r.inherited ? (r.authority?.name ?? r.printedName) : a.authority.name)))];
        return councils.map((council) => ({
          name: council === a.authority.name ? council : `${council} (before ${a.authority.name})`,
          points: graded.filter((r) => (r.inherited ? (r.authority?.name ?? r.printedName) : a.authority.name) === council).map((r) => ({ date: r.inspectionEnd ?? '', grade: r.headline.grade as Grade })),
        }));
      });
      const rows = data.authorities.flatMap((a) => a.inspections.map((r) => ({ a, r }))).sort((x, y) => (y.r.inspectionEnd ?? '').localeCompare(x.r.inspectionEnd ?? ''));
      const chosen = new Set(data.authorities.map((a) => a.authority.slug));
      return {
        title: data.authorities.length ? `Compare ${data.authorities.map((a) => a.authority.name).join(', ')}` : 'Compare authorities',
        nav: 'compare',
        data,
        rows,
        journeySvg: series.some((s) => s.points.length) ? journeyChart(series, 'compare', data.averages).svg : null,
        maxCompared: MAX_COMPARED,
        options: view.current.map((v) => ({ slug: v.authority.slug, name: v.authority.name, chosen: chosen.has(v.authority.slug) })),
        qs: data.authorities.map((a) => `la=${encodeURIComponent(a.authority.slug)}`).join('&'),
      };
    },
  });
}
