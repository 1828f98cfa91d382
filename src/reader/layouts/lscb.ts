// The standalone review of a Local Safeguarding Children Board (2013–2018),
// published apart from the local authority's SIF report: one judgement,
// stated on page 1, and the board's recommendations.
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, ReadError } from '../../domain/report.ts';
import type { LayoutResult } from './types.ts';
import { FRAMEWORKS } from '../../domain/frameworks.ts';
import { findLineWhere, listHeading, readList } from '../lists.ts';
import { readBody } from './sif-common.ts';
import { readLscbGrade } from './sif.ts';


export function parseLscb(doc: PdfText): LayoutResult | ReadError {
  const body = readBody(doc);
  const lscb = readLscbGrade(doc, body);
  if (!lscb) return { code: 'unsupported_layout', message: "the grade of this LSCB review (\"The Local Safeguarding Children Board is …\") was not found" };
  // The first of the table's headings with items under it; some reviews print only the list's parts ("Priority and immediate action").
  let improvements: ImprovementItem[] = [];
  const heading = listHeading(body, [FRAMEWORKS.LSCB]);
  for (let at = findLineWhere(body.lines, heading); at >= 0 && improvements.length === 0; at = findLineWhere(body.lines, heading, at + 1)) {
    improvements = readList(body, at + 1, 'any').items;
  }
  return {
    framework: 'LSCB',
    judgements: [lscb],
    improvements,
    lscbImprovements: [],
    looked: {
      judgements: 'a sentence naming the board and its grade on page 1 or as a headline',
      improvements: 'a numbered or bulleted list under "Recommendations" or "What does the LSCB need to improve?"',
    },
  };
}
