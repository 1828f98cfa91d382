// Turns the lines of a bulleted or numbered list ("What needs to improve",
// "Recommendations") into improvement items, word for word as printed.
import type { Line } from './pdf/layout.ts';
import type { ImprovementItem } from '../domain/report.ts';
import { joinLines } from './sections.ts';

// Bullet glyphs as they come out of the fonts Ofsted has used, including
// symbol-font characters mapped into the private use area.
const BULLET = /^\s*([◼■▪●•◦○·‣∙⁃\u25aa\u25cf\u2022\uf0a7\uf0b7\uf0d8\uf0fc\ue000-\uf8ff]|[-–—−*]\s)\s*/;
const NUMBER = /^\s*(?:\(?\d{1,2}[.)]|\d{1,2}\s(?=[A-Z]))\s*/;
const LETTER = /^\s*(?:\(?[a-z]{1,2}[.)]|\([ivx]+\)|[ivx]+\.)\s+/;

export type Marker = 'bullet' | 'number' | 'letter' | null;

export function markerOf(text: string): Marker {
  if (BULLET.test(text)) return 'bullet';
  if (NUMBER.test(text)) return 'number';
  if (LETTER.test(text)) return 'letter';
  return null;
}

export function stripMarker(text: string): string {
  return text.replace(BULLET, '').replace(NUMBER, '').trim();
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
      const text = joinLines(d.parts);
      return { text, page: d.page, tag: readTag(text) };
    })
    .filter((i) => i.text.length > 0);
}
