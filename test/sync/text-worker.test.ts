// Sync keeps other publications' plain text. It is read in a reader process,
// bounded like any report, never in the calling process (the web server's,
// under serve --sync-every): a hostile letter is a typed error, not a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReaderPool } from '../../src/reader/index.ts';
import { documentText, TextExtractionError } from '../../src/sync/text-worker.ts';
import { nestedBombPdf } from '../fixtures/hostile-pdf.ts';
import { letterPdf } from './helpers.ts';

test("a letter's text is read in a reader process; a broken or hostile PDF is a typed error, not a crash", async () => {
  const pool = new ReaderPool({ workers: 1 });
  try {
    const text = await documentText(pool, await letterPdf('Focused visit to Dorset', 'Findings about care leavers.'));
    assert.equal(text.pageCount, 1);
    assert.match(text.text, /Focused visit to Dorset\nFindings about care leavers\./);
    const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await assert.rejects(documentText(pool, broken), (err: unknown) => err instanceof TextExtractionError && err.kind === 'damaged');
    // The compression bomb from the issue, at a size fit for a unit test.
    const memoryBefore = process.memoryUsage().rss;
    await assert.rejects(documentText(pool, nestedBombPdf(256 * 1024 * 1024)), (err: unknown) => err instanceof TextExtractionError && err.kind === 'too_large' && /unpack to more than 64 MB/.test(err.message));
    assert.ok(process.memoryUsage().rss - memoryBefore < 64 * 1024 * 1024, 'the bomb was not unpacked in this process');
    // The pool carries on.
    assert.equal((await documentText(pool, await letterPdf('Monitoring visit', 'Progress since the inspection.'))).pageCount, 1);
  } finally {
    await pool.close();
  }
});
