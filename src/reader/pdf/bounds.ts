// A bound on decompression inside pdf.js, applied to its worker module's
// source as Node loads it (like the speed patches in speedups.ts, but always
// on). pdf.js decodes a stream into one buffer that doubles as it grows, or
// through zlib's DecompressionStream into a list of chunks, with no upper
// limit: an 858-byte PDF with three nested FlateDecode layers around 4 GiB
// of zeros took a reader past 9 GB. With these patches every byte pdf.js
// decodes for a document is counted against one budget (set per document by
// pdfjs.ts), and decoding stops once it is spent; pdfjs.ts then learns of it
// from the budget itself (pdf.js, reading leniently, swallows most errors)
// and fails the document as `too_large`. The budget is per document, not per
// stream, so many streams decoded at once (a flat bomb over many pages, or
// one content stream drawn by every page, decoded again for each) are
// bounded together. The reader process's memory limit stays the backstop
// should a pdf.js upgrade move the anchors (test/reader/bounded.test.ts
// fails until they are brought up to date).
import { patchWorkerModule, type SourcePatch } from './speedups.ts';

/** Where the patched pdf.js finds the current document's budget. */
const BUDGET_KEY = 'ilacs.decodeBudget';

interface Budget {
  /** Bytes pdf.js may decode for this document. */
  limit: number;
  used: number;
  /** Decoding stopped for passing the limit. */
  spent: boolean;
}

/** A statement for the patched source: counts `bytes` against the budget and throws once it is spent. */
function charge(bytes: string, before = ''): string {
  return [
    `{ const ilacsBudget = globalThis[Symbol.for(${JSON.stringify(BUDGET_KEY)})];`,
    `if (ilacsBudget) { ilacsBudget.used += ${bytes};`,
    `if (ilacsBudget.spent || ilacsBudget.used > ilacsBudget.limit) { ilacsBudget.spent = true; ${before}throw new Error("the document decodes to more than its limit"); } } }`,
  ].join(' ');
}

export const BOUND_PATCHES: readonly SourcePatch[] = [
  {
    // Every decoder but the image ones (which text extraction never runs)
    // grows its output buffer here; the growth is charged before it is
    // allocated.
    name: 'DecodeStream.ensureBuffer charges the decode budget',
    find: '    const buffer2 = new Uint8Array(size);\n',
    replace: `    ${charge('size - buffer.byteLength')}\n    const buffer2 = new Uint8Array(size);\n`,
  },
  {
    // FlateDecode content streams are inflated by zlib (native memory,
    // outside the JavaScript heap) into a list of chunks.
    name: 'DecompressionStream output charges the decode budget',
    find: ['        chunks.push(chunk);', '        totalLength += chunk.byteLength;\n'].join('\n'),
    replace: ['        chunks.push(chunk);', '        totalLength += chunk.byteLength;', `        ${charge('chunk.byteLength', 'reader.cancel().catch(() => {}); ')}\n`].join('\n'),
  },
];

let installed = false;
let applied = false;

/** Whether this thread has loaded pdf.js's worker module with the bounds in. */
export function boundPatchesApplied(): boolean {
  return applied;
}

/** Has this thread load pdf.js's worker module with the bounds applied. Call before it is first imported. */
export function installBoundPatches(): void {
  if (installed) return;
  installed = true;
  patchWorkerModule(BOUND_PATCHES, (ok) => {
    applied = ok;
  });
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
