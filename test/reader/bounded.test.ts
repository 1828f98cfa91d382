// Hostile PDFs (compression bombs nested and flat, deep nesting, cyclic and
// huge page trees, self-recursive forms and fonts, cross-reference loops, a
// heavy content stream drawn by every page), at sizes fit for a unit test:
// each gets a clear answer, reading them never takes a reader process past
// its memory limit, and a report read after them is read as ever.
// `npm run bench:hostile` runs the full-size set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReaderPool, readReport, type ReadResult } from '../../src/reader/index.ts';
import { processUsage } from '../../src/reader/pool.ts';
import { applyPatches, WORKER_SPECIFIER } from '../../src/reader/pdf/speedups.ts';
import { BOUND_PATCHES } from '../../src/reader/pdf/bounds.ts';
import { hostileFiles, nestedBombPdf, sharedHeavyContentPdf } from '../fixtures/hostile-pdf.ts';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';

const outcome = (r: ReadResult): string => (r.ok ? `report:${r.report.framework}` : r.error.code);

test('the decode bounds find their anchors exactly once in the installed pdf.js worker', () => {
  const source = readFileSync(fileURLToPath(import.meta.resolve(WORKER_SPECIFIER)), 'utf8');
  const result = applyPatches(source, BOUND_PATCHES);
  assert.deepEqual(result.missing, [], 'pdf.js changed: bring src/reader/pdf/bounds.ts up to date with it');
  for (const p of BOUND_PATCHES) assert.ok(result.source.includes(p.replace), p.name);
});

test('every hostile file gets a clear answer, within the memory limit, and the pool goes on reading reports', async () => {
  const files = hostileFiles('small');
  const expected: Record<string, string> = {
    'bomb-nested.pdf': 'too_large',
    'bomb-flat.pdf': 'too_large',
    'deep-nesting.pdf': 'too_complex',
    'page-tree-cyclic.pdf': 'damaged',
    'page-tree-huge.pdf': 'not_a_report',
    'self-recursive.pdf': 'not_a_report',
    'xref-loop.pdf': 'damaged',
    'shared-heavy-text.pdf': 'too_large',
    'shared-heavy-text-raw.pdf': 'too_large',
    'shared-heavy-drawing.pdf': 'not_a_report',
  };
  assert.deepEqual(files.map((f) => f.name).sort(), Object.keys(expected).sort());
  const maxMemoryMb = 512;
  const pool = new ReaderPool({ workers: 2, maxMemoryMb });
  let peak = 0;
  const sampler = setInterval(() => {
    for (const pid of pool.pids) peak = Math.max(peak, processUsage(pid)?.rss ?? 0);
  }, 10);
  try {
    const good = await sampleReportPdf();
    const results = await Promise.all([...files.map((f) => pool.readBytes(f.bytes)), pool.readBytes(good)]);
    const got = Object.fromEntries(files.map((f, i) => [f.name, outcome(results[i]!)]));
    assert.deepEqual(got, expected);
    for (const r of results) if (!r.ok) assert.ok(r.error.message.length > 30 && !/\n\s+at /.test(r.error.message), r.error.message);
    assert.equal(outcome(results.at(-1)!), 'report:ILACS2023');
    assert.equal(outcome(await pool.readBytes(good)), 'report:ILACS2023');
    if (processUsage(process.pid)) assert.ok(peak > 0 && peak < maxMemoryMb * 1024 * 1024 * 1.25, `a reader process peaked at ${Math.round(peak / 1048576)} MB`);
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
});

test('a bomb is stopped by the decode budget inside the reader, not only by the process limits', async () => {
  // Read in this thread: only the bound patches stand between the bomb and memory.
  const r = await readReport(nestedBombPdf(512 * 1024 * 1024));
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'too_large');
  assert.match(r.error.message, /compressed streams unpack to more than 64 MB/);
  const text = await readReport(sharedHeavyContentPdf(50, 20_000, { compress: false }));
  assert.ok(!text.ok);
  assert.equal(text.error.code, 'too_large');
  assert.match(text.error.message, /more than 2,000,000 characters of text/);
});

test('a reader process killed from outside fails its file as damaged, and a new one takes over', async () => {
  const pool = new ReaderPool({ workers: 1 });
  try {
    const good = await sampleReportPdf();
    assert.equal(outcome(await pool.readBytes(good)), 'report:ILACS2023');
    const pending = pool.readBytes(sharedHeavyContentPdf(200, 200_000, { draw: 'paths', compress: false }));
    // Wait until the file is in the process, then kill the process.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [pid] = pool.pids;
    process.kill(pid!, 'SIGKILL');
    const r = await pending;
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'damaged');
    assert.match(r.error.message, /the reader stopped unexpectedly on this file \(signal SIGKILL\)/);
    assert.equal(outcome(await pool.readBytes(good)), 'report:ILACS2023');
    assert.notEqual(pool.pids[0], pid);
  } finally {
    await pool.close();
  }
});
