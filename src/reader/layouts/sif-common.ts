// What the pre-2018 layouts (SIF, the standalone LSCB review, LAC2012)
// share: grade phrases inside sentences, judgement tables read by position,
// and numbered or bulleted recommendation lists that run until the next
// template heading.
import { parseGrade, type Grade, type JudgementDef, type JudgementKey } from '../../domain/frameworks.ts';
import type { Line } from '../pdf/layout.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem } from '../../domain/report.ts';
import { normText } from '../classify.ts';
import { bodySize, contentLines } from '../sections.ts';

/** The report's lines in reading order, without page furniture or stray superscripts. */
export interface Body {
  lines: Line[];
  size: number;
}

export function readBody(doc: PdfText): Body {
  const size = bodySize(doc.pages);
  // Footnote markers sit on their own baseline in a small size; they are not text.
  const lines = contentLines(doc).filter((l) => !(l.size < size - 1.5 && /^[\d*†]{1,3}$/.test(l.text.trim())));
  return { lines, size };
}

// ---------------------------------------------------------------- grades

const GRADE_PHRASE = /\b(outstanding|good|inadequate|adequate|not judged|requires? improvement(?: to be good)?)\b/i;

/** A printed grade phrase as a grade ("require improvement" in a sentence counts too). */
export function gradeOf(phrase: string): Grade | null {
  const t = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^requires? improvement( to be good)?$/.test(t)) return 'requires_improvement';
  return parseGrade(t);
}

/** The first grade phrase in `text` and the text up to its end. */
export function firstGrade(text: string): { grade: Grade; upTo: string } | null {
  const m = GRADE_PHRASE.exec(text);
  if (!m) return null;
  const grade = gradeOf(m[1]!);
  if (!grade) return null;
  return { grade, upTo: text.slice(0, m.index + m[0].length).trim() };
}

// A grade, or the part of one that wrapped, printed in a table's grade column.
const GRADE_PIECE = /^(requires( improvement( to( be( good)?)?)?)?|improvement( to( be( good)?)?)?|(to )?be good|to be|outstanding|good|inadequate|adequate|not judged|not|judged)$/i;
const GRADE_TAIL = /\s+(requires improvement(?: to(?: be(?: good)?)?)?|requires|outstanding|good|inadequate|adequate|not judged)$/i;

/** A line or segment that is only a grade or a wrapped part of one. */
export function isGradePiece(text: string): boolean {
  return GRADE_PIECE.test(text.replace(/\s+/g, ' ').trim());
}

/** Splits a table segment into label words and a grade printed at its end (as wrapped pieces too). */
export function splitSegment(text: string): { label: string; grade: string } {
  const t = text.replace(/\s+/g, ' ').replace(/\s*\bgrade \d\b\s*$/i, '').trim();
  if (GRADE_PIECE.test(t)) return { label: '', grade: t };
  const m = GRADE_TAIL.exec(t);
  if (m) return { label: t.slice(0, m.index).trim(), grade: m[1]! };
  return { label: t, grade: '' };
}

// ---------------------------------------------------------------- labels

const words = (s: string) =>
  normText(s)
    .replace(/[^a-z ]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0 && w !== 'and' && w !== 'the' && w !== 'of');

function similarity(printed: string, variant: string): number {
  const a = new Set(words(printed));
  const b = new Set(words(variant));
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The judgement a printed row label names; null when no label is close. */
export function labelKey(printed: string, defs: JudgementDef[], min = 0.6): JudgementKey | null {
  let best: { key: JudgementKey; score: number } | null = null;
  for (const def of defs) {
    for (const v of [def.label, ...def.variants]) {
      const score = similarity(printed, v);
      if (!best || score > best.score) best = { key: def.key, score };
    }
  }
  return best && best.score >= min ? best.key : null;
}

// ---------------------------------------------------------------- tables

export interface TableRow {
  key: JudgementKey;
  grade: Grade;
  page: number;
  text: string;
}

interface Piece {
  y: number;
  x: number;
  text: string;
}

interface DraftRow {
  labels: Piece[];
  grades: Piece[];
  top: number;
  bottom: number;
  /** One of its label lines carries a grade on the same line. */
  ownGrade: boolean;
}

/**
 * Reads a judgement table from the lines of one page. A row starts where
 * `startsRow` says (a row number, or a known label); unmarked label lines
 * continue the row above. Grade words are given to the row whose label
 * lines are nearest in height, so a grade wrapped over two lines, printed
 * above or below its label, or on the label's own line all read the same,
 * in whatever order the rows come.
 */
export function readTable(lines: Line[], defs: JudgementDef[], startsRow: (label: string) => boolean): TableRow[] {
  const rows: DraftRow[] = [];
  const loose: Piece[] = [];
  let page = 0;
  for (const l of lines) {
    page = l.page;
    const split = l.segments.map((seg) => ({ seg, ...splitSegment(seg.text) }));
    // Only a whole grade marks a row of its own; "be good" finishes a grade wrapped from the line above.
    const lineHasGrade = split.some((p) => p.grade !== '' && gradeOf(p.grade) !== null);
    for (const { seg, label, grade } of split) {
      if (label) {
        const piece = { y: l.y, x: seg.x, text: label };
        const cur = rows[rows.length - 1];
        // A new row where the label says so, where a line brings a second grade of its own
        // (an unlisted sub-row), or after a gap wider than a wrapped line.
        const fresh = !cur || startsRow(label) || (lineHasGrade && cur.ownGrade) || cur.bottom - l.y > 2.2 * l.size;
        if (fresh) rows.push({ labels: [piece], grades: [], top: l.y, bottom: l.y, ownGrade: lineHasGrade });
        else {
          cur.ownGrade ||= lineHasGrade;
          cur.labels.push(piece);
          cur.bottom = Math.min(cur.bottom, l.y);
          cur.top = Math.max(cur.top, l.y);
        }
      }
      if (grade) loose.push({ y: l.y, x: seg.x, text: grade });
    }
  }
  for (const g of loose) {
    let best: DraftRow | null = null;
    let bestD = Infinity;
    for (const r of rows) {
      const d = g.y > r.top ? g.y - r.top : g.y < r.bottom ? r.bottom - g.y : 0;
      if (d < bestD) {
        best = r;
        bestD = d;
      }
    }
    best?.grades.push(g);
  }
  const out: TableRow[] = [];
  for (const r of rows) {
    const label = r.labels.map((p) => p.text).join(' ');
    const gradeText = [...r.grades]
      .sort((a, b) => b.y - a.y || a.x - b.x)
      .map((p) => p.text)
      .join(' ');
    const key = labelKey(label.replace(/^\d(\.\d)?\.?\s+/, ''), defs);
    const grade = gradeOf(gradeText);
    if (!key || !grade || out.some((o) => o.key === key)) continue;
    out.push({ key, grade, page, text: `${label} ${gradeText}`.replace(/\s+/g, ' ').trim() });
  }
  return out;
}

// ---------------------------------------------------------------- lists

const BULLET = /^\s*([\uf0a7\uf0b7\uf06e\uf0d8\uf0fc\ue000-\uf8ff•●▪■◦○·‣∙⁃]|[-–—*](?=\s))\s*/;
const NUMBER = /^\s*\d{1,3}[.)]\s+/;

/** Sub-headings a recommendations list is divided into; they are not items. */
const SUBHEADING = /^(priority and immediate action|areas for improvement|immediately|within (one|two|three|four|six|nine|twelve|\d+) (month|week)s?|in the longer term)\b[:.]?\s*$/i;

/** A statement under a sub-heading that there is nothing to list. */
const NOTHING = /^(the inspection did not (find|identify) any|there (are|were) no|no) (areas? (of|for) )?priority( and| or)? (immediate )?actions?\b/i;

/** The template's headings after a list: where the list ends even when set in body size. */
const TEMPLATE_HEADING =
  /^(summary for children|inspection findings|information about this|the inspection team|what the inspection judge?ments mean|inspection judge?ments? about|key strengths|the (local authority|lscb)['’]s strengths|the local authority has the following strengths|section \d|the local safeguarding children board|local safeguarding children board|the effectiveness of the (lscb|local safeguarding)|record of main findings)/i;

export type ListMarker = 'number' | 'bullet' | 'any';

function markerOf(text: string): 'number' | 'bullet' | null {
  if (NUMBER.test(text)) return 'number';
  if (BULLET.test(text)) return 'bullet';
  return null;
}

function stripMarker(text: string): string {
  return text.replace(NUMBER, '').replace(BULLET, '').trim();
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
    const kind = markerOf(text);
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
    const t = joinWrapped(d.parts).replace(/([.;:])\s+(areas for improvement|priority and immediate action)$/i, '$1');
    if (!t || NOTHING.test(normText(t))) continue;
    out.push({ text: t, page: d.page, tag: null });
  }
  return { items: out, end: i };
}

/**
 * Joins printed lines: whitespace collapsed; a word or number broken after a
 * hyphen ("long-" / "term", "17-" / "year-old") or a range broken after a
 * dash ("129–" / "130") joined up, the hyphen or dash kept.
 */
export function joinWrapped(texts: string[]): string {
  let out = '';
  for (const raw of texts) {
    const t = raw.replace(/\s+/g, ' ').trim();
    if (!t) continue;
    if (!out) out = t;
    else if (/[A-Za-z0-9]-$/.test(out) && /^[A-Za-z0-9]/.test(t) && !/^(and|or)\b/.test(t)) out += t;
    else if (/\d[–—]$/.test(out) && /^\d/.test(t)) out += t;
    else out += ' ' + t;
  }
  return out;
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
  return next !== undefined && next.page === l.page && markerOf(next.text) === 'bullet' && next.x > l.x + 4;
}

/** A short unpunctuated line followed by an item: a topic heading inside the list. */
function headingLike(lines: Line[], i: number, marker: ListMarker): boolean {
  const l = lines[i]!;
  const t = l.text.trim();
  if (t.length > 90 || /[.;:,]$/.test(t)) return false;
  const next = lines[i + 1];
  if (!next) return false;
  const kind = markerOf(next.text);
  return kind !== null && (marker === 'any' || kind === marker);
}

// ---------------------------------------------------------------- headings

/** Index of the first line at or after `from` (and before `to`) whose whole text matches `re`. */
export function findLine(lines: Line[], re: RegExp, from = 0, to = lines.length): number {
  for (let i = from; i < Math.min(to, lines.length); i++) if (re.test(normText(lines[i]!.text))) return i;
  return -1;
}
