// The report's typeface, shipped in the project: Liberation Sans 2.1.5
// (SIL Open Font License 1.1; assets/fonts/LICENSE-LiberationSans.txt),
// regular and bold. The typesetter embeds it in the page it prints, and
// asks it (through fontkit) which characters it can print and how wide a
// word is, so text it cannot print is refused, naming the character,
// rather than drawn in some other font or dropped.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, type Font } from 'fontkit';

const FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

export const REPORT_FONT = {
  family: 'Liberation Sans',
  regular: `${FONT_DIR}LiberationSans-Regular.ttf`,
  bold: `${FONT_DIR}LiberationSans-Bold.ttf`,
} as const;

interface Loaded {
  regular: Font;
  bold: Font;
  /** The font files' bytes, as the page embeds them. */
  regularBytes: Buffer;
  boldBytes: Buffer;
}

let loaded: Loaded | null = null;

function open(path: string): { font: Font; bytes: Buffer } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`The report's font is missing (${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}): it ships with ilacs in assets/fonts; restore it from the repository.`, { cause: err });
  }
  const f = create(bytes);
  return { font: 'fonts' in f ? f.fonts[0]! : f, bytes };
}

/** The shipped fonts, read once. */
export function reportFonts(): Loaded {
  if (!loaded) {
    const r = open(REPORT_FONT.regular);
    const b = open(REPORT_FONT.bold);
    loaded = { regular: r.font, bold: b.font, regularBytes: r.bytes, boldBytes: b.bytes };
  }
  return loaded;
}

/** How a character is named in a message: itself and its code point. */
export function describeChar(c: string): string {
  const cp = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{Cc}\p{Cf}\p{Z}]/u.test(c) ? `an invisible character ${cp}` : `"${c}" ${cp}`;
}

/**
 * The characters of `text` the report's font cannot print, each once, in
 * the order met. Spaces and line breaks are where lines wrap, never
 * printed; control and formatting characters (a soft hyphen, a zero-width
 * space, a direction mark) have no glyph to print, so they are refused too.
 */
export function unprintable(text: string): string[] {
  const { regular, bold } = reportFonts();
  const bad = new Set<string>();
  for (const c of text) {
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    const cp = c.codePointAt(0)!;
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c) || !regular.hasGlyphForCodePoint(cp) || !bold.hasGlyphForCodePoint(cp)) bad.add(c);
  }
  return [...bad];
}

/** The printed width of `text` in points at `size`, in the regular or bold face, as fontkit lays it out (with the font's kerning, as Chromium sets it). */
export function textWidth(text: string, size: number, bold = false): number {
  const f = bold ? reportFonts().bold : reportFonts().regular;
  return (f.layout(text).advanceWidth / f.unitsPerEm) * size;
}
