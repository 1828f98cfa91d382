// The store's behaviour, identical on SQLite and PostgreSQL.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openStore, type Store } from '../../src/store/index.ts';
import { PID_NAMESPACE } from '../../src/store/process-owner.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

after(dropTestDatabases);

for (const database of testDatabases()) {
  describe(`store on ${database.name}`, () => {
    const open = async (): Promise<Store> => openStore(await database.create());

    test('a new database gets the schema and every authority with links and neighbours', async () => {
      const store = await open();
      try {
        const s = await store.stats();
        assert.equal(s.currentAuthorities, 153);
        assert.ok(s.authorities > 153, 'predecessor councils are there too');
        assert.equal(s.reports, 0);
        const links = await store.db.selectFrom('authority_links').selectAll().where('successor_slug', '=', 'north-northamptonshire').execute();
        assert.deepEqual(links.map((l) => l.predecessor_slug), ['northamptonshire']);
        const neighbours = await store.db.selectFrom('authority_neighbours').select('neighbour_slug').where('slug', '=', 'southend-on-sea').orderBy('position').execute();
        assert.equal(neighbours.length, 10);
        assert.equal(await store.seedAuthorities((await import('../../src/domain/authorities.ts')).AUTHORITIES), false, 'unchanged reference data is not rewritten');
      } finally {
        await store.close();
      }
    });

    test('opening again runs no migration twice and keeps data', async () => {
      const url = await database.create();
      const a = await openStore(url);
      await a.saveReport(sampleReport(), {}, { fullText: true, readerVersion: 1 });
      await a.close();
      const b = await openStore(url);
      try {
        assert.equal(b.created, false);
        assert.equal((await b.stats()).reports, 1);
      } finally {
        await b.close();
      }
    });

    test('saving a report stores its facts; the same bytes again are unchanged', async () => {
      const store = await open();
      try {
        const report = sampleReport();
        const first = await store.saveReport(report, { sourceUrl: 'https://files.ofsted.gov.uk/v1/file/1', listingDate: '2024-03-01', fileName: 'a.pdf' }, { fullText: true, readerVersion: 1 });
        assert.equal(first.outcome, 'added');
        const again = await store.saveReport(report, {}, { fullText: true, readerVersion: 1 });
        assert.deepEqual(again, { reportId: first.reportId, outcome: 'unchanged', changes: [] });
        const row = await store.db.selectFrom('reports').selectAll().where('id', '=', first.reportId).executeTakeFirstOrThrow();
        assert.equal(row.authority_urn, '80559');
        assert.equal(row.headline_grade, 'good');
        assert.equal(row.source_url, 'https://files.ofsted.gov.uk/v1/file/1');
        assert.equal(row.listing_date, '2024-03-01');
        assert.equal(row.has_full_text, 1);
        assert.equal(row.dates_page, 1);
        const s = await store.stats();
        assert.equal(s.reports, 1);
        assert.equal(s.judgements, 5);
        assert.equal(s.improvements, 2);
        assert.equal(s.sections, 3);
        assert.deepEqual(s.reportsByFramework, { ILACS2023: 1 });
        assert.equal(s.newestInspection, '2024-01-26');
        const j = await store.db.selectFrom('judgements').selectAll().where('report_id', '=', first.reportId).orderBy('position').execute();
        assert.deepEqual(j.map((x) => [x.key, x.grade, x.page]), report.judgements.map((x) => [x.key, x.grade, x.page]));
        const items = await store.db.selectFrom('improvements').selectAll().orderBy('position').execute();
        assert.equal(items[1]?.tag, 'outcome 5, national framework');
      } finally {
        await store.close();
      }
    });

    test('facts first (snapshot), full text later: one report, same id, sections added', async () => {
      const store = await open();
      try {
        const report = sampleReport();
        const facts = await store.saveReport({ ...report, sections: [] }, { sourceUrl: 'https://example.test/1' }, { fullText: false, readerVersion: 1 });
        assert.equal(facts.outcome, 'added');
        assert.equal((await store.stats()).sections, 0);
        assert.equal((await store.saveReport(report, {}, { fullText: false, readerVersion: 1 })).outcome, 'unchanged', 'facts never replace facts');
        const full = await store.saveReport(report, { fileName: 'b.pdf' }, { fullText: true, readerVersion: 1 });
        assert.deepEqual(full, { reportId: facts.reportId, outcome: 'textAdded', changes: [] });
        const s = await store.stats();
        assert.equal(s.reports, 1);
        assert.equal(s.sections, 3);
        assert.equal(s.improvements, 2);
        assert.equal(s.reportsWithFullText, 1);
        const row = await store.db.selectFrom('reports').select(['source_url', 'file_name']).executeTakeFirstOrThrow();
        assert.equal(row.source_url, 'https://example.test/1', 'the source address learnt from the snapshot is kept');
        assert.equal(row.file_name, 'b.pdf');
        assert.equal((await store.saveReport({ ...report, sections: [] }, {}, { fullText: false, readerVersion: 1 })).outcome, 'unchanged', 'a snapshot never strips full text');
        assert.equal((await store.stats()).sections, 3);
      } finally {
        await store.close();
      }
    });

    test('reader versions: a newer reader’s facts replace an older one’s (same id, text kept, changes kept); an older one’s never replace a newer one’s', async () => {
      const store = await open();
      try {
        const report = sampleReport();
        const first = await store.saveReport(report, { sourceUrl: 'https://example.test/2', listingDate: '2024-03-01' }, { fullText: true, readerVersion: 1 });
        // A newer snapshot (facts only, e.g. after git pull) read the overall grade differently and found the dates missing.
        const newer = {
          ...report,
          sections: [],
          judgements: report.judgements.map((j) => (j.key === 'overall' ? { ...j, grade: 'requires_improvement' as const } : j)),
          flags: [{ code: 'missing_lead_inspector' as const, message: 'The lead inspector’s name was not found on page 1.' }],
        };
        const saved = await store.saveReport(newer, { sourceUrl: 'https://elsewhere.test/x', listingDate: '2030-01-01' }, { fullText: false, readerVersion: 2 });
        assert.equal(saved.reportId, first.reportId);
        assert.equal(saved.outcome, 'reread');
        assert.deepEqual(saved.changes.map((c) => [c.field, c.oldValue, c.newValue]).sort(), [
          ['flags', '[]', '["missing_lead_inspector"]'],
          ['headline_grade', 'good', 'requires_improvement'],
          ['judgement:overall', 'good', 'requires_improvement'],
        ]);
        const row = await store.db.selectFrom('reports').selectAll().where('id', '=', first.reportId).executeTakeFirstOrThrow();
        assert.deepEqual([row.source_url, row.listing_date, row.reader_version, row.has_full_text], ['https://example.test/2', '2024-03-01', 2, 1], 'address, date and text kept');
        assert.equal((await store.stats()).sections, 3, 'the text read from the PDF stays');
        assert.equal((await store.reportChanges(first.reportId)).length, 3);
        // The older reader again (an old snapshot, or an old PDF read): nothing changes.
        assert.equal((await store.saveReport(report, {}, { fullText: true, readerVersion: 1 })).outcome, 'unchanged');
        assert.equal((await store.db.selectFrom('reports').select('headline_grade').executeTakeFirstOrThrow()).headline_grade, 'requires_improvement');
        assert.deepEqual((await store.outdatedReports(3)).map((r) => r.id), [first.reportId]);
        assert.deepEqual(await store.outdatedReports(2), []);
      } finally {
        await store.close();
      }
    });

    test('reports attach to predecessors and trusts by URN; an unknown URN falls back to the listing’s', async () => {
      const store = await open();
      try {
        const northants = sampleReport({ sha256: sha('n'), localAuthority: { urn: '121939', name: 'Northamptonshire', printedName: 'Northamptonshire Children’s Trust' } });
        const r1 = await store.saveReport(northants, {}, { fullText: true, readerVersion: 1 });
        const unknown = sampleReport({ sha256: sha('u'), localAuthority: { urn: '999999999', name: '?', printedName: 'Nowhere' } });
        const r2 = await store.saveReport(unknown, { fallbackUrn: '80559' }, { fullText: true, readerVersion: 1 });
        const r3 = await store.saveReport(sampleReport({ sha256: sha('v'), localAuthority: { urn: '999999999', name: '?', printedName: 'Nowhere' } }), {}, { fullText: true, readerVersion: 1 });
        const rows = await store.db.selectFrom('reports').select(['id', 'authority_urn', 'printed_name']).orderBy('id').execute();
        assert.deepEqual(
          rows.map((r) => r.authority_urn),
          ['121939', '80559', null],
        );
        assert.deepEqual([r1.reportId, r2.reportId, r3.reportId], rows.map((r) => r.id));
        assert.equal(rows[0]?.printed_name, 'Northamptonshire Children’s Trust');
      } finally {
        await store.close();
      }
    });

    test('headline grade: leaders for ILACS 2026, LSCB for a standalone review', async () => {
      const store = await open();
      try {
        const r2026 = sampleReport({ sha256: sha('2026'), framework: 'ILACS2026', judgements: [{ key: 'leaders', grade: 'outstanding', page: 1, text: 'x' }] });
        const lscb = sampleReport({ sha256: sha('lscb'), framework: 'LSCB', judgements: [{ key: 'lscb', grade: 'inadequate', page: 1, text: 'x' }], improvements: [], lscbImprovements: [{ text: 'The board should audit.', page: 9, tag: null }] });
        await store.saveReport(r2026, {}, { fullText: true, readerVersion: 1 });
        const saved = await store.saveReport(lscb, {}, { fullText: true, readerVersion: 1 });
        const rows = await store.db.selectFrom('reports').select(['framework', 'headline_grade']).orderBy('framework').execute();
        assert.deepEqual(rows, [
          { framework: 'ILACS2026', headline_grade: 'outstanding' },
          { framework: 'LSCB', headline_grade: 'inadequate' },
        ]);
        const lists = await store.db.selectFrom('improvements').select('list').where('report_id', '=', saved.reportId).execute();
        assert.deepEqual(lists, [{ list: 'lscb' }]);
      } finally {
        await store.close();
      }
    });

    test('runs record every file; failed files count until their bytes are stored', async () => {
      const store = await open();
      try {
        const run = await store.startRun('ingest');
        await store.recordFile(run, { path: '/x/bad.pdf', sha256: sha('bad'), outcome: 'failed', errorCode: 'not_a_pdf', errorMessage: 'HTML page' });
        await store.recordFile(run, { path: '/x/gone.pdf', sha256: null, outcome: 'failed', errorCode: 'unreadable', errorMessage: 'EACCES' });
        await store.finishRun(run, { seen: 2, added: 0, unchanged: 0, failed: 2 });
        assert.equal((await store.stats()).failedFiles, 2);
        const [last] = await store.lastRuns(1);
        assert.equal(last?.status, 'completed');
        assert.equal(last?.failed, 2);
        assert.equal((await store.runFiles(run)).length, 2);
        await store.saveReport(sampleReport({ sha256: sha('bad') }), {}, { fullText: true, readerVersion: 1 });
        assert.equal((await store.stats()).failedFiles, 1);
        assert.deepEqual((await store.stats()).failures, [{ file: '/x/gone.pdf', code: 'unreadable', message: 'EACCES' }]);
      } finally {
        await store.close();
      }
    });

    test('a run whose process died is recorded as interrupted by the next run on the same host, with the counts it got to', async () => {
      const store = await open();
      try {
        const dead = spawnSync(process.execPath, ['-e', '']).pid!;
        const killed = await store.startRun('ingest');
        await store.recordFile(killed, { path: '/x/a.pdf', sha256: sha('a'), outcome: 'added', reportId: null });
        await store.recordFile(killed, { path: '/x/b.pdf', sha256: sha('b'), outcome: 'failed', errorCode: 'damaged', errorMessage: 'cut short' });
        const elsewhere = await store.startRun('ingest');
        const alive = await store.startRun('ingest');
        await store.db.updateTable('ingest_runs').set({ pid: dead }).where('id', '=', killed).execute();
        await store.db.updateTable('ingest_runs').set({ pid: dead, host: 'another-host' }).where('id', '=', elsewhere).execute();
        // `alive` keeps this process's id: still running.
        const next = await store.startRun('ingest');
        const runs = new Map((await store.lastRuns(4)).map((r) => [r.id, r]));
        if (PID_NAMESPACE === 'x') {
          // Where the PID namespace cannot be told (not Linux), no process is judged gone.
          assert.equal(runs.get(killed)?.status, 'running');
          return;
        }
        assert.equal(runs.get(killed)?.status, 'interrupted');
        assert.ok(runs.get(killed)?.finishedAt);
        assert.deepEqual(
          { seen: runs.get(killed)?.seen, added: runs.get(killed)?.added, unchanged: runs.get(killed)?.unchanged, failed: runs.get(killed)?.failed },
          { seen: 2, added: 1, unchanged: 0, failed: 1 },
        );
        assert.equal(runs.get(elsewhere)?.status, 'running', 'a run on another host cannot be checked from here');
        assert.equal(runs.get(alive)?.status, 'running');
        assert.equal(runs.get(next)?.status, 'running');
        assert.equal((await store.stats()).lastRun?.id, next);
      } finally {
        await store.close();
      }
    });

    test('a huge section is stored whole and searchable (the index takes its first 200 000 characters)', async () => {
      const store = await open();
      try {
        const words = Array.from({ length: 400_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
        const report = sampleReport({ sha256: sha('huge'), sections: [{ heading: 'Huge', text: `needle ${words}`, pages: [1, 2] }] });
        assert.equal((await store.saveReport(report, {}, { fullText: true, readerVersion: 1 })).outcome, 'added');
        const row = await store.db.selectFrom('sections').select('text').executeTakeFirstOrThrow();
        assert.equal(row.text.length, report.sections[0]!.text.length);
        assert.equal((await store.search('needle')).total, 1);
      } finally {
        await store.close();
      }
    });

    test('meta values round-trip', async () => {
      const store = await open();
      try {
        assert.equal(await store.getMeta('k'), undefined);
        await store.setMeta('k', 'one');
        await store.setMeta('k', 'two');
        assert.equal(await store.getMeta('k'), 'two');
      } finally {
        await store.close();
      }
    });
  });
}
