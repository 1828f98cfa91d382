// The pool reads a batch with bad files in it to the end, and a reader
// process that overruns its time or memory limit is ended and replaced
// without losing the batch. (Hostile files: test/reader/bounded.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReaderPool, type ReadResult } from '../../src/reader/index.ts';
import { bodyPagePdf, encryptedPdf, htmlPage, manyPagesPdf, randomBytes, selfReferencingPdf, truncated } from '../fixtures/pdf-builder.ts';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';

const outcome = (r: ReadResult): string => (r.ok ? `report:${r.report.framework}` : r.error.code);

test('a batch of bad files and good ones: every file gets its answer, the good ones are read', async () => {
  const good = await sampleReportPdf();
  const batch: [string, Uint8Array][] = [
    ['good', good],
    ['empty', new Uint8Array(0)],
    ['random', randomBytes(3000, 3)],
    ['html', htmlPage('Report not found')],
    ['truncated', truncated(good, 0.5)],
    ['encrypted', encryptedPdf()],
    ['body page', await bodyPagePdf()],
    ['self-referencing', selfReferencingPdf()],
    ['thousands of pages', manyPagesPdf(3000)],
    ['good again', good],
  ];
  const pool = new ReaderPool({ workers: 2 });
  try {
    const results = await Promise.all(batch.map(([, bytes]) => pool.readBytes(bytes)));
    assert.deepEqual(
      Object.fromEntries(batch.map(([name], i) => [name, outcome(results[i]!)])),
      {
        good: 'report:ILACS2023',
        empty: 'not_a_pdf',
        random: 'not_a_pdf',
        html: 'not_a_pdf',
        truncated: 'damaged',
        encrypted: 'encrypted',
        'body page': 'not_a_report',
        'self-referencing': 'damaged',
        'thousands of pages': 'not_a_report',
        'good again': 'report:ILACS2023',
      },
    );
    for (const r of results) if (!r.ok) assert.ok(r.error.message.length > 20, r.error.message);
    assert.equal(pool.replacements, 0);
    assert.ok(good.length > 0, 'readBytes copies unless asked to transfer');
  } finally {
    await pool.close();
  }
});

test('files are read by path in the workers; a missing file is an error, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ilacs-pool-'));
  try {
    writeFileSync(join(dir, 'good.pdf'), await sampleReportPdf());
    writeFileSync(join(dir, 'page.pdf'), htmlPage('Not found'));
    const pool = new ReaderPool({ workers: 1 });
    try {
      const [good, html, missing] = await Promise.all([
        pool.readFile(join(dir, 'good.pdf')),
        pool.readFile(join(dir, 'page.pdf')),
        pool.readFile(join(dir, 'gone.pdf')),
      ]);
      const small = new ReaderPool({ workers: 1, maxBytes: 1000 });
      try {
        const big = await small.readFile(join(dir, 'good.pdf'));
        assert.ok(!big.ok);
        assert.equal(big.error.code, 'not_a_report');
        assert.match(big.error.message, /allowed.*it was not read/);
        assert.match(big.sha256, /^[0-9a-f]{64}$/);
      } finally {
        await small.close();
      }
      assert.equal(outcome(good!), 'report:ILACS2023');
      assert.ok(good!.ok && /^[0-9a-f]{64}$/.test(good.report.sha256));
      assert.equal(outcome(html!), 'not_a_pdf');
      assert.ok(!missing!.ok);
      assert.match(missing.error.message, /could not be read from disk \(ENOENT/);
    } finally {
      await pool.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that overruns the time limit fails as too_complex; its process is replaced and the batch goes on', async () => {
  // 100 000 pages with the page cap lifted: far more work than the limit
  // allows on any machine, so the limit, not the file, ends it.
  const endless = manyPagesPdf(100_000);
  const good = await sampleReportPdf();
  const pool = new ReaderPool({ workers: 1, timeoutMs: 3000, maxMemoryMb: 4096, maxPages: 1_000_000 });
  try {
    const [slow, after1, after2] = await Promise.all([pool.readBytes(endless), pool.readBytes(good), pool.readBytes(good)]);
    assert.ok(!slow!.ok);
    assert.equal(slow.error.code, 'too_complex');
    // Processor time where the system reports it (Linux), with twice that in
    // wall-clock time as a backstop (a busy machine may reach it first);
    // elsewhere wall-clock time.
    assert.match(slow.error.message, /^reading (needed more than 3 s of processor time|took longer than [36] s), so it was stopped/);
    assert.match(slow.sha256, /^[0-9a-f]{64}$/);
    assert.equal(pool.replacements, 1);
    assert.equal(outcome(after1!), 'report:ILACS2023');
    assert.equal(outcome(after2!), 'report:ILACS2023');
  } finally {
    await pool.close();
  }
});

test('a file that needs more memory than the limit fails as too_large, and the pool carries on', async () => {
  const endless = manyPagesPdf(100_000);
  const good = await sampleReportPdf();
  // A small memory limit and a long time limit: memory is what stops it.
  const pool = new ReaderPool({ workers: 1, timeoutMs: 600_000, maxMemoryMb: 200, maxPages: 1_000_000 });
  try {
    // A caller that has hashed the bytes passes the hash on and the pool
    // does not hash them again: a stand-in value shows which one it used.
    const given = 'e'.repeat(64);
    const [big, after] = await Promise.all([pool.readBytes(endless, { transfer: true, sha256: given }), pool.readBytes(good)]);
    assert.ok(!big!.ok);
    assert.equal(big.sha256, given);
    assert.equal(big.error.code, 'too_large');
    assert.match(big.error.message, /more than (200 MB of memory|the 200 MB of JavaScript heap allowed)/);
    assert.equal(pool.replacements, 1);
    assert.equal(outcome(after!), 'report:ILACS2023');
  } finally {
    await pool.close();
  }
});

test('transfer hands over whole buffers and copies slices of shared ones', async () => {
  const pool = new ReaderPool({ workers: 1 });
  try {
    const whole = new Uint8Array(await sampleReportPdf());
    const r1 = await pool.readBytes(whole, { transfer: true });
    assert.equal(outcome(r1), 'report:ILACS2023');
    assert.equal(whole.byteLength, 0, 'a whole buffer is handed over (detached), not copied');
    // Small Buffers share one pooled allocation: handing that over would
    // take other Buffers' memory with it, so it is copied.
    const pooled = Buffer.from(htmlPage('Report not found'));
    const r2 = await pool.readBytes(pooled, { transfer: true });
    assert.equal(outcome(r2), 'not_a_pdf');
    assert.ok(pooled.toString('latin1').includes('Report not found'));
  } finally {
    await pool.close();
  }
});

test('a closed pool answers with an error instead of hanging', async () => {
  const pool = new ReaderPool({ workers: 1 });
  await pool.close();
  const r = await pool.readBytes(htmlPage('x'));
  assert.ok(!r.ok);
  assert.match(r.error.message, /shut down/);
});
