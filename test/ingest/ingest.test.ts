// Ingest logic (idempotence, duplicates, bad files, run log, sidecar,
// snapshot-then-PDF) on both databases, with a stand-in reader so the
// tests do not depend on the PDF reader: each test file holds a Report as JSON.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ingest, InputError, type ReportReader } from '../../src/ingest/index.ts';
import type { ReadResult, Report } from '../../src/domain/report.ts';
import { openStore } from '../../src/store/index.ts';
import { dropTestDatabases, sampleReport, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';

after(dropTestDatabases);

function jsonReader(version = 1): ReportReader & { calls: number } {
  const r = {
    calls: 0,
    concurrency: 2,
    version,
    async read(bytes: Uint8Array): Promise<ReadResult> {
      r.calls++;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const text = Buffer.from(bytes).toString('utf8');
      if (!text.startsWith('{')) return { ok: false, error: { code: 'not_a_pdf', message: 'not a PDF: test file' }, sha256 };
      return { ok: true, report: { ...(JSON.parse(text) as Report), sha256 } };
    },
  };
  return r;
}

function writeReport(file: string, overrides: Partial<Report>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(sampleReport(overrides)));
}

function corpus(): string {
  const dir = tempDir();
  writeReport(path.join(dir, 'reports', 'a', 'one.pdf'), { title: 'One' });
  writeReport(path.join(dir, 'reports', 'b', 'two.pdf'), { title: 'Two', localAuthority: { urn: '80487', name: 'Barnet', printedName: 'Barnet' } });
  writeReport(path.join(dir, 'reports', 'b', 'three.PDF'), { title: 'Three', framework: 'SIF' });
  fs.copyFileSync(path.join(dir, 'reports', 'a', 'one.pdf'), path.join(dir, 'reports', 'b', 'one-again.pdf'));
  fs.writeFileSync(path.join(dir, 'reports', 'b', 'broken.pdf'), '<html>Report not found</html>');
  fs.writeFileSync(path.join(dir, 'reports', 'b', 'notes.txt'), 'not a pdf name, skipped when walking folders');
  fs.writeFileSync(path.join(dir, 'index.csv'), 'path,urn,listed_date,source_url\na/one.pdf,80559,2024-03-01,https://files.ofsted.gov.uk/v1/file/1\n');
  return dir;
}

for (const database of testDatabases()) {
  describe(`ingest on ${database.name}`, () => {
    test('adds each report once, records bad files, and a re-run reads nothing stored', async () => {
      const dir = corpus();
      const store = await openStore(await database.create());
      try {
        const reader = jsonReader();
        const first = await ingest(store, [path.join(dir, 'reports')], { reader, displayName: (f) => path.relative(dir, f) });
        assert.equal(first.seen, 5);
        assert.equal(first.added, 3);
        assert.equal(first.unchanged, 1, 'the copy of one.pdf is the same report');
        assert.deepEqual(first.failed, [{ file: 'reports/b/broken.pdf', code: 'not_a_pdf', message: 'not a PDF: test file' }]);
        const s = await store.stats();
        assert.equal(s.reports, 3);
        assert.equal(s.failedFiles, 1);
        const files = await store.runFiles(first.runId);
        assert.equal(files.length, 5);
        assert.deepEqual(files.map((f) => f.outcome).sort(), ['added', 'added', 'added', 'failed', 'unchanged']);
        const [run] = await store.lastRuns(1);
        assert.deepEqual([run?.status, run?.seen, run?.added, run?.unchanged, run?.failed], ['completed', 5, 3, 1, 1]);

        const callsBefore = reader.calls;
        const second = await ingest(store, [path.join(dir, 'reports')], { reader });
        assert.deepEqual([second.seen, second.added, second.unchanged, second.failed.length], [5, 0, 4, 1]);
        assert.equal(reader.calls - callsBefore, 1, 'only the failed file is read again');
        assert.equal((await store.stats()).reports, 3);
      } finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('the sidecar index gives source address and listing date', async () => {
      const dir = corpus();
      const store = await openStore(await database.create());
      try {
        await ingest(store, [path.join(dir, 'reports', 'a', 'one.pdf')], { reader: jsonReader() });
        const row = await store.db.selectFrom('reports').select(['source_url', 'listing_date', 'file_name']).executeTakeFirstOrThrow();
        assert.deepEqual(row, { source_url: 'https://files.ofsted.gov.uk/v1/file/1', listing_date: '2024-03-01', file_name: 'one.pdf' });
      } finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('facts from a snapshot, then the PDF: the same report gains its full text', async () => {
      const dir = corpus();
      const store = await openStore(await database.create());
      try {
        const bytes = fs.readFileSync(path.join(dir, 'reports', 'a', 'one.pdf'));
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const facts = await store.saveReport({ ...sampleReport({ title: 'One' }), sha256, sections: [] }, {}, { fullText: false, readerVersion: 1 });
        const summary = await ingest(store, [path.join(dir, 'reports', 'a')], { reader: jsonReader() });
        assert.equal(summary.added, 0, 'a report gaining its text is not counted as new');
        assert.equal(summary.textAdded, 1);
        const rows = await store.db.selectFrom('reports').select(['id', 'has_full_text']).execute();
        assert.deepEqual(rows, [{ id: facts.reportId, has_full_text: 1 }]);
        assert.equal((await store.stats()).sections, 3);
      } finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a report the database refuses is recorded as failed; nothing of it is stored; the batch carries on', async () => {
      const dir = corpus();
      // Two judgements with one key break a unique constraint half-way through the report's transaction.
      const twice = sampleReport().judgements[0]!;
      writeReport(path.join(dir, 'reports', 'a', 'bad-facts.pdf'), { title: 'Bad', judgements: [twice, twice] });
      const store = await openStore(await database.create());
      try {
        const summary = await ingest(store, [path.join(dir, 'reports', 'a')], { reader: jsonReader() });
        assert.equal(summary.added, 1);
        assert.deepEqual(summary.failed.map((f) => [path.basename(f.file), f.code]), [['bad-facts.pdf', 'not_stored']]);
        const titles = await store.db.selectFrom('reports').select('title').execute();
        assert.deepEqual(titles, [{ title: 'One' }]);
        assert.equal((await store.stats()).judgements, 5, 'no judgement of the refused report is left behind');
      } finally {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a path that does not exist is a clear error', async () => {
      const store = await openStore(await database.create());
      try {
        await assert.rejects(ingest(store, ['/nonexistent/folder'], { reader: jsonReader() }), (err: unknown) => err instanceof InputError && /no such file or folder/.test(err.userMessage));
      } finally {
        await store.close();
      }
    });
  });
}
