// "/": the national picture.
import { gradeLabel } from '../../domain/frameworks.ts';
import { DISTRIBUTION_GRADES, gradeDistributionByYear, latestGradeCounts } from '../../analysis/index.ts';
import { countChart, distributionChart } from '../charts.ts';
import { mapAttribution, renderMap, type MapEntry } from '../map.ts';
import { latestOut, reportOut } from '../model.ts';
import { toCsv } from '../csv.ts';
import { registerResource, type WebContext } from '../resource.ts';
import { badRequest } from '../errors.ts';
import type { RecordView } from '../../analysis/index.ts';

/** The record seen from one region: its authorities, and the reports on them (the whole view when no region is asked for). */
function regionView(view: RecordView, region: string | undefined): RecordView {
  if (!region) return view;
  const regions = [...new Set(view.current.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  const name = regions.find((r) => r.toLowerCase() === region.toLowerCase());
  if (!name) throw badRequest(`There is no region called "${region}". Regions: ${regions.join(', ')}.`);
  const authorities = view.authorities.filter((v) => v.authority.region === name);
  const urns = new Set(authorities.map((v) => v.authority.urn).filter(Boolean));
  return {
    ...view,
    data: { ...view.data, reports: view.data.reports.filter((r) => r.authorityUrn !== null && urns.has(r.authorityUrn)) },
    authorities,
    current: view.current.filter((v) => v.authority.region === name),
    newestReports: view.newestReports.filter((r) => r.authorityUrn !== null && urns.has(r.authorityUrn)),
  };
}

export function registerHome(ctx: WebContext): void {
  registerResource(ctx, {
    path: '/',
    jsonPath: '/index.json',
    csvPath: '/index.csv',
    csv: (data: { distributionByYear: { year: number; total: number; counts: Record<string, number> }[] }) =>
      toCsv(
        ['year', ...DISTRIBUTION_GRADES, 'graded_authorities'],
        data.distributionByYear.map((d) => [d.year, ...DISTRIBUTION_GRADES.map((g) => d.counts[g] ?? 0), d.total]),
      ),
    summary: 'National picture: latest grades of every authority, their distribution by year and the newest reports',
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: { region: { type: 'string', maxLength: 100, description: 'Only this region’s authorities and reports, e.g. "London"' } },
    },
    load(fullView, req) {
      const view = regionView(fullView, (req.query as { region?: string }).region);
      const counts = latestGradeCounts(view);
      const distribution = gradeDistributionByYear(view);
      return {
        latestGradeCounts: counts.map((c) => ({ grade: c.grade, label: c.grade === 'none' ? 'No full inspection in the record' : gradeLabel(c.grade), count: c.count })),
        distributionByYear: distribution.map((d) => ({ year: d.year, total: d.total, counts: Object.fromEntries(DISTRIBUTION_GRADES.map((g) => [g, d.counts[g]])) })),
        authorities: view.current.map((v) => latestOut(view, v)),
        newestReports: view.newestReports.slice(0, 10).map((r) => reportOut(view, r)),
        region: view === fullView ? null : (view.current[0]?.authority.region ?? null),
        dataLastRefreshed: view.lastRefreshed,
      };
    },
    template: 'home.njk',
    context(data, view) {
      const entries = new Map<string, MapEntry>();
      for (const v of view.current) {
        const e: MapEntry = { name: v.authority.name, grade: v.latest?.headlineGrade ?? 'none', href: `/local-authorities/${v.authority.slug}` };
        if (v.authority.gss) entries.set(v.authority.gss, e);
        for (const g of v.authority.formerGss) if (!entries.has(g)) entries.set(g, e);
        if (v.authority.laCode && !entries.has(v.authority.laCode)) entries.set(v.authority.laCode, e);
      }
      const counts = latestGradeCounts(view);
      return {
        title: 'National picture',
        nav: 'home',
        councilOptions: view.current.map((v) => ({ slug: v.authority.slug, name: v.authority.name })),
        data,
        mapSvg: renderMap(entries, 'map'),
        mapAttribution: mapAttribution(),
        countSvg: countChart(counts, 'Number of authorities by the headline grade of their latest full inspection', 'counts').svg,
        distributionSvg: distributionChart(gradeDistributionByYear(view), DISTRIBUTION_GRADES, 'dist').svg,
        grades: DISTRIBUTION_GRADES,
        alternates: [{ type: 'application/json', href: '/index.json', title: 'This page as JSON' }],
      };
    },
  });
}
