// The report's body without page furniture (running headers and footers,
// page numbers, footnotes), and its sections (heading, text, pages) for
// full-text search.
import type { Line, PageText } from './pdf/layout.ts';
import type { PdfText } from './pdf/pdfjs.ts';
import type { Section } from './types.ts';

/** The font size most of the report's text is set in. */
export function bodySize(pages: PageText[]): number {
  const weight = new Map<number, number>();
  for (const p of pages) for (const l of p.lines) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  let best = 12;
  let bestW = -1;
  for (const [size, w] of weight) {
    if (w > bestW) {
      best = size;
      bestW = w;
    }
  }
  return best;
}

/** The font most of the report's text is set in. */
export function bodyFont(pages: PageText[]): string {
  const weight = new Map<string, number>();
  for (const p of pages) for (const l of p.lines) weight.set(l.font, (weight.get(l.font) ?? 0) + l.text.length);
  let best = '';
  let bestW = -1;
  for (const [font, w] of weight) {
    if (w > bestW) {
      best = font;
      bestW = w;
    }
  }
  return best;
}

const shape = (s: string) => s.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Lines that repeat at the same height on many pages (running headers and
 * footers), lone page numbers, and the small print of footnotes at the foot
 * of a page.
 */
export function furniture(pages: PageText[]): Set<Line> {
  const out = new Set<Line>();
  const body = bodySize(pages);
  const seen = new Map<string, number>();
  const key = (l: Line) => `${Math.round(l.y / 4)}|${shape(l.text)}`;
  for (const p of pages) {
    const keys = new Set(p.lines.map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeatMin = Math.max(2, Math.ceil(pages.length * 0.3));
  for (const p of pages) {
    const top = p.height * 0.9;
    const bottom = p.height * 0.1;
    for (const l of p.lines) {
      const edge = l.y > top || l.y < bottom;
      if (pages.length >= 3 && (seen.get(key(l)) ?? 0) >= repeatMin && (edge || l.size < body - 0.5)) out.add(l);
      else if (edge && /^(page\s*)?\d{1,3}(\s*of\s*\d{1,3})?$/i.test(l.text.trim())) out.add(l);
      else if (edge && l.size < body - 1.5) out.add(l);
    }
    // Footnotes: the run of small print at the foot of the page, below the last line of body text.
    const kept = p.lines.filter((l) => !out.has(l));
    for (let i = kept.length - 1; i >= 0; i--) {
      const l = kept[i]!;
      if (l.size >= body - 0.75) break;
      if (l.y > p.height * 0.45) break;
      out.add(l);
    }
  }
  return out;
}

/** Every page's lines without furniture, in reading order. */
export function contentLines(doc: PdfText): Line[] {
  const skip = furniture(doc.pages);
  return doc.pages.flatMap((p) => p.lines.filter((l) => !skip.has(l)));
}

/** A heading: larger than body text and short, or a lone line of a small superscript digit (a footnote marker) is not. */
export function isHeading(line: Line, body: number): boolean {
  if (line.size < body + 1.25) return false;
  const t = line.text.trim();
  return t.length > 1 && t.length < 160 && /[A-Za-z]/.test(t);
}

/** Joins printed lines: whitespace collapsed, a word broken after a hyphen joined with the hyphen kept. */
export function joinLines(texts: string[]): string {
  let out = '';
  for (const raw of texts) {
    const t = raw.replace(/\s+/g, ' ').trim();
    if (!t) continue;
    if (!out) out = t;
    else if (/[A-Za-z]-$/.test(out) && /^[A-Za-z]/.test(t)) out += t;
    else out += ' ' + t;
  }
  return out;
}

/**
 * Headings set in the body size but another font (bold): a block of one to
 * three such lines with a paragraph's gap above and below, so a sentence
 * that happens to use another font inside a paragraph is not taken for one.
 */
function styledHeadings(lines: Line[], body: number, font: string): Set<Line> {
  const out = new Set<Line>();
  const gapAbove = (i: number) => {
    const a = lines[i - 1];
    const b = lines[i]!;
    return !a || a.page !== b.page ? Infinity : a.y - b.y;
  };
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (first.font === font || Math.abs(first.size - body) > 0.75 || gapAbove(i) < 1.6 * first.size) continue;
    let j = i;
    while (j + 1 < lines.length && j - i < 2 && lines[j + 1]!.font === first.font && lines[j + 1]!.page === first.page && gapAbove(j + 1) < 1.6 * first.size) j++;
    if (j + 1 < lines.length && gapAbove(j + 1) < 1.6 * first.size) continue;
    const block = lines.slice(i, j + 1);
    const text = block.map((l) => l.text).join(' ');
    if (text.length > 160 || !/^[A-Z]/.test(text) || /^\d+\.\s/.test(text)) continue;
    for (const l of block) out.add(l);
    i = j;
  }
  return out;
}

export function readSections(doc: PdfText): Section[] {
  const body = bodySize(doc.pages);
  const lines = contentLines(doc);
  const styled = styledHeadings(lines, body, bodyFont(doc.pages));
  const sections: Section[] = [];
  let cur: { heading: string[]; text: string[]; first: number; last: number; inHeading: boolean } | null = null;
  const flush = () => {
    if (cur) sections.push({ heading: joinLines(cur.heading), text: joinLines(cur.text), pages: [cur.first, cur.last] });
  };
  for (const l of lines) {
    if (isHeading(l, body) || styled.has(l)) {
      if (cur && cur.inHeading && cur.last === l.page) {
        cur.heading.push(l.text);
        continue;
      }
      flush();
      cur = { heading: [l.text], text: [], first: l.page, last: l.page, inHeading: true };
      continue;
    }
    if (!cur) cur = { heading: [], text: [], first: l.page, last: l.page, inHeading: false };
    cur.inHeading = false;
    cur.text.push(l.text);
    cur.last = l.page;
  }
  flush();
  return sections.filter((s) => s.heading || s.text);
}
