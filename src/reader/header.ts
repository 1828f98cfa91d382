// The header fields every framework prints near the top of page 1: the
// council or trust named in the title, the on-site dates and the lead
// inspector. Exported for the layout parsers that read them their own way.
import type { Line, PageText } from './pdf/layout.ts';
import type { Evidence } from '../domain/report.ts';
import { normText } from './grammar.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i < 0 ? null : i + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

interface PartialDate {
  day: number;
  month: number | null;
  year: number | null;
  /** The year was printed after a later date, not beside this one. */
  carried: boolean;
}

/**
 * Every date in a printed date range, in order, with months and years
 * carried back from the dates that follow ("2 to 13 December 2024",
 * "30 September to 11 October 2024 and 13 to 16 January 2025",
 * "12/09/2016 to 06/10/2016").
 */
export function parseDateList(text: string): string[] {
  const tokens = text
    .replace(/(\d)(st|nd|rd|th)\b/gi, '$1')
    .replace(/(\d)\s*[-–—─]\s*(\d)/g, '$1 - $2')
    .match(/\d{1,2}\/\d{1,2}\/\d{2,4}|\d+|[A-Za-z]+\.?/g);
  if (!tokens) return [];
  const parts: PartialDate[] = [];
  for (const tok of tokens) {
    const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(tok);
    if (slash) {
      const y = Number(slash[3]);
      parts.push({ day: Number(slash[1]), month: Number(slash[2]), year: y < 100 ? 2000 + y : y, carried: false });
      continue;
    }
    if (/^\d+$/.test(tok)) {
      const n = Number(tok);
      if (tok.length === 4 && n >= 1990 && n <= 2100) {
        for (let i = parts.length - 1; i >= 0 && parts[i]!.year === null; i--) {
          parts[i]!.year = n;
          parts[i]!.carried = i < parts.length - 1;
        }
      } else if (n >= 1 && n <= 31) {
        parts.push({ day: n, month: null, year: null, carried: false });
      }
      continue;
    }
    const m = monthNumber(tok);
    if (m !== null) {
      for (let i = parts.length - 1; i >= 0 && parts[i]!.month === null; i--) parts[i]!.month = m;
    }
  }
  // A date with no year of its own takes the next one printed; a range
  // that runs over new year ("December to January 2014") is fixed below.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.month === null || p.year === null) continue;
    let year = p.year;
    const next = parts[i + 1];
    if (next && p.carried && next.year === p.year && next.month !== null && next.month < p.month) year -= 1;
    out.push(`${year}-${pad(p.month)}-${pad(p.day)}`);
  }
  return out;
}

const DATE_LABEL = /^\s*(inspection dates?|dates? of inspection|inspection date\(s\))\s*:?\s*/i;

/** Lines from the top of the given pages, in reading order. */
function headLines(pages: PageText[], maxPages = 2): Line[] {
  return pages.slice(0, maxPages).flatMap((p) => p.lines);
}

export interface DatesRead {
  start: string | null;
  end: string | null;
  evidence: Evidence | null;
}

/** The on-site dates: first and last day, including inspections split over two visits. */
export function readInspectionDates(pages: PageText[]): DatesRead {
  const lines = headLines(pages);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!DATE_LABEL.test(line.text)) continue;
    let printed = line.text;
    // The range may run onto the next line ("… and 7 August 2019 to" / "8 August 2019").
    const next = lines[i + 1];
    if (next && next.page === line.page && /(\bto|\band|[-–—─]|\d)\s*$/i.test(line.text) && /^\s*(\d|[A-Z][a-z]+ \d{4})/.test(next.text) && !/:/.test(next.text)) {
      printed += ' ' + next.text;
    }
    const dates = parseDateList(printed.replace(DATE_LABEL, ''));
    if (dates.length === 0) continue;
    const sorted = [...dates].sort();
    return { start: sorted[0]!, end: sorted[sorted.length - 1]!, evidence: { page: line.page, text: printed } };
  }
  return { start: null, end: null, evidence: null };
}

// The label starts the line with a capital ("lead inspector attended…" in a sentence is not it).
const INSPECTOR_LABEL = /^\s*(?:Lead [Ii]nspectors?|Reporting [Ii]nspector|LEAD INSPECTOR)(?: on site)?\s*:?\s*(?=[A-ZÀ-Þ])/;
const INSPECTOR_TITLE = /,?\s*\(?\s*(\b(his|her) majesty['’]s inspector\b|\bsenior hmi\b|\bhmi\b|\bhmci\b|\bofsted inspector\b).*$/i;

export interface InspectorRead {
  name: string | null;
  evidence: Evidence | null;
}

/** The lead inspector as printed, without the "His Majesty's Inspector"/"HMI" title. */
export function readLeadInspector(pages: PageText[]): InspectorRead {
  // Newer reports name the lead inspector under the title; older ones in
  // "The inspection team" near the end.
  for (const lines of [headLines(pages), headLines(pages.slice(2), pages.length)]) {
    for (const line of lines) {
      if (!INSPECTOR_LABEL.test(line.text)) continue;
      const name = cleanInspectorName(line.text.replace(INSPECTOR_LABEL, ''));
      if (name) return { name, evidence: { page: line.page, text: line.text } };
    }
  }
  return { name: null, evidence: null };
}

export function cleanInspectorName(raw: string): string | null {
  const name = raw.replace(INSPECTOR_TITLE, '').replace(/[,;:.\s]+$/, '').replace(/\s+/g, ' ').trim();
  if (!name || !/[A-Za-z]/.test(name)) return null;
  return name;
}

// Words around the council's name in an ILACS title, and the title lines
// of older layouts that print the council's name on its own line first.
const ILACS_NAME = /^(?:re-?)?inspection of (?:the )?(.+?)(?:'s)?\s+(?:local authority children's (?:social care )?services|children's (?:social care )?services)$/i;
const TITLE_START = /^(?:re-?)?inspection of|^review of|^reinspection of/i;

/** The council or trust named in the title, as printed (whitespace collapsed). */
export function readPrintedName(titleLines: Line[]): string {
  const joined = titleLines.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
  const plain = joined.replace(/[’]/g, "'");
  const m = ILACS_NAME.exec(plain);
  if (m) return restoreQuotes(m[1]!, joined);
  const trust = /^inspection of (?:the )?(.+?(?:children and families trust|children's services trust|trust))\b/i.exec(plain);
  if (trust) return restoreQuotes(trust[1]!, joined);
  // Older layouts: the name stands above the title, or below it (LAC2012).
  const before: string[] = [];
  for (const l of titleLines) {
    if (TITLE_START.test(l.text.trim())) break;
    before.push(l.text);
  }
  if (before.length > 0) return before.join(' ').replace(/\s+/g, ' ').trim();
  const after = titleLines.filter((l) => /\b(council|borough|city|county|trust|corporation)\b/i.test(l.text) && !TITLE_START.test(l.text.trim()));
  if (after.length > 0) return after.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
  return joined;
}

function restoreQuotes(found: string, original: string): string {
  const i = original.replace(/[’]/g, "'").indexOf(found);
  return i < 0 ? found : original.slice(i, i + found.length);
}

/** The name without titles of office, for matching: "London Borough of Ealing" → "ealing". */
export function nameForMatching(printed: string): string {
  return normText(printed);
}
