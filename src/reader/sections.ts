// The report's body without page furniture (running headers and footers,
// page numbers, footnotes), and its sections (heading, text, pages) for
// full-text search.
import type { Line, PageText } from './pdf/layout.ts';
import type { PdfText } from './pdf/pdfjs.ts';
import type { Section } from '../domain/report.ts';
import { joinLines } from './grammar.ts';

// The layouts and readSections all need the same per-document facts (body
// size and font, the furniture to skip); each is worked out once per
// document's pages and remembered for as long as those pages live.
const sizeMemo = new WeakMap<PageText[], number>();
const fontMemo = new WeakMap<PageText[], string>();
const furnitureMemo = new WeakMap<PageText[], Set<Line>>();

/** The font size most of the report's text is set in. */
export function bodySize(pages: PageText[]): number {
  const memo = sizeMemo.get(pages);
  if (memo !== undefined) return memo;
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
  sizeMemo.set(pages, best);
  return best;
}

/** The font most of the report's text is set in. */
export function bodyFont(pages: PageText[]): string {
  const memo = fontMemo.get(pages);
  if (memo !== undefined) return memo;
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
  fontMemo.set(pages, best);
  return best;
}

const shape = (s: string) => s.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Lines that repeat at the same height on many pages (running headers and
 * footers), lone page numbers, and the small print of footnotes at the foot
 * of a page.
 */
export function furniture(pages: PageText[]): Set<Line> {
  const memo = furnitureMemo.get(pages);
  if (memo) return new Set(memo);
  const out = new Set<Line>();
  const body = bodySize(pages);
  const seen = new Map<string, number>();
  // Each line's key is worked out once: shaping the text is most of the cost.
  const keys = new Map<Line, string>();
  for (const p of pages) {
    const onPage = new Set<string>();
    for (const l of p.lines) {
      const k = `${Math.round(l.y / 4)}|${shape(l.text)}`;
      keys.set(l, k);
      onPage.add(k);
    }
    for (const k of onPage) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeatMin = Math.max(2, Math.ceil(pages.length * 0.3));
  for (const p of pages) {
    const top = p.height * 0.9;
    const bottom = p.height * 0.1;
    for (const l of p.lines) {
      const edge = l.y > top || l.y < bottom;
      if (pages.length >= 3 && (seen.get(keys.get(l)!) ?? 0) >= repeatMin && (edge || l.size < body - 0.5)) out.add(l);
      else if (edge && /^(page\s*)?\d{1,3}(\s*of\s*\d{1,3})?$/i.test(l.text.trim())) out.add(l);
      else if (edge && l.size < body - 1.5) out.add(l);
    }
    // Footnotes: the run of small print at the foot of the page, below the last line of body text.
    for (let i = p.lines.length - 1; i >= 0; i--) {
      const l = p.lines[i]!;
      if (out.has(l)) continue;
      if (l.size >= body - 0.75) break;
      if (l.y > p.height * 0.45) break;
      out.add(l);
    }
  }
  furnitureMemo.set(pages, out);
  return new Set(out);
}

/** Every page's lines without furniture, in reading order. */
export function contentLines(doc: PdfText): Line[] {
  const skip = furnitureMemo.get(doc.pages) ?? furniture(doc.pages);
  return doc.pages.flatMap((p) => p.lines.filter((l) => !skip.has(l)));
}

/** A heading: larger than body text and short, or a lone line of a small superscript digit (a footnote marker) is not. */
export function isHeading(line: Line, body: number): boolean {
  if (line.size < body + 1.25) return false;
  const t = line.text.trim();
  return t.length > 1 && t.length < 160 && /[A-Za-z]/.test(t);
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
