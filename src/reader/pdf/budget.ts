// The decode budget: how many bytes pdf.js may decode for the document
// being read. The patched pdf.js (bounds.ts, and the synchronous inflate in
// speedups.ts) charges every decoded byte to it through a global slot;
// pdfjs.ts starts a budget per document and reads it back afterwards.

/** Where the patched pdf.js finds the current document's budget. */
export const BUDGET_KEY = 'ilacs.decodeBudget';

export interface Budget {
  /** Bytes pdf.js may decode for this document. */
  limit: number;
  used: number;
  /** Decoding stopped for passing the limit. */
  spent: boolean;
}

/** A statement for the patched source: counts `bytes` against the budget and throws once it is spent. */
export function charge(bytes: string, before = ''): string {
  return [
    `{ const ilacsBudget = globalThis[Symbol.for(${JSON.stringify(BUDGET_KEY)})];`,
    `if (ilacsBudget) { ilacsBudget.used += ${bytes};`,
    `if (ilacsBudget.spent || ilacsBudget.used > ilacsBudget.limit) { ilacsBudget.spent = true; ${before}throw new Error("the document decodes to more than its limit"); } } }`,
  ].join(' ');
}

/**
 * An expression for the patched source: the bytes the current document may
 * still decode (at least 1, as zlib's maxOutputLength needs), or undefined
 * when no budget is running.
 */
export function room(): string {
  return `((b) => (b ? Math.max(1, Math.min(b.limit - b.used, 2 ** 31)) : undefined))(globalThis[Symbol.for(${JSON.stringify(BUDGET_KEY)})])`;
}

const slot = globalThis as Record<symbol, Budget | undefined>;

/** Starts a document's budget: pdf.js may decode `limit` bytes for it. */
export function startDecodeBudget(limit: number): void {
  slot[Symbol.for(BUDGET_KEY)] = { limit, used: 0, spent: false };
}

/** The budget of the document being read: its limit, what it used, whether decoding was stopped. */
export function decodeBudget(): Readonly<Budget> | null {
  return slot[Symbol.for(BUDGET_KEY)] ?? null;
}
