// How the national picture moved: for each year, how many authorities held
// each headline grade at the end of that year (their latest full inspection
// by then). A predecessor counts until its successor took over.
import type { Grade } from '../domain/frameworks.ts';
import { isFullInspection, type RecordView } from './view.ts';

export const DISTRIBUTION_GRADES: Grade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

export interface YearDistribution {
  year: number;
  counts: Record<Grade, number>;
  total: number;
}

export function gradeDistributionByYear(view: RecordView, untilYear = new Date().getUTCFullYear()): YearDistribution[] {
  const full = view.data.reports.filter((r) => isFullInspection(r) && r.inspectionStart && r.headlineGrade);
  if (full.length === 0) return [];
  const firstYear = Math.min(...full.map((r) => Number((r.inspectionEnd ?? r.inspectionStart ?? '').slice(0, 4))));
  const lastYear = Math.max(untilYear, ...full.map((r) => Number((r.inspectionEnd ?? r.inspectionStart ?? '').slice(0, 4))));
  const endedOn = new Map<string, string>();
  for (const a of view.data.authorities) if (a.endDate) endedOn.set(a.slug, a.endDate);
  for (const l of view.data.links) if (l.effective && !endedOn.has(l.predecessorSlug)) endedOn.set(l.predecessorSlug, l.effective);
  const out: YearDistribution[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const asAt = `${year}-12-31`;
    const counts = Object.fromEntries(DISTRIBUTION_GRADES.map((g) => [g, 0])) as Record<Grade, number>;
    let total = 0;
    for (const v of view.authorities) {
      const ended = endedOn.get(v.authority.slug);
      if (ended && ended <= asAt) continue;
      const latest = v.reports.find((r) => isFullInspection(r) && r.headlineGrade && (r.inspectionEnd ?? r.inspectionStart ?? '') <= asAt);
      const g = latest?.headlineGrade;
      if (!g || !(g in counts)) continue;
      counts[g]++;
      total++;
    }
    out.push({ year, counts, total });
  }
  return out;
}
