// A correction in words: how a change to a published fact (kept in the
// record's history when a newer reader read a report again) is said, by the
// report page and the command line alike.
import { FRAMEWORK_IDS, gradeLabel, isGrade, judgementLabel, type FrameworkId, type JudgementKey } from '../domain/frameworks.ts';

export interface FactChangeLike {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

function listValue(v: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(v ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

const FIELD_LABELS: Record<string, string> = {
  framework: 'Framework',
  authority: 'Authority (URN)',
  inspection_start: 'Inspection start',
  inspection_end: 'Inspection end',
  lead_inspector: 'Lead inspector',
  headline_grade: 'Headline grade',
};

/**
 * "Overall effectiveness: Good → Requires improvement to be good",
 * "Improvement items: 4 → 22", "Partly read: none → missing_dates".
 */
export function describeChange(c: FactChangeLike, framework?: FrameworkId): string {
  const fw = framework && FRAMEWORK_IDS.includes(framework) ? framework : undefined;
  if (c.field === 'improvements' || c.field === 'lscb_improvements') {
    const label = c.field === 'improvements' ? 'Improvement items' : 'LSCB review recommendations';
    const before = listValue(c.oldValue);
    const after = listValue(c.newValue);
    return before.length === after.length ? `${label}: ${after.length}, wording corrected` : `${label}: ${before.length} → ${after.length}`;
  }
  if (c.field === 'flags') {
    const show = (v: string | null) => listValue(v).join(', ') || 'none';
    return `Not read (flags): ${show(c.oldValue)} → ${show(c.newValue)}`;
  }
  const grade = (v: string | null) => (v === null ? '–' : isGrade(v) ? gradeLabel(v, fw) : v);
  if (c.field.startsWith('judgement:')) return `${judgementLabel(c.field.slice('judgement:'.length) as JudgementKey, fw)}: ${grade(c.oldValue)} → ${grade(c.newValue)}`;
  if (c.field === 'headline_grade') return `Headline grade: ${grade(c.oldValue)} → ${grade(c.newValue)}`;
  return `${FIELD_LABELS[c.field] ?? c.field}: ${c.oldValue ?? '–'} → ${c.newValue ?? '–'}`;
}
