import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfPlainTextBounded, TextExtractionError } from '../../src/sync/text-worker.ts';
import { letterPdf } from './helpers.ts';

test('a letter\'s text is read in a worker thread; a broken PDF is a typed error, not a crash', async () => {
  const text = await pdfPlainTextBounded(await letterPdf('Focused visit to Dorset', 'Findings about care leavers.'));
  assert.equal(text.pageCount, 1);
  assert.match(text.text, /Focused visit to Dorset\nFindings about care leavers\./);
  const broken = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await assert.rejects(pdfPlainTextBounded(broken), (err: unknown) => err instanceof TextExtractionError && err.kind === 'damaged');
});
