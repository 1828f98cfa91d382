// Three small changes to pdf.js's text extraction, applied to its worker
// module's source as Node loads it. None of them changes a single output value;
// together they cut the reader's CPU time by about a third.
//
// 1. TextState.clone made each copy with Object.create(this): every copy had
//    the previous copy as its prototype. Each text state then had a shape of
//    its own, so every property read in the per-glyph loop went through
//    V8's slowest (megamorphic) lookup, and saved states built ever longer
//    prototype chains. Every field of a TextState is an own field (the
//    class declares them all and Object.assign copies them), so a copy
//    whose prototype is TextState.prototype reads exactly the same values.
// 2. getCurrentTextTransform, run twice per glyph, multiplied three
//    matrices through two calls to Util.transform, each allocating an array.
//    The same products, term by term in the same order (so the floating-
//    point results are bit for bit the same), are written out in place.
// 3. Compressed streams were inflated through a web DecompressionStream:
//    zlib in 16 KB chunks on the thread pool, each chunk a round trip of
//    promises and web-stream machinery back to the JavaScript thread. A
//    reader process reads one file at a time and has nothing else to do
//    meanwhile, so one synchronous zlib call gives the same bytes for less
//    CPU and less waiting. It charges the document's decode budget like the
//    stream path (budget.ts), and stops at what is left of it. Any zlib error
//    falls through to pdf.js's own path, which handles damaged streams as
//    before.
//
// The patches are all-or-nothing: if a pdf.js upgrade changes any anchor
// text, the stock module loads unchanged (correct, only slower) and
// `test/reader/speedups.test.ts` fails until the patches are brought up to
// date. ILACS_PDFJS_PATCHES=off loads the stock module, to compare.
import { registerHooks } from 'node:module';
import { charge, room } from './budget.ts';

export interface SourcePatch {
  name: string;
  find: string;
  replace: string;
}

export const WORKER_SPECIFIER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

export const WORKER_PATCHES: readonly SourcePatch[] = [
  {
    name: 'TextState.clone keeps one prototype',
    find: ['  clone() {', '    const clone = Object.assign(Object.create(this), this);', '    clone.textMatrix = this.textMatrix.slice();'].join('\n'),
    replace: ['  clone() {', '    const clone = Object.assign(Object.create(TextState.prototype), this);', '    clone.textMatrix = this.textMatrix.slice();'].join('\n'),
  },
  {
    name: 'compressed streams inflate in one synchronous zlib call',
    find: ['    const bytes = this.stream.isAsync && (await this.stream.asyncGetBytes()) || this.stream.getBytes();', '    try {', '      const {'].join('\n'),
    replace: [
      '    const bytes = this.stream.isAsync && (await this.stream.asyncGetBytes()) || this.stream.getBytes();',
      '    {',
      '      const zlib = process.getBuiltinModule("node:zlib");',
      `      const maxOutputLength = ${room()};`,
      '      let out = null;',
      '      try {',
      '        out = name === "deflate" ? zlib.inflateSync(bytes, { maxOutputLength }) : name === "brotli" ? zlib.brotliDecompressSync(bytes, { maxOutputLength }) : null;',
      '      } catch (e) {',
      `        if (e?.code === "ERR_BUFFER_TOO_LARGE") ${charge('maxOutputLength + 1')}`,
      '      }',
      `      if (out) { ${charge('out.byteLength')} return { decompressed: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), compressed: bytes }; }`,
      '    }',
      '    try {',
      '      const {',
    ].join('\n'),
  },
  {
    name: 'getCurrentTextTransform multiplies in place',
    find: '      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));\n',
    replace: [
      '      const t = textState.textMatrix, c = textState.ctm;',
      '      const m0 = t[0] * tsm[0] + t[2] * tsm[1], m1 = t[1] * tsm[0] + t[3] * tsm[1];',
      '      const m2 = t[0] * tsm[2] + t[2] * tsm[3], m3 = t[1] * tsm[2] + t[3] * tsm[3];',
      '      const m4 = t[0] * tsm[4] + t[2] * tsm[5] + t[4], m5 = t[1] * tsm[4] + t[3] * tsm[5] + t[5];',
      '      return [c[0] * m0 + c[2] * m1, c[1] * m0 + c[3] * m1, c[0] * m2 + c[2] * m3, c[1] * m2 + c[3] * m3, c[0] * m4 + c[2] * m5 + c[4], c[1] * m4 + c[3] * m5 + c[5]];',
      '',
    ].join('\n'),
  },
];

export interface PatchResult {
  source: string;
  /** Names of patches whose anchor text was not found exactly once. */
  missing: string[];
}

/** Applies every patch, or none: any anchor not found exactly once leaves the source as it was. */
export function applyPatches(source: string, patches: readonly SourcePatch[] = WORKER_PATCHES): PatchResult {
  const missing = patches.filter((p) => source.split(p.find).length !== 2).map((p) => p.name);
  if (missing.length > 0) return { source, missing };
  let out = source;
  for (const p of patches) out = out.replace(p.find, () => p.replace);
  return { source: out, missing };
}

export function patchesEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(0|off|false|no)$/i.test(env.ILACS_PDFJS_PATCHES ?? '');
}

let installed = false;
let applied = false;

/** Whether this thread has loaded pdf.js's worker module with the patches in. */
export function workerPatchesApplied(): boolean {
  return applied;
}

/**
 * Has this thread load pdf.js's worker module with `patches` applied (all or
 * none) and tells `applied` whether they were. Call before the module is
 * first imported in the thread; each call adds one load hook.
 */
export function patchWorkerModule(patches: readonly SourcePatch[], applied: (ok: boolean) => void): void {
  const target = import.meta.resolve(WORKER_SPECIFIER);
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (url !== target || loaded.source === undefined) return loaded;
      const text = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
      const patched = applyPatches(text, patches);
      applied(patched.missing.length === 0);
      return { ...loaded, source: patched.source };
    },
  });
}

/**
 * Has this thread load pdf.js's worker module with the patches applied.
 * Call before the module is first imported in the thread.
 */
export function installWorkerPatches(): void {
  if (installed || !patchesEnabled()) return;
  installed = true;
  patchWorkerModule(WORKER_PATCHES, (ok) => {
    applied = ok;
  });
}
