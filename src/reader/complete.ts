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
import { cleanItemText, joinLines, markerOf, normText, strayGlyph, stripMarker } from './grammar.ts';
import { bodySize, contentLines } from './sections.ts';
import { headingPattern, isNothing, isSubheading, isTemplateHeading, readTag } from './lists.ts';

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

// Any framework's name for an improvement list: a report may print its list
// under another framework's heading ("Recommendations" in an ILACS report).
const ANY_LIST_HEADING = headingPattern(
  Object.values(FRAMEWORKS).filter((f) => f.improvements),
  'start',
);

/** Sentences of a paragraph: a full stop, question or exclamation mark followed by a capital starts the next. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z“"‘'(])/).filter((x) => x.trim().length > 0);

/** An item's text without the National Framework tag printed at its end ("… change. Enabler three: National Framework."). */
function untagged(text: string): string {
  const tag = readTag(text);
  if (!tag) return text;
  const at = text.lastIndexOf(tag);
  return text.slice(0, at).replace(/[\s([]+$/, '');
}

/** A line that heads an improvement list, in any framework's words. */
function isListHeading(l: Line): boolean {
  return labelLine(l) && ANY_LIST_HEADING.test(normText(l.text));
}

/** The lines a heading heads: up to the next line set like it (as large or larger in its font, or larger in any: a bold heading may be body size). */
function headedBy(lines: Line[], at: number, max: number): Line[] {
  const heading = lines[at]!;
  const under: Line[] = [];
  for (let i = at + 1; i < lines.length && under.length < max; i++) {
    const l = lines[i]!;
    if (l.size > heading.size + 0.5 || (l.size >= heading.size - 0.5 && l.font === heading.font)) break;
    under.push(l);
  }
  return under;
}

/** A line's words as an item holds them: without its marker, glyphs and doubled spaces. */
const itemWords = (text: string) => cleanItemText(stripMarker(text));

/**
 * A line of a list that was read in part but is in none of its items: under
 * a list heading with read items, a line of words before those items (an
 * ILACS list has no lead-in) or between them (a run of lines each within a
 * few lines of the next) that no item holds. Sub-headings, topic headings
 * (short, unpunctuated), statements that there is nothing to list and
 * small print are not items.
 */
function lostFromList(doc: PdfText, items: Report['improvements']): { heading: Line; line: Line } | null {
  if (items.length === 0) return null;
  const all = items.map((i) => i.text.replace(/\s+/g, ' ')).join('\n');
  const lines = contentLines(doc);
  const body = bodySize(doc.pages);
  const held = (l: Line) => {
    const t = itemWords(l.text);
    return all.includes(t) || l.segments.every((s) => isSubheading(s.text) || all.includes(itemWords(s.text)));
  };
  const topic = (t: string) => t.length < 70 && !/[.;:,]$/.test(t);
  const aside = (l: Line) => {
    const t = l.text.trim();
    return l.size < body - 1.5 || !/[a-z]{3}/i.test(t) || topic(t) || isSubheading(t) || isNothing(t) || isTemplateHeading(t);
  };
  for (let at = 0; at < lines.length; at++) {
    if (!isListHeading(lines[at]!)) continue;
    const under = headedBy(lines, at, 200);
    const inItems = under.map((l) => itemWords(l.text).length >= 12 && held(l));
    const first = inItems.indexOf(true);
    if (first < 0) continue;
    // The run of read lines: each within a few lines of the next.
    let last = first;
    for (let i = first + 1; i < under.length && i - last <= 4; i++) if (inItems[i]) last = i;
    const leadIn = under.slice(0, first).filter((l) => !aside(l));
    if (leadIn.length > 0) return { heading: lines[at]!, line: leadIn[0]! };
    for (let i = first; i <= last; i++) {
      const l = under[i]!;
      if (!inItems[i] && !aside(l) && !held(l)) return { heading: lines[at]!, line: l };
    }
  }
  return null;
}

/**
 * An improvement-list heading with a list under it that gave no items: a
 * heading (any framework's words for one, set larger than what follows)
 * over lines with bullets or numbers, or over paragraphs of one sentence
 * each, which is how a list printed without markers looks. Prose saying
 * there is little to improve (an outstanding report's) runs to sentences.
 */
function unreadList(doc: PdfText): { heading: Line; why: string } | null {
  const lines = contentLines(doc);
  for (let at = 0; at < lines.length; at++) {
    const heading = lines[at]!;
    if (!isListHeading(heading)) continue;
    const under = headedBy(lines, at, 40);
    if (under.length === 0) continue;
    if (under.some((l) => markerOf(l.text) !== null)) return { heading, why: 'it has lines with bullets or numbers' };
    // Paragraphs: split where the gap between lines is wider than a line and a half.
    const paragraphs: string[][] = [[]];
    under.forEach((l, i) => {
      const prev = under[i - 1];
      if (prev && prev.page === l.page && prev.y - l.y > 1.6 * Math.max(l.size, prev.size)) paragraphs.push([]);
      paragraphs[paragraphs.length - 1]!.push(l.text);
    });
    if (paragraphs.every((p) => sentences(untagged(joinLines(p))).length === 1)) {
      return { heading, why: `${paragraphs.length === 1 ? 'a paragraph' : `${paragraphs.length} paragraphs`} of one sentence${paragraphs.length === 1 ? '' : ' each'}, as a list printed without bullets would be` };
    }
  }
  return null;
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
    const lost = unreadList(doc);
    if (lost) {
      flags.push({
        code: 'missing_improvements',
        message: `the report prints "${lost.heading.text.trim()}" on page ${lost.heading.page}, but no items were read under it (${lost.why}); the reader looked for ${looked.improvements}`,
      });
    }
  }

  // ILACS lists are plain (one heading, bulleted items, no parts or lead-in), so every line under the heading must be in an item.
  // The older layouts' lists have parts, topic headings and numbered statements between items, and are not checked this way.
  const lost = fw?.family === 'ILACS' ? lostFromList(doc, report.improvements) : null;
  if (lost) {
    flags.push({
      code: 'missing_improvements',
      message: `some of the list under "${lost.heading.text.trim()}" (page ${lost.heading.page}) is in no improvement read: "${lost.line.text.trim().slice(0, 80)}" (page ${lost.line.page}); the reader looked for ${looked.improvements}`,
    });
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
