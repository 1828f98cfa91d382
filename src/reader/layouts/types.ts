// The contract between the generic reader (src/reader/parse.ts) and each
// framework's layout parser. A layout reads what differs between frameworks
// (judgement tables, improvement lists); the generic reader reads what is
// common (title, authority, dates, inspector, sections) and merges.
import type { FrameworkId } from '../../domain/frameworks.ts';
import type { PdfText } from '../pdf/pdfjs.ts';
import type { ImprovementItem, Judgement, ReadError, Report } from '../../domain/report.ts';
import type { Looked } from '../complete.ts';

export interface LayoutResult {
  framework: FrameworkId;
  judgements: Judgement[];
  improvements: ImprovementItem[];
  lscbImprovements: ImprovementItem[];
  /** Header fields the layout reads its own way (e.g. LAC2012's "Reporting inspector"); merged over the generic ones. */
  inspection?: Partial<Report['inspection']>;
  /** Where the layout looked for the judgements and the improvement list, for flags when they are not all there. */
  looked: Looked;
}

export type Layout = (doc: PdfText) => LayoutResult | ReadError;

export function isReadError(v: LayoutResult | ReadError): v is ReadError {
  return 'code' in v;
}
