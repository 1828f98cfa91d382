// "/journeys": current councils grouped by the path their full inspections
// took (inadequate → requires improvement → good), filterable by region and
// by current grade, with counts.
import type { FastifyRequest } from 'fastify';
import { journeyOf, journeysByPath, NATIONAL_GRADES, type NationalGrade, type RecordView } from '../../analysis/index.ts';
import { gradeLabel } from '../../domain/frameworks.ts';
import { toCsv } from '../csv.ts';
import { badRequest } from '../errors.ts';
import { registerResource, type WebContext } from '../resource.ts';

export const journeysQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    region: { type: 'string', maxLength: 100, description: 'Region name, e.g. "London"' },
    grade: { type: 'string', enum: NATIONAL_GRADES, description: 'Headline grade of the latest full inspection' },
  },
} as const;

interface JourneysQuery {
  region?: string;
  grade?: NationalGrade;
}

function loadJourneys(view: RecordView, q: JourneysQuery) {
  const regions = [...new Set(view.current.map((v) => v.authority.region).filter((r): r is string => Boolean(r)))].sort();
  const region = q.region ? regions.find((r) => r.toLowerCase() === q.region?.toLowerCase()) : undefined;
  if (q.region && !region) throw badRequest(`There is no region called "${q.region}". Regions: ${regions.join(', ')}.`);
  const groups = journeysByPath(view, { region: region ?? null, current: q.grade ?? null });
  const journeys = view.current.filter((v) => !region || v.authority.region === region).map((v) => journeyOf(v)).filter((j) => !q.grade || j.current === q.grade);
  return {
    filters: { region: region ?? null, grade: q.grade ?? null },
    councils: groups.reduce((n, g) => n + g.councils.length, 0),
    paths: groups.map((g) => ({ ...g, count: g.councils.length, councils: g.councils.map((c) => ({ ...c, url: `/local-authorities/${c.slug}` })) })),
    directions: {
      improved: journeys.filter((j) => j.steps.at(-1)?.direction === 'improved').length,
      held: journeys.filter((j) => j.steps.at(-1)?.direction === 'held').length,
      declined: journeys.filter((j) => j.steps.at(-1)?.direction === 'declined').length,
    },
    regions,
    dataLastRefreshed: view.lastRefreshed,
  };
}

type JourneysData = ReturnType<typeof loadJourneys>;

function journeysCsv(d: JourneysData): string {
  return toCsv(
    ['slug', 'name', 'region', 'path', 'path_label', 'inspections', 'current_grade', 'current_grade_label'],
    d.paths.flatMap((p) => p.councils.map((c) => [c.slug, c.name, c.region, p.path.join(' > '), p.label, p.path.length, c.current, c.current ? gradeLabel(c.current) : null])),
  );
}

export function registerJourneys(ctx: WebContext): void {
  registerResource(ctx, {
    path: '/journeys',
    csvPath: '/journeys.csv',
    summary: 'Councils grouped by the path their full inspections took, with counts',
    description: 'Each current council’s headline grades at its full inspections in order (the single inspection framework, then ILACS; overall effectiveness, or the impact of leaders from April 2026), grouped by that path, most common first.',
    querystring: journeysQuery,
    load: (view, req: FastifyRequest) => loadJourneys(view, req.query as JourneysQuery),
    csv: journeysCsv,
    template: 'journeys.njk',
    context(data, _view, req) {
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return {
        title: 'Journeys',
        nav: 'journeys',
        data,
        regionOptions: [{ value: '', text: 'All regions' }, ...data.regions.map((r) => ({ value: r, text: r, selected: data.filters.region === r }))],
        gradeOptions: [{ value: '', text: 'Any grade' }, ...NATIONAL_GRADES.map((g) => ({ value: g, text: gradeLabel(g), selected: data.filters.grade === g }))],
        jsonHref: `/journeys.json${qs}`,
        csvHref: `/journeys.csv${qs}`,
        alternates: [{ type: 'application/json', href: `/journeys.json${qs}`, title: 'These journeys as JSON' }],
      };
    },
  });
}
