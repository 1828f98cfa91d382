// Journeys: each council's full inspections in order, with each of today's
// areas' grade, the direction of each step on the headline (improved, held,
// declined), how long each took, and the focused and monitoring visits
// published between them. Pure: built from the record view.
import { currentAreas, gradeLabel, type JudgementKey } from '../domain/frameworks.ts';
import type { DocumentRow, ReportRow } from '../store/read/index.ts';
import { areaGrade, headlineArea, type NationalGrade } from './national.ts';
import { daysBetween } from './dates.ts';
import type { AuthorityView, RecordView } from './view.ts';
import { isFullInspection } from './view.ts';

export const DIRECTIONS = ['improved', 'held', 'declined'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface JourneyVisit {
  type: string;
  published: string | null;
  sourceUrl: string;
}

export interface JourneyStep {
  reportId: number;
  framework: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  /** The area the headline grade is for (overall; leaders from April 2026). */
  headlineArea: JudgementKey;
  headlineGrade: NationalGrade | null;
  /** Each of today's areas' grade (older judgements mapped by the frameworks table); null where not judged. */
  grades: Record<string, NationalGrade | null>;
  /** Against the previous full inspection, on this one's headline area; null for the first. */
  direction: Direction | null;
  /** Days on site, first day to last. */
  daysOnSite: number | null;
  /** Days from the last day on site to publication. */
  daysToPublication: number | null;
  /** Days from the previous full inspection's last day on site to this one's. */
  daysSincePrevious: number | null;
  /** Other publications (focused visits, monitoring visits, …) published after the previous full inspection and by this one's last day on site. */
  visitsBefore: JourneyVisit[];
}

export interface Journey {
  slug: string;
  name: string;
  region: string | null;
  steps: JourneyStep[];
  /** Visits published since the latest full inspection. */
  visitsSince: JourneyVisit[];
  /** The headline grades in order, e.g. ["inadequate", "requires_improvement", "good"]. */
  path: NationalGrade[];
  current: NationalGrade | null;
  /** Days since the latest full inspection's last day on site, as at `today`. */
  daysSinceLatest: number | null;
}

const RANK: Record<NationalGrade, number> = { outstanding: 0, good: 1, requires_improvement: 2, inadequate: 3 };

/** Days from one date to another (ISO dates or timestamps); null when either is unknown. */
export function daysFrom(from: string | null, to: string | null): number | null {
  return from && to ? daysBetween(from.slice(0, 10), to.slice(0, 10)) : null;
}

function visit(d: DocumentRow): JourneyVisit {
  return { type: d.type, published: d.published, sourceUrl: d.sourceUrl };
}

/** A council's full inspections (withdrawn reports left out), oldest first. */
export function fullInspections(v: AuthorityView): ReportRow[] {
  return v.reports
    .filter((r) => isFullInspection(r) && r.withdrawnAt === null)
    .sort((a, b) => (a.inspectionEnd ?? a.inspectionStart ?? '').localeCompare(b.inspectionEnd ?? b.inspectionStart ?? '') || a.id - b.id);
}

export function journeyOf(v: AuthorityView, today = new Date().toISOString().slice(0, 10)): Journey {
  const areas = currentAreas();
  const reports = fullInspections(v);
  const docs = [...v.documents].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  const steps: JourneyStep[] = [];
  let previous: ReportRow | null = null;
  let previousStep: JourneyStep | null = null;
  for (const r of reports) {
    const hArea = headlineArea(r);
    const grade = areaGrade(r, hArea);
    let direction: Direction | null = null;
    if (previous) {
      const before = areaGrade(previous, hArea);
      if (grade && before) direction = RANK[grade] < RANK[before] ? 'improved' : RANK[grade] > RANK[before] ? 'declined' : 'held';
    }
    const end = r.inspectionEnd ?? r.inspectionStart;
    const after = previous?.inspectionEnd ?? previous?.inspectionStart ?? null;
    const step: JourneyStep = {
      reportId: r.id,
      framework: r.framework,
      inspectionStart: r.inspectionStart,
      inspectionEnd: r.inspectionEnd,
      published: r.listingDate,
      headlineArea: hArea,
      headlineGrade: grade,
      grades: Object.fromEntries(areas.map((a) => [a, areaGrade(r, a)])),
      direction,
      daysOnSite: r.inspectionStart && r.inspectionEnd ? (daysFrom(r.inspectionStart, r.inspectionEnd) ?? 0) + 1 : null,
      daysToPublication: daysFrom(r.inspectionEnd, r.listingDate),
      daysSincePrevious: previousStep ? daysFrom(after, end) : null,
      visitsBefore: docs.filter((d) => d.published && (!after || d.published > after) && end && d.published <= end).map(visit),
    };
    steps.push(step);
    previous = r;
    previousStep = step;
  }
  const lastEnd = previous ? (previous.inspectionEnd ?? previous.inspectionStart) : null;
  const path = steps.map((s) => s.headlineGrade).filter((g): g is NationalGrade => g !== null);
  return {
    slug: v.authority.slug,
    name: v.authority.name,
    region: v.authority.region,
    steps,
    visitsSince: docs.filter((d) => d.published && (!lastEnd || d.published > lastEnd)).map(visit),
    path,
    current: steps.at(-1)?.headlineGrade ?? null,
    daysSinceLatest: daysFrom(lastEnd, today),
  };
}

/** "Inadequate → Requires improvement → Good" */
export function pathLabel(path: readonly NationalGrade[]): string {
  return path.length ? path.map((g) => gradeLabel(g, 'SIF')).join(' → ') : 'No full inspection';
}

export interface PathGroup {
  /** The grades joined by "-" (a stable key for links), e.g. "inadequate-requires_improvement-good". */
  key: string;
  path: NationalGrade[];
  label: string;
  councils: { slug: string; name: string; region: string | null; current: NationalGrade | null }[];
}

/** Current councils grouped by the path they took, most common first; optionally only one region or one current grade. */
export function journeysByPath(view: RecordView, filters: { region?: string | null; current?: NationalGrade | null } = {}, today?: string): PathGroup[] {
  const groups = new Map<string, PathGroup>();
  for (const v of view.current) {
    if (filters.region && v.authority.region !== filters.region) continue;
    const j = journeyOf(v, today);
    if (filters.current && j.current !== filters.current) continue;
    const key = j.path.join('-') || 'none';
    const g = groups.get(key) ?? { key, path: j.path, label: pathLabel(j.path), councils: [] };
    g.councils.push({ slug: j.slug, name: j.name, region: j.region, current: j.current });
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.councils.length - a.councils.length || a.label.localeCompare(b.label));
}
