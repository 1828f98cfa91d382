// The completeness check: after reading, every report is held against its
// framework's entry in the table. What it must carry (required judgements,
// dates, an improvement list where the report prints one, the lead inspector
// where the report names one) and what it must not (glyphs in item text,
// facts that contradict each other) become flags naming what is missing and
// where the reader looked. A report with flags is kept as "partly read",
// never passed off as complete.
import { FRAMEWORKS } from '../domain/frameworks.ts';
import type { ReadFlag, ReadFlagCode, Report } from '../domain/report.ts';
import type { Line } from './pdf/layout.ts';
import type { PdfText } from './pdf/pdfjs.ts';
import { checkProblems } from './check.ts';
import { markerOf, normText, strayGlyph } from './grammar.ts';
import { headingPattern } from './lists.ts';

/** Where a layout looked for what it reads: said in the flag when it found nothing. */
export interface Looked {
  judgements: string;
  improvements: string;
}

const DATES_WHERE = 'an "Inspection dates" or "Dates of inspection" line on pages 1–2';
const LEAD_WHERE = 'a "Lead inspector" or "Reporting inspector" line on pages 1–2 and in "The inspection team"';

function where(code: ReadFlagCode, looked: Looked): string | null {
  switch (code) {
    case 'missing_judgement':
      return looked.judgements;
    case 'missing_improvements':
      return looked.improvements;
    case 'missing_dates':
      return DATES_WHERE;
    case 'missing_authority':
      return 'the council or trust named in the title on page 1, matched to the authorities data';
    default:
      return null;
  }
}

/** A line the report prints as a heading or label: short, and not a contents entry ending in a page number. */
function labelLine(l: Line): boolean {
  const t = l.text.trim();
  return t.length < 80 && !/\s\d{1,3}$/.test(t);
}

/** The flags of a report just read from `doc`; empty when it was read completely. */
export function completeness(report: Report, doc: PdfText, looked: Looked): ReadFlag[] {
  const flags: ReadFlag[] = checkProblems(report).map((p) => {
    const w = where(p.code, looked);
    return w ? { code: p.code, message: `${p.message}; the reader looked for ${w}` } : p;
  });
  const lines = doc.pages.flatMap((p) => p.lines);

  if (!report.inspection.leadInspector) {
    // Some reports name no lead inspector; one that prints the label must give a name.
    const label = lines.find((l) => /^\s*(?:lead|reporting) inspectors?\b\s*:?/i.test(l.text) && labelLine(l));
    if (label) {
      flags.push({
        code: 'missing_lead_inspector',
        message: `the report prints "${label.text.trim()}" on page ${label.page}, but no lead inspector's name was read from it; the reader looked for ${LEAD_WHERE}`,
      });
    }
  }

  const fw = FRAMEWORKS[report.framework];
  if (fw?.improvements && report.improvements.length === 0 && !flags.some((f) => f.code === 'missing_improvements')) {
    // A heading followed by prose says there is nothing to list (an outstanding report may print one); followed by a list, items were lost.
    const heading = headingPattern([fw], 'start');
    const at = lines.findIndex((l) => l.page > 1 && labelLine(l) && heading.test(normText(l.text)));
    const printed = at >= 0 ? lines[at] : undefined;
    const under: Line[] = [];
    for (let i = at + 1; printed && i < lines.length && under.length < 40 && lines[i]!.size < printed.size - 0.5; i++) under.push(lines[i]!);
    if (printed && under.some((l) => markerOf(l.text) !== null)) {
      flags.push({
        code: 'missing_improvements',
        message: `the report prints "${printed.text.trim()}" on page ${printed.page}, but no items were read under it; the reader looked for ${looked.improvements}`,
      });
    }
  }

  const lists: [string, Report['improvements']][] = [
    ['improvement', report.improvements],
    ['LSCB recommendation', report.lscbImprovements],
  ];
  for (const [what, items] of lists) {
    items.forEach((item, i) => {
      const g = strayGlyph(item.text);
      if (g) {
        const code = `U+${g.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        flags.push({ code: 'glyph_in_item', message: `${what} ${i + 1} (page ${item.page}) holds a glyph that is not a word (${code}): "${item.text.slice(0, 80)}"` });
      }
    });
  }
  return flags;
}
