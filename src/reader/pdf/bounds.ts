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
import { charge } from './budget.ts';

export { decodeBudget, startDecodeBudget } from './budget.ts';

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
