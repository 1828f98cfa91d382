// Server-rendered SVG: the fills and patterns for grades, shared by charts
// and the map. Grades are never shown by colour alone: every chart has its
// numbers in a table beside it, and the two lower grades also carry a
// pattern so the map and bars read in greyscale.
import type { Grade } from '../domain/frameworks.ts';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export const GRADE_FILL: Record<Grade | 'none', string> = {
  outstanding: '#12436d',
  good: '#28a197',
  requires_improvement: '#f46a25',
  adequate: '#f46a25',
  inadequate: '#a8325e',
  not_judged: '#b1b4b6',
  none: '#dcdcdc',
};

/** Element ids are made by the code, never by a request: anything else is a bug. */
export function checkId(id: string): string {
  if (!/^[a-z][a-z0-9-]*$/i.test(id)) throw new Error(`not a usable SVG id: ${JSON.stringify(id)}`);
  return id;
}

/** Pattern definitions for one SVG; `prefix` keeps ids unique on the page. */
export function gradeDefs(prefix: string): string {
  checkId(prefix);
  const p = escapeXml(prefix);
  return (
    `<defs>` +
    `<pattern id="${p}-ri" width="6" height="6" patternUnits="userSpaceOnUse">` +
    `<rect width="6" height="6" fill="${GRADE_FILL.requires_improvement}"/><circle cx="3" cy="3" r="1.1" fill="#ffffff"/></pattern>` +
    `<pattern id="${p}-inad" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="${GRADE_FILL.inadequate}"/><rect width="2" height="6" fill="#ffffff"/></pattern>` +
    `</defs>`
  );
}

export function gradeFill(prefix: string, grade: Grade | 'none'): string {
  if (grade === 'requires_improvement' || grade === 'adequate') return `url(#${escapeXml(prefix)}-ri)`;
  if (grade === 'inadequate') return `url(#${escapeXml(prefix)}-inad)`;
  return GRADE_FILL[grade];
}
