// Decides from page 1 which family of report a document is. The title
// phrases come from the frameworks table, so a new framework's reports are
// recognised by adding its titles there.
import { FRAMEWORK_FAMILIES, familyFrameworks, type FrameworkFamily } from '../domain/frameworks.ts';
import type { Line, PageText } from './pdf/layout.ts';
import { normText } from './grammar.ts';

/** Frameworks that share a title and a layout parser. */
export type ReportFamily = FrameworkFamily;

export interface Classification {
  family: ReportFamily;
  /** The lines of page 1 that make up the title block (council name and title). */
  titleLines: Line[];
  /** The title block as one line of text. */
  title: string;
}


// When several families' phrases appear, the more specific wins: a SIF
// title also names the LSCB review, and a trust's name contains ILACS's
// "children's services trust". FRAMEWORK_FAMILIES lists them in that order.

const DATE_LINE = /^(inspection dates?|dates? of inspection|lead inspector|reporting inspector|judgement grade)\b/i;

/** The lines at the top of page 1 before the dates, inspector or judgement table. */
export function titleBlock(page: PageText): Line[] {
  const out: Line[] = [];
  for (const line of page.lines) {
    if (DATE_LINE.test(normText(line.text))) break;
    out.push(line);
    if (out.length >= 12) break;
  }
  return out;
}

const MAX_GAP = 6;

/**
 * A title phrase found in the title text, its words in order with up to a
 * few other words between them: "inspection of children's services" is in
 * "Inspection of Kent County Council children's services".
 */
export function hasPhrase(text: string, phrase: string): boolean {
  const t = normText(text).split(/[\s,]+/).filter(Boolean);
  const p = normText(phrase).split(/[\s,]+/).filter(Boolean);
  if (p.length === 0) return false;
  for (let s = 0; s < t.length; s++) {
    if (t[s] !== p[0]) continue;
    let at = s;
    let ok = true;
    for (let k = 1; k < p.length; k++) {
      let found = -1;
      for (let j = at + 1; j <= Math.min(t.length - 1, at + 1 + MAX_GAP); j++) {
        if (t[j] === p[k]) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      at = found;
    }
    if (ok) return true;
  }
  return false;
}

export function classify(page1: PageText | undefined): Classification | null {
  if (!page1) return null;
  const block = titleBlock(page1);
  const text = normText(block.map((l) => l.text).join(' '));
  for (const family of FRAMEWORK_FAMILIES) {
    const phrases = [...new Set(familyFrameworks(family).flatMap((f) => f.titles))];
    if (phrases.some((p) => hasPhrase(text, p))) {
      return { family, titleLines: block, title: block.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim() };
    }
  }
  return null;
}
