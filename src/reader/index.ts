// The reader's public surface: bytes in, a typed Report or a typed error out.
export { readReport, DEFAULT_MAX_PAGES, type ReadOptions } from './read.ts';
export { ReaderPool, type ReaderPoolOptions } from './pool.ts';
export { sniff } from './sniff.ts';
export { READ_ERROR_CODES } from './types.ts';
export type { Evidence, ImprovementItem, Judgement, ReadError, ReadErrorCode, ReadResult, Report, ReportAuthority, Section } from './types.ts';
