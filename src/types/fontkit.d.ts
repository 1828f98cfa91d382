// The part of fontkit (foliojs, MIT) the report typesetter uses: glyph
// coverage and advance widths of the shipped font. fontkit ships no types.
declare module 'fontkit' {
  export interface Glyph {
    advanceWidth: number;
  }
  export interface GlyphRun {
    advanceWidth: number;
  }
  export interface Font {
    unitsPerEm: number;
    familyName: string;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string): GlyphRun;
  }
  export function create(buffer: Buffer | Uint8Array): Font | { fonts: Font[] };
}
