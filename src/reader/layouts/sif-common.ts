// What the pre-2018 layouts (SIF, the standalone LSCB review, LAC2012)
// share: the report's body lines, and judgement tables whose rows start
// with a number or a known label and whose grades are read by position.
// Grades, labels and lists are recognised by the grammar (../grammar.ts, ../lists.ts).
import type { Grade, JudgementDef, JudgementKey } from '../../domain/frameworks.ts';
import type { Line } from '../pdf/layout.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import { matchLabel, parseGrade, splitGrade } from '../grammar.ts';
import { bodyFont, bodySize, contentLines } from '../sections.ts';

/** The report's lines in reading order, without page furniture or stray superscripts. */
export interface Body {
  lines: Line[];
  /** The body text's size and font. */
  size: number;
  font: string;
}

export function readBody(doc: PdfText): Body {
  const size = bodySize(doc.pages);
  // Footnote markers sit on their own baseline in a small size; they are not text.
  const lines = contentLines(doc).filter((l) => !(l.size < size - 1.5 && /^[\d*†]{1,3}$/.test(l.text.trim())));
  return { lines, size, font: bodyFont(doc.pages) };
}

/** How close a printed row label must be to a judgement's label in these tables (their labels are long and exact). */
export const ROW_LABEL_MATCH = 0.6;

/** The judgement a printed row label names; null when no label is close. */
export function labelKey(printed: string, defs: readonly JudgementDef[], min = ROW_LABEL_MATCH): JudgementKey | null {
  return matchLabel(printed, defs, min)?.key ?? null;
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
    const split = l.segments.map((seg) => ({ seg, ...splitGrade(seg.text) }));
    // Only a whole grade marks a row of its own; "be good" finishes a grade wrapped from the line above.
    const lineHasGrade = split.some((p) => p.grade !== '' && parseGrade(p.grade) !== null);
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
    const grade = parseGrade(gradeText);
    if (!key || !grade || out.some((o) => o.key === key)) continue;
    out.push({ key, grade, page, text: `${label} ${gradeText}`.replace(/\s+/g, ' ').trim() });
  }
  return out;
}

