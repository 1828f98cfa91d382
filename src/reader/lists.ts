// List items, for every framework: "What needs to improve?",
// "Recommendations", "Areas for improvement". Lines become items by their
// markers (recognised by the grammar, src/reader/grammar.ts), word for word
// as printed, with markers, bullet glyphs and stray marks left out.
//
// Two ways in: `listItems` groups lines already known to be the list (the
// ILACS layout bounds its list by the heading's style), and `readList`
// reads from a heading onwards and finds where the list ends (the older
// layouts set their lists in body text among template headings).
import type { Framework } from '../domain/frameworks.ts';
import type { Line } from './pdf/layout.ts';
import type { ImprovementItem } from '../domain/report.ts';
import { cleanItemText, joinLines, markerOf, normText, stripMarker } from './grammar.ts';
import type { Body } from './layouts/sif-common.ts';

/** A marker that starts an item of an open-ended list: a number or a bullet (letters mark sub-points there). */
function listMarker(text: string): 'number' | 'bullet' | null {
  const kind = markerOf(text);
  return kind === 'letter' ? null : kind;
}

/**
 * A National Framework tag printed at the end of an item: "(Outcome four,
 * National Framework)", "(enabler 2, national framework)", "(Principle 1)".
 */
export function readTag(text: string): string | null {
  const bracketed = /[([]([^()[\]]*)[)\]]\s*[.;]?\s*$/.exec(text);
  if (bracketed) {
    const inner = bracketed[1]!.replace(/\s+/g, ' ').trim();
    return isTag(inner) ? inner : null;
  }
  // Printed as a last sentence: "… change. Enabler three: National Framework."
  const sentence = /(?:^|[.;]\s+)((?:outcomes?|enablers?|principles?)\b[^.;]*national\s+framework)\s*\.?\s*$/i.exec(text);
  return sentence ? sentence[1]!.replace(/\s+/g, ' ').trim() : null;
}

function isTag(inner: string): boolean {
  return /national\s+framework/i.test(inner) || /^(outcomes?|enablers?|principles?)\b/i.test(inner);
}

interface Draft {
  parts: string[];
  page: number;
}

/**
 * Groups list lines into items. A line that starts with the list's marker at
 * the list's indent starts an item; lines indented further (sub-points with
 * their own markers) and unmarked lines continue the current one. A list
 * printed without markers is split into paragraphs at vertical gaps, or,
 * where the report's lists always carry markers, read as prose with no items.
 */
export function listItems(lines: Line[], options: { unmarked?: 'paragraphs' | 'none' } = {}): ImprovementItem[] {
  const content = lines.filter((l) => l.text.trim().length > 0);
  if (content.length === 0) return [];
  const marked = content.filter((l) => markerOf(l.text) === 'bullet' || markerOf(l.text) === 'number');
  const drafts: Draft[] = [];
  if (marked.length > 0) {
    const leadX = Math.min(...marked.map((l) => l.x));
    const leadKind = markerOf(marked.find((l) => l.x - leadX < 4)!.text);
    let cur: Draft | null = null;
    for (const l of content) {
      const kind = markerOf(l.text);
      const atLead = l.x - leadX < 6;
      if (kind === leadKind && atLead) {
        cur = { parts: [stripMarker(l.text)], page: l.page };
        drafts.push(cur);
      } else if (cur) {
        cur.parts.push(kind === 'bullet' ? stripMarker(l.text) : l.text);
      } else {
        // Lead-in text before the first marker is not an item.
        continue;
      }
    }
  } else if (options.unmarked !== 'none') {
    let cur: Draft | null = null;
    let prev: Line | null = null;
    const gaps: number[] = [];
    for (let i = 1; i < content.length; i++) {
      const a = content[i - 1]!;
      const b = content[i]!;
      if (a.page === b.page) gaps.push(a.y - b.y);
    }
    const typical = gaps.length ? [...gaps].sort((x, y) => x - y)[Math.floor(gaps.length / 4)]! : 14;
    for (const l of content) {
      const gap = prev && prev.page === l.page ? prev.y - l.y : 0;
      if (!cur || gap > typical * 1.45) {
        cur = { parts: [l.text], page: l.page };
        drafts.push(cur);
      } else cur.parts.push(l.text);
      prev = l;
    }
  }
  return drafts
    .map((d) => {
      const text = cleanItemText(joinLines(d.parts));
      return { text, page: d.page, tag: readTag(text) };
    })
    .filter((i) => i.text.length > 0);
}


/** Sub-headings a recommendations list is divided into; they are not items. */
const SUBHEADING = /^(priority and immediate action|areas for improvement|immediately|within (one|two|three|four|six|nine|twelve|\d+) (month|week)s?|in the longer term)\b[:.]?\s*$/i;

/** A statement under a sub-heading that there is nothing to list. */
const NOTHING = /^(the inspection did not (find|identify) any|there (are|were) no|no) (areas? (of|for) )?priority( and| or)? (immediate )?actions?\b/i;

/** The template's headings after a list: where the list ends even when set in body size. */
const TEMPLATE_HEADING =
  /^(summary for children|inspection findings|information about this|the inspection team|what the inspection judge?ments mean|inspection judge?ments? about|key strengths|the (local authority|lscb)['’]s strengths|the local authority has the following strengths|section \d|the local safeguarding children board|local safeguarding children board|the effectiveness of the (lscb|local safeguarding)|record of main findings)/i;

export type ListMarker = 'number' | 'bullet' | 'any';

/** A statement that there is nothing to list ("There are no priority actions"). */
export function isNothing(text: string): boolean {
  return NOTHING.test(normText(text));
}

export function isSubheading(text: string): boolean {
  return SUBHEADING.test(normText(text));
}

export function isTemplateHeading(text: string): boolean {
  return TEMPLATE_HEADING.test(normText(text));
}

interface DraftItem {
  x: number;
  page: number;
  parts: string[];
}

/**
 * Reads a recommendations list starting at `from` (the line after its
 * heading). Items start with the list's marker; continuation lines,
 * indented sub-points and their markers belong to the item above. Lead-in
 * text before the first item, the list's sub-headings and statements that
 * there is nothing to list are skipped. The list ends at a heading larger
 * than body text, a template heading, or a paragraph that is not an item.
 */
export function readList(body: Body, from: number, marker: ListMarker = 'any'): { items: ImprovementItem[]; end: number } {
  const { lines, size } = body;
  const items: DraftItem[] = [];
  let cur: DraftItem | null = null;
  // A numbered theme heading the following bullets are grouped under.
  let group: { x: number } | null = null;
  let prev: Line | null = null;
  let i = from;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    // Set smaller than body text (a footnote, a caption): not part of the list.
    if (l.size < size - 1.5) continue;
    // A sub-heading the PDF repeats at the end of an item's last line is a stray.
    const segs = l.segments.length > 1 && isSubheading(l.segments[l.segments.length - 1]!.text) ? l.segments.slice(0, -1) : l.segments;
    const text = segs
      .map((s) => s.text)
      .join(' ')
      .trim();
    if (!text) continue;
    const norm = normText(text);
    if (isSubheading(norm) || NOTHING.test(norm)) {
      cur = null;
      prev = l;
      continue;
    }
    if (l.size >= size + 1.5 && /[a-z]/i.test(text)) break;
    // A template heading in body size: short, and not the words of a sentence running on from the line above.
    const runsOn = prev !== null && continues(prev, l) && !/[.:;!?)]$/.test(prev.text.trim());
    if (isTemplateHeading(norm) && text.length < 100 && !/[,;]$/.test(text) && !runsOn) break;
    const kind = listMarker(text);
    const isItem = kind !== null && (marker === 'any' || kind === marker);
    if (group && kind === 'bullet' && l.x > group.x + 4 && (!cur || l.x <= cur.x + 4)) {
      // A bullet under a numbered theme heading is a recommendation of its own.
      cur = { x: l.x, page: l.page, parts: [stripMarker(text)] };
      items.push(cur);
    } else if (isItem && (!cur || l.x <= cur.x + 4)) {
      if (kind === 'number' && groupHeading(lines, i)) {
        group = { x: l.x };
        cur = null;
        prev = l;
        continue;
      }
      group = null;
      cur = { x: l.x, page: l.page, parts: [stripMarker(text)] };
      items.push(cur);
    } else if (cur && (kind === 'bullet' || l.x > cur.x + 4 || continues(prev, l) || /^[a-z(]/.test(text))) {
      cur.parts.push(kind === 'bullet' ? stripMarker(text) : text);
    } else if (items.length === 0) {
      // Lead-in before the first item ("In order to improve ... the following action.").
    } else if (headingLike(lines, i, marker)) {
      cur = null;
    } else break;
    prev = l;
  }
  const out: ImprovementItem[] = [];
  for (const d of items) {
    // A sub-heading printed again at the end of an item's last line is a stray of the layout.
    const t = cleanItemText(joinLines(d.parts)).replace(/([.;:])\s+(areas for improvement|priority and immediate action)$/i, '$1');
    if (!t || NOTHING.test(normText(t))) continue;
    out.push({ text: t, page: d.page, tag: null });
  }
  return { items: out, end: i };
}

/** The next line of the same paragraph: same page, at ordinary line spacing. */
function continues(prev: Line | null, l: Line): boolean {
  if (!prev) return false;
  if (prev.page !== l.page) return !/[.:;]$/.test(prev.text.trim());
  return prev.y - l.y < 1.6 * Math.max(l.size, prev.size);
}

/**
 * A numbered line that only names a theme ("1. Quality and effectiveness of
 * practice": short, no punctuation) with bullets indented under it:
 * the bullets are the recommendations, the numbered line groups them.
 */
function groupHeading(lines: Line[], i: number): boolean {
  const l = lines[i]!;
  const t = stripMarker(l.text.trim());
  // A lead-in sentence ("Put into place …; this to include") has punctuation; a theme name has none.
  if (t.length > 90 || /[.;:,]/.test(t)) return false;
  const next = lines[i + 1];
  return next !== undefined && next.page === l.page && listMarker(next.text) === 'bullet' && next.x > l.x + 4;
}

/** A short unpunctuated line followed by an item: a topic heading inside the list. */
function headingLike(lines: Line[], i: number, marker: ListMarker): boolean {
  const l = lines[i]!;
  const t = l.text.trim();
  if (t.length > 90 || /[.;:,]$/.test(t)) return false;
  const next = lines[i + 1];
  if (!next) return false;
  const kind = listMarker(next.text);
  return kind !== null && (marker === 'any' || kind === marker);
}

// ---------------------------------------------------------------- headings

/**
 * Whether a line heads one of these frameworks' improvement lists: a line
 * that is one of the table's headings, or a heading set apart from body
 * text (larger, or in another font) that begins with one and goes on
 * ("Recommendations for the LSCB", "What does the board need to improve in Kent?").
 */
export function listHeading(body: Body, frameworks: readonly Framework[]): (l: Line) => boolean {
  const whole = headingPattern(frameworks, 'whole');
  const start = headingPattern(frameworks, 'start');
  return (l) => {
    const t = normText(l.text);
    if (whole.test(t)) return true;
    const styled = l.size >= body.size + 1 || l.font !== body.font;
    return styled && t.length < 90 && start.test(t) && !/[.;,]$/.test(t) && !/\s\d{1,3}$/.test(t);
  };
}

/** Index of the first line at or after `from` (and before `to`) for which `test` holds. */
export function findLineWhere(lines: Line[], test: (l: Line) => boolean, from = 0, to = lines.length): number {
  for (let i = from; i < Math.min(to, lines.length); i++) if (test(lines[i]!)) return i;
  return -1;
}

/** Index of the first line at or after `from` (and before `to`) whose whole text matches `re`. */
export function findLine(lines: Line[], re: RegExp, from = 0, to = lines.length): number {
  for (let i = from; i < Math.min(to, lines.length); i++) if (re.test(normText(lines[i]!.text))) return i;
  return -1;
}

/**
 * A pattern for the headings the frameworks table gives these frameworks'
 * improvement lists, over normText() output: 'start' matches a line that
 * begins with one ("What needs to improve in Kent?"), 'whole' a line that is
 * one, with a colon or question mark after it.
 */
export function headingPattern(frameworks: readonly Framework[], match: 'start' | 'whole'): RegExp {
  const phrases = [...new Set(frameworks.flatMap((f) => f.improvements?.headings ?? []))]
    .sort((a, b) => b.length - a.length)
    .map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (phrases.length === 0) return /(?!)/;
  return match === 'start' ? new RegExp(`^(?:${phrases.join('|')})\\b`) : new RegExp(`^(?:${phrases.join('|')})[:?]*$`);
}
