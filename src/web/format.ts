// Small display helpers shared by templates, CSV and feeds.
import { FRAMEWORKS, gradeLabel, judgementLabel, type FrameworkId, type Grade, type JudgementKey } from '../domain/frameworks.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2024-12-03" → "3 December 2024" (GOV.UK style); anything unreadable is returned as it came. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}`;
}

export function formatDateRange(start: string | null, end: string | null): string {
  if (start && end && start !== end) return `${formatDate(start)} to ${formatDate(end)}`;
  return formatDate(start ?? end);
}

export function gradeText(grade: Grade | 'none' | null | undefined, framework?: FrameworkId): string {
  if (!grade || grade === 'none') return 'No full inspection in the record';
  return gradeLabel(grade, framework);
}

/** GOV.UK tag colour per grade: a convention of this service, always next to the grade in words. */
export function gradeTagClass(grade: Grade | 'none' | null | undefined): string {
  switch (grade) {
    case 'outstanding':
      return 'govuk-tag--turquoise';
    case 'good':
      return 'govuk-tag--green';
    case 'requires_improvement':
    case 'adequate':
      return 'govuk-tag--yellow';
    case 'inadequate':
      return 'govuk-tag--red';
    default:
      return 'govuk-tag--grey';
  }
}

export function frameworkName(id: FrameworkId): string {
  return FRAMEWORKS[id]?.name ?? id;
}

export function judgementName(key: JudgementKey, framework?: FrameworkId): string {
  return judgementLabel(key, framework);
}

export { headlineName } from '../domain/frameworks.ts';

/** A stored address, only if it is a web address: a link must never run script (javascript:, data:). */
export function safeUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\/[^\s"<>]+$/i.test(url) ? url : null;
}

/** The address of a report's PDF on Ofsted's site, opened at a page. */
export function pdfAt(sourceUrl: string | null, page?: number | null): string | null {
  const url = safeUrl(sourceUrl);
  if (!url) return null;
  return page ? `${url.replace(/#.*$/, '')}#page=${page}` : url;
}

export function yearOf(iso: string | null | undefined): number | null {
  const y = iso ? Number(iso.slice(0, 4)) : NaN;
  return Number.isFinite(y) ? y : null;
}

const TYPE_LABELS: Record<string, string> = {
  county: 'County council',
  unitary: 'Unitary authority',
  metropolitan_borough: 'Metropolitan borough',
  london_borough: 'London borough',
};

/** "london_borough" → "London borough"; unknown types are shown as stored. */
export function authorityTypeLabel(type: string | null | undefined): string {
  if (!type) return '';
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
