// The speed patches to pdf.js's worker: they must still fit the installed
// pdf.js (an upgrade that moves their anchors fails here, not silently in a
// slower product), they apply all or nothing, and a reader with them gives
// exactly the text, positions and fonts the stock pdf.js gives, on real
// report PDFs (the corpus when it is present, built fixtures otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatches, patchesEnabled, WORKER_PATCHES, WORKER_SPECIFIER } from '../../src/reader/pdf/speedups.ts';
import { expandInputs } from '../../src/cli/commands/extract.ts';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';
import { buildLscbPdf } from '../fixtures/sif-pdf.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/reports', import.meta.url));
const PDFJS = fileURLToPath(new URL('../../src/reader/pdf/pdfjs.ts', import.meta.url));
const SPEEDUPS = fileURLToPath(new URL('../../src/reader/pdf/speedups.ts', import.meta.url));

test('every patch finds its anchor exactly once in the installed pdf.js worker', () => {
  const source = readFileSync(fileURLToPath(import.meta.resolve(WORKER_SPECIFIER)), 'utf8');
  const result = applyPatches(source);
  assert.deepEqual(result.missing, [], 'pdf.js changed: bring src/reader/pdf/speedups.ts up to date with it');
  assert.notEqual(result.source, source);
  for (const p of WORKER_PATCHES) {
    assert.ok(result.source.includes(p.replace), p.name);
    assert.ok(!result.source.includes(p.find), p.name);
  }
});

test('patches apply all or nothing: one missing anchor leaves the source as it was, and names the patch', () => {
  const source = `before\n${WORKER_PATCHES.map((p) => p.find).join('\nbetween\n')}\nafter\n`;
  assert.deepEqual(applyPatches(source).missing, []);
  for (const p of WORKER_PATCHES) {
    const without = source.replace(p.find, 'something else\n');
    assert.deepEqual(applyPatches(without), { source: without, missing: [p.name] });
    const twice = `${source}${p.find}`;
    assert.deepEqual(applyPatches(twice), { source: twice, missing: [p.name] });
  }
});

test('ILACS_PDFJS_PATCHES=off (or 0, false, no) turns the patches off; anything else leaves them on', () => {
  for (const v of ['off', 'OFF', '0', 'false', 'no']) assert.equal(patchesEnabled({ ILACS_PDFJS_PATCHES: v }), false, v);
  for (const v of [undefined, '', 'on', '1']) assert.equal(patchesEnabled({ ILACS_PDFJS_PATCHES: v }), true, String(v));
});

/**
 * pdf.js names each font it loads from a counter, and loads a document's
 * fonts in whatever order its concurrent page requests reach them, so the
 * same font may be 'g_d3_f2' in one run and 'g_d3_f3' in the next, with or
 * without the patches. Renamed by first use, the same text compares equal.
 */
function fontsByFirstUse(text: unknown): unknown {
  const names = new Map<string, string>();
  return JSON.parse(JSON.stringify(text), (key, value: unknown) => {
    if (key !== 'font' || typeof value !== 'string') return value;
    if (!names.has(value)) names.set(value, `font ${names.size + 1}`);
    return names.get(value);
  });
}

/** Reads each file's positioned text in a fresh process, with the patches on or off. */
function dump(files: string[], patches: 'on' | 'off'): Promise<{ applied: boolean; texts: unknown[] }> {
  const script = `
    import { readFileSync } from 'node:fs';
    import { loadPdfText } from ${JSON.stringify(PDFJS)};
    import { workerPatchesApplied } from ${JSON.stringify(SPEEDUPS)};
    const texts = [];
    for (const f of JSON.parse(process.argv[1])) {
      try { texts.push(await loadPdfText(readFileSync(f))); } catch (e) { texts.push({ error: String(e) }); }
    }
    process.stdout.write(JSON.stringify({ applied: workerPatchesApplied(), texts }));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(files)],
      { env: { ...process.env, ILACS_PDFJS_PATCHES: patches }, maxBuffer: 1 << 30 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

test('with the patches, pdf.js gives exactly the stock text, positions and fonts of real report PDFs', async () => {
  let files: string[];
  let tmp: string | null = null;
  if (existsSync(CORPUS)) {
    // Every 15th file: all frameworks and layouts, in a few seconds.
    files = (await expandInputs([CORPUS], () => {})).filter((_, i) => i % 15 === 0);
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'ilacs-speedups-'));
    files = [join(tmp, 'ilacs.pdf'), join(tmp, 'lscb.pdf')];
    writeFileSync(files[0]!, await sampleReportPdf());
    writeFileSync(files[1]!, await buildLscbPdf({ board: 'Anytown Safeguarding Children Board', headline: ['Good'], recommendations: [['Make sure that audits are acted on.', 'Review the threshold guidance.']] }));
  }
  try {
    const [patched, stock] = await Promise.all([dump(files, 'on'), dump(files, 'off')]);
    assert.equal(patched.applied, true, 'the patches were not applied when pdf.js loaded');
    assert.equal(stock.applied, false);
    assert.equal(patched.texts.length, files.length);
    assert.ok(patched.texts.some((t) => (t as { pages?: unknown[] }).pages?.length), 'no file was read');
    for (const [i, f] of files.entries()) assert.deepEqual(fontsByFirstUse(patched.texts[i]), fontsByFirstUse(stock.texts[i]), f);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
});
