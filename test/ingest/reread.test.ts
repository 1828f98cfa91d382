// Reread on both databases with stand-in readers (each test file holds a
// Report as JSON; a "newer reader" changes what it reads): what changes is
// stored and kept in the history, ids, addresses and dates are kept, a
// missing PDF or a failed read keeps the old facts, and the report page says
// "corrected on".
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ingest, reread, rereadDue, REREAD_META_KEY, type ReportReader } from '../../src/ingest/index.ts';
import type { ReadResult, Report } from '../../src/domain/report.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { buildServer } from '../../src/web/index.ts';
import { dropTestDatabases, sampleReport, sha, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';

after(dropTestDatabases);

/** A reader of the given version; `change` is what this version reads differently. */
function jsonReader(version: number, change: (r: Report) => Report | ReadResult = (r) => r): ReportReader {
  return {
    concurrency: 2,
    version,
    async read(bytes: Uint8Array): Promise<ReadResult> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const out = change({ ...(JSON.parse(Buffer.from(bytes).toString('utf8')) as Report), sha256 });
      return 'ok' in out ? out : { ok: true, report: out };
    },
  };
}

/** The newer reader: Barnet's overall grade and items read right, and the lead inspector found missing. */
const v2 = jsonReader(2, (r) =>
  r.title === 'Barnet'
    ? {
        ...r,
        judgements: r.judgements.map((j) => (j.key === 'overall' ? { ...j, grade: 'requires_improvement' as const } : j)),
        improvements: [...r.improvements, { text: 'A third item the old reader missed.', page: 3, tag: null }],
        flags: [{ code: 'missing_lead_inspector', message: 'The lead inspector’s name was not found on page 1.' }],
      }
    : r,
);

function corpus(): string {
  const dir = tempDir();
  const write = (name: string, overrides: Partial<Report>) => fs.writeFileSync(path.join(dir, name), JSON.stringify(sampleReport(overrides)));
  write('southend.pdf', { title: 'Southend' });
  write('barnet.pdf', { title: 'Barnet', localAuthority: { urn: '80487', name: 'Barnet', printedName: 'Barnet' }, sha256: sha('barnet') });
  write('leeds.pdf', { title: 'Leeds', localAuthority: { urn: '80541', name: 'Leeds', printedName: 'Leeds' }, sha256: sha('leeds') });
  fs.writeFileSync(path.join(dir, 'index.csv'), 'path,source_url,listed_date\nbarnet.pdf,https://files.ofsted.gov.uk/v1/file/77,2024-04-01\n');
  return dir;
}

for (const database of testDatabases()) {
  describe(`reread on ${database.name}`, () => {
    let store: Store;
    let dir: string;
    const idOf = async (title: string) => Number((await store.db.selectFrom('reports').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id);

    test('a newer reader corrects what changed, keeps ids, addresses and dates, and keeps the history', async () => {
      dir = corpus();
      store = await openStore(await database.create(), { shippedSnapshot: false });
      const first = await ingest(store, [dir], { reader: jsonReader(1) });
      assert.equal(first.added, 3);
      const barnet = await idOf('Barnet');
      assert.equal(await rereadDue(store, 1), false, 'nothing older than version 1');
      assert.equal(await rereadDue(store, 2), true);

      const s = await reread(store, { reader: v2 });
      assert.deepEqual([s.reread, s.changed, s.unchanged, s.missingPdf, s.failed], [3, 1, 2, 0, 0]);
      assert.equal(s.reports.length, 1);
      assert.equal(s.reports[0]!.reportId, barnet);
      assert.deepEqual(
        s.reports[0]!.changes.map((c) => c.field).sort(),
        ['flags', 'headline_grade', 'improvements', 'judgement:overall'],
      );
      const row = await store.db.selectFrom('reports').selectAll().where('id', '=', barnet).executeTakeFirstOrThrow();
      assert.deepEqual([row.source_url, row.listing_date, row.headline_grade, row.reader_version], ['https://files.ofsted.gov.uk/v1/file/77', '2024-04-01', 'requires_improvement', 2]);
      assert.deepEqual(JSON.parse(row.flags), [{ code: 'missing_lead_inspector', message: 'The lead inspector’s name was not found on page 1.' }]);
      assert.equal((await store.db.selectFrom('improvements').select('id').where('report_id', '=', barnet).execute()).length, 3);
      assert.equal((await store.search('third item the old reader missed')).total, 1, 'search follows the new reading');
      const history = await store.reportChanges(barnet);
      const overall = history.find((h) => h.field === 'judgement:overall')!;
      assert.deepEqual([overall.oldValue, overall.newValue, overall.oldReaderVersion, overall.newReaderVersion], ['good', 'requires_improvement', 1, 2]);
      assert.equal((await store.stats()).reports, 3, 'no report added or lost');
      assert.equal(await store.getMeta(REREAD_META_KEY), '2');
      assert.equal(await rereadDue(store, 2), false);
      const again = await reread(store, { reader: v2 });
      assert.deepEqual([again.reread, again.changed], [0, 0], 'a second run has nothing to do');
      // An ingest of the same files with the same reader finds them current.
      const ingestAgain = await ingest(store, [dir], { reader: v2 });
      assert.deepEqual([ingestAgain.added, ingestAgain.textAdded, ingestAgain.reread, ingestAgain.unchanged], [0, 0, 0, 3]);
    });

    test('the report page and its JSON say "corrected on" with the changes; data last refreshed moves', async () => {
      const app = await buildServer({ store, versionTtlMs: 0 });
      try {
        const barnet = await idOf('Barnet');
        const page = await app.inject(`/reports/${barnet}`);
        assert.match(page.body, /Corrected on \d{1,2} \w+ \d{4}/);
        assert.match(page.body, /Overall effectiveness: Good → Requires improvement to be good/);
        assert.match(page.body, /Improvement items: 2 → 3/);
        assert.match(page.body, /Partly read/);
        const json = JSON.parse((await app.inject(`/reports/${barnet}.json`)).body) as { report: { correctedAt: string | null }; corrections: { field: string; description: string }[] };
        assert.ok(json.report.correctedAt);
        assert.ok(json.corrections.some((c) => c.field === 'judgement:overall'));
        const southend = await idOf('Southend');
        assert.doesNotMatch((await app.inject(`/reports/${southend}`)).body, /Corrected on/);
        assert.ok((await store.getMeta('data_refreshed_at'))! >= (await store.db.selectFrom('fact_changes').select('changed_at').executeTakeFirstOrThrow()).changed_at);
      } finally {
        await app.close();
      }
    });

    test('a PDF that is gone is missingPdf (found again in the archive); a failed read keeps the old facts', async () => {
      const v3 = jsonReader(3, (r) => (r.title === 'Leeds' ? { ok: false, error: { code: 'damaged', message: 'the PDF is damaged' }, sha256: r.sha256 } : r));
      const barnetBytes = fs.readFileSync(path.join(dir, 'barnet.pdf'));
      fs.rmSync(path.join(dir, 'barnet.pdf'));
      const s = await reread(store, { reader: v3 });
      assert.deepEqual([s.reread, s.changed, s.unchanged, s.missingPdf, s.failed], [1, 0, 1, 1, 1]);
      assert.match(s.reports.find((r) => r.outcome === 'missingPdf')!.message!, /neither in the archive nor where it was ingested from/);
      const leeds = await store.db.selectFrom('reports').select(['reader_version', 'headline_grade']).where('title', '=', 'Leeds').executeTakeFirstOrThrow();
      assert.deepEqual([leeds.reader_version, leeds.headline_grade], [2, 'good'], 'a failed read keeps the facts and their version');
      assert.equal(await rereadDue(store, 3), true, 'a failure leaves the reread due');
      // The archive sync keeps has the bytes under their hash.
      const archive = tempDir();
      const barnetSha = createHash('sha256').update(barnetBytes).digest('hex');
      fs.mkdirSync(path.join(archive, barnetSha.slice(0, 2)));
      fs.writeFileSync(path.join(archive, barnetSha.slice(0, 2), `${barnetSha}.pdf`), barnetBytes);
      const found = await reread(store, { reader: v3, archiveDir: archive });
      assert.deepEqual([found.reread, found.missingPdf, found.failed], [1, 0, 1]);
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(archive, { recursive: true, force: true });
    });
  });
}
