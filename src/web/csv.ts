// CSV (RFC 4180) with a guard against spreadsheet formula injection: report
// text could start with "=", "+", "-" or "@", and spreadsheets skip spaces,
// non-breaking spaces and control characters (tab, newline) before reading
// one, so those are looked through.
export type Cell = string | number | boolean | null | undefined;

// White space (\s covers the no-break and other Unicode spaces, and the BOM), control and format characters (e.g. zero-width space).
const FORMULA = /^[\s\p{Cc}\p{Cf}]*[=+\-@\uff1d\uff0b\uff0d\uff20]/u;

/** True when a spreadsheet could take the text for a formula. */
export function looksLikeFormula(s: string): boolean {
  return FORMULA.test(s) || /^[\t\r\n]/.test(s);
}

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && looksLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
