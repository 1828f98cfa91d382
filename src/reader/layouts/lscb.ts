// The standalone review of a Local Safeguarding Children Board (2013–2018),
// published apart from the local authority's SIF report: one judgement,
// stated on page 1, and the board's recommendations.
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, ReadError } from '../../domain/report.ts';
import type { LayoutResult } from './types.ts';
import { findLine, readList } from '../lists.ts';
import { readBody } from './sif-common.ts';
import { readLscbGrade } from './sif.ts';

const HEADING = /^(recommendations:?|what does the lscb need to improve\??|what does the local safeguarding children board need to improve\??)$/;
const PARTS = /^(priority and immediate action|areas for improvement):?$/;

export function parseLscb(doc: PdfText): LayoutResult | ReadError {
  const body = readBody(doc);
  const lscb = readLscbGrade(doc, body);
  if (!lscb) return { code: 'unsupported_layout', message: "the grade of this LSCB review (\"The Local Safeguarding Children Board is …\") was not found" };
  // The list under its heading; some reviews print only its parts ("Priority and immediate action", "Areas for improvement").
  let improvements: ImprovementItem[] = [];
  for (let at = findLine(body.lines, HEADING); at >= 0 && improvements.length === 0; at = findLine(body.lines, HEADING, at + 1)) {
    improvements = readList(body, at + 1, 'any').items;
  }
  if (improvements.length === 0) {
    const part = findLine(body.lines, PARTS);
    if (part >= 0) improvements = readList(body, part, 'any').items;
  }
  return { framework: 'LSCB', judgements: [lscb], improvements, lscbImprovements: [] };
}
