// Turns positioned text items (as pdf.js gives them) into lines and
// segments. Layout parsers work on these, never on a flat text dump, so a
// grade still belongs to the label beside it when either wraps.

export interface TextItem {
  str: string;
  /** left edge, PDF user space (points, origin bottom-left) */
  x: number;
  /** baseline */
  y: number;
  w: number;
  /** font size (height of the glyph box) */
  h: number;
  font: string;
}

/** A run of text on one line with no wide gap inside it (one table cell, say). */
export interface Segment {
  x: number;
  x2: number;
  text: string;
}

export interface Line {
  page: number;
  /** baseline, top of page = larger y */
  y: number;
  x: number;
  x2: number;
  /** dominant font size on the line */
  size: number;
  font: string;
  text: string;
  segments: Segment[];
}

export interface PageText {
  number: number;
  width: number;
  height: number;
  lines: Line[];
}

/** Gap (in units of font size) above which two items on a line are separate segments. */
const SEGMENT_GAP = 1.6;

export function buildLines(pageNumber: number, items: TextItem[]): Line[] {
  const visible = items.filter((i) => i.str.length > 0 && i.h > 0);
  // Group by baseline: items whose baselines are within 40% of the font size.
  visible.sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextItem[][] = [];
  for (const item of visible) {
    // Rows start in falling-baseline order, so only the last few can be
    // within reach; scanning back from the end (and keeping the earliest
    // match) keeps a page with very many items from going quadratic.
    const reach = Math.max(2, 0.4 * item.h);
    let row: TextItem[] | undefined;
    for (let k = rows.length - 1; k >= 0; k--) {
      const ref = rows[k]![0]!;
      if (ref.y - item.y > reach) break;
      if (Math.abs(ref.y - item.y) <= Math.max(2, 0.4 * Math.min(ref.h, item.h))) row = rows[k];
    }
    if (row) row.push(item);
    else rows.push([item]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    const segments: Segment[] = [];
    let cur: Segment | null = null;
    let lastRight = -Infinity;
    let lastSize = 0;
    for (const it of row) {
      const size = Math.max(it.h, lastSize, 1);
      const gap = it.x - lastRight;
      if (!cur || gap > SEGMENT_GAP * size) {
        cur = { x: it.x, x2: it.x + it.w, text: it.str };
        segments.push(cur);
      } else {
        const needSpace = gap > 0.15 * size && !cur.text.endsWith(' ') && !it.str.startsWith(' ');
        cur.text += (needSpace ? ' ' : '') + it.str;
        cur.x2 = Math.max(cur.x2, it.x + it.w);
      }
      lastRight = Math.max(lastRight, it.x + it.w);
      lastSize = it.h;
    }
    for (const s of segments) s.text = s.text.replace(/\s+/g, ' ').trim();
    const kept = segments.filter((s) => s.text.length > 0);
    if (kept.length === 0) continue;
    const sizes = new Map<number, number>();
    const fonts = new Map<string, number>();
    for (const it of row) {
      const k = Math.round(it.h * 2) / 2;
      sizes.set(k, (sizes.get(k) ?? 0) + it.str.length);
      fonts.set(it.font, (fonts.get(it.font) ?? 0) + it.str.length);
    }
    const size = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const font = [...fonts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    lines.push({
      page: pageNumber,
      y: row.reduce((s, i) => s + i.y, 0) / row.length,
      x: kept[0]!.x,
      x2: kept[kept.length - 1]!.x2,
      size,
      font,
      text: kept.map((s) => s.text).join(' '),
      segments: kept,
    });
  }
  lines.sort((a, b) => b.y - a.y || a.x - b.x);
  return lines;
}
