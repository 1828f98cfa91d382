// Sync against the local fake Ofsted site, on SQLite and (when configured)
// PostgreSQL: what is stored after each fault, and that the politeness
// rules held, read from the server's own request log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../../src/store/index.ts';
import { lastSyncStatus, listDocuments, listListings, syncOnce, withdrawnHashes, type SyncConfig } from '../../src/sync/index.ts';
import { sha256Hex } from '../../src/sync/archive.ts';
import type { FakeOfstedSite, LoggedRequest } from './fake-site.ts';
import { archiveFiles, backends, dumpRecord, letterPdf, openTestStore, startSite, tempDir, testConfig } from './helpers.ts';

/** No two requests in flight, and at least the spacing between one's end and the next's start. */
function assertPolite(log: LoggedRequest[], spacingMs: number): void {
  for (let i = 1; i < log.length; i++) {
    const prev = log[i - 1]!;
    const cur = log[i]!;
    assert.ok(!Number.isNaN(prev.end), `request ${prev.path} never ended`);
    assert.ok(cur.start >= prev.end, `${cur.path} started before ${prev.path} ended: two requests in flight`);
    // 2 ms allows for the two clocks' rounding (the client uses Date.now()).
    assert.ok(cur.start - prev.end >= spacingMs - 2, `only ${(cur.start - prev.end).toFixed(1)} ms between ${prev.path} and ${cur.path}; spacing is ${spacingMs} ms`);
  }
}

async function reportCount(store: Store): Promise<number> {
  const row = await store.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const backend of backends()) {
  describe(`sync on ${backend.name}`, () => {
    let site: FakeOfstedSite;
    let store: Store;
    let archive: string;
    let config: SyncConfig;
    let drop: () => Promise<void>;

    before(async () => {
      site = await startSite();
    });
    after(async () => {
      await site.stop();
    });

    async function fresh(): Promise<void> {
      site.clearFaults();
      site.log.length = 0;
      const created = await backend.create();
      drop = created.drop;
      store = await openTestStore(created.url);
      archive = tempDir('ilacs-sync-archive-');
      config = testConfig(site, archive);
    }
    async function cleanup(): Promise<void> {
      await store.close();
      await drop();
      rmSync(archive, { recursive: true, force: true });
    }

    test('a clean run stores each report once, keeps other publications as documents, and a second run fetches nothing new', async () => {
      await fresh();
      try {
        await store.setMeta('data_refreshed_at', '2020-01-01T00:00:00.000Z');
        const started = new Date().toISOString();
        const r = await syncOnce({ store, config });
        assert.equal(r.outcome, 'succeeded', r.error ?? '');
        assert.ok((await store.getMeta('data_refreshed_at'))! >= started, 'a sync that adds reports moves "Data last refreshed"');
        assert.equal(await store.getMeta('sync_last_change'), undefined, 'no meta key that nothing reads');
        assert.equal(r.providers, 5);
        assert.equal(r.pagesFetched, 3 + 5, 'three listing pages of two rows, five provider pages');
        assert.equal(r.filesNew, 7);
        assert.equal(r.filesUnchanged, 1, 'the shared report downloaded under its second id is not new');
        assert.deepEqual(r.failures, []);
        assertPolite(site.log, config.spacingMs);
        assert.ok(site.log.every((l) => l.userAgent.includes('contact: sync-tests@example.org')), 'every request names the contact');
        assert.equal(site.log.filter((l) => l.path.startsWith('/files/')).length, 8, 'files come from --files-url');

        // Reports: three, attached to the authority each is about.
        const reports = await store.db.selectFrom('reports').select(['authority_urn', 'framework', 'source_url', 'listing_date', 'has_full_text']).orderBy('authority_urn').execute();
        assert.deepEqual(
          reports.map((x) => [x.authority_urn, x.framework, x.listing_date, x.has_full_text]),
          [
            ['2532283', 'ILACS2023', '2025-05-09', 1],
            ['80545', 'ILACS2023', '2024-04-19', 1],
            ['80559', 'ILACS2023', '2025-01-30', 1],
          ],
        );
        assert.ok(reports.every((x) => x.source_url?.startsWith(site.filesUrl)));

        // The shared trust report: one report, listed on both councils' pages.
        const kingston = site.providers.find((p) => p.urn === '80545')!.publications[0]!.bytes;
        const sha = sha256Hex(kingston);
        const listings = await listListings(store);
        const shared = listings.filter((l) => l.sha256 === sha);
        assert.deepEqual(shared.map((l) => [l.urn, l.fileId, l.state]), [['80513', '50250002', 'stored'], ['80545', '50250001', 'stored']]);
        assert.equal((await store.db.selectFrom('reports').select('id').where('sha256', '=', sha).execute()).length, 1);

        // Documents of their own types, with dates, links, archived files and searchable text.
        const docs = await listDocuments(store);
        assert.deepEqual(docs.map((d) => [d.type, d.published, d.authorityUrn]).sort(), [
          ['Area SEND inspection', '2025-10-01', '9990001'],
          ["Children's services focused visit", '2023-01-12', '2532283'],
          ['Joint targeted area inspection', '2022-06-02', '80513'],
          ['Monitoring visit', '2023-08-15', '80559'],
        ]);
        for (const d of docs) assert.ok(existsSync(path.join(archive, d.archivePath)), `${d.archivePath} archived`);
        const hits = await store.search('homeless');
        assert.ok(hits.results.some((h) => h.kind === 'document'), 'the monitoring visit letter is found by full-text search');
        assert.equal(archiveFiles(archive).length, 7, 'seven distinct PDFs archived by hash');

        // Authorities the listing and the reference data disagree on; Poole (a predecessor) is not reported.
        assert.deepEqual(r.authorities.unlisted, [{ urn: '9990001', name: 'Newtown Borough Council' }]);
        assert.deepEqual(r.authorities.missing, [{ urn: '80428', name: 'Bedford' }]);

        const before = await dumpRecord(store, archive);
        site.log.length = 0;
        const again = await syncOnce({ store, config });
        assert.equal(again.outcome, 'succeeded');
        assert.equal(again.filesNew, 0);
        assert.equal(again.filesUnchanged, 8);
        assert.deepEqual(site.fileRequests(), [], 'second run fetches no file');
        assert.deepEqual(await dumpRecord(store, archive), before, 'second run changes nothing');
        assertPolite(site.log, config.spacingMs);

        const status = await lastSyncStatus(store);
        assert.equal(status.lastSuccess?.id, again.runId);
        assert.deepEqual(status.problemsSince, []);
        assert.deepEqual(status.failingFiles, []);
      } finally {
        await cleanup();
      }
    });

    test('500s and 429 with Retry-After are retried politely; a stalled response times out and is retried; truncated and HTML files fail, are not stored, and are fetched again next run', async () => {
      await fresh();
      try {
        site.inject(site.listingPath(0), { kind: 'status', status: 500 }, 2);
        site.inject(site.providerPath('80545'), { kind: 'status', status: 429, retryAfter: '1' });
        site.inject(site.filePath('50276411'), { kind: 'stall' });
        site.inject(site.filePath('50201001'), { kind: 'status', status: 503 });
        site.inject(site.filePath('50260004'), { kind: 'truncate' }, Infinity);
        site.inject(site.filePath('50230005'), { kind: 'html' }, Infinity);
        site.inject(site.filePath('50190003'), { kind: 'cut' });

        const r = await syncOnce({ store, config });
        assert.equal(r.outcome, 'partial');
        assert.equal(r.error, null);
        assertPolite(site.log, config.spacingMs);

        const listing = site.log.filter((l) => l.path === site.listingPath(0));
        assert.deepEqual(listing.map((l) => l.status), [500, 500, 200], 'listing retried after two 500s');
        const kingstonPage = site.log.filter((l) => l.path === site.providerPath('80545'));
        assert.deepEqual(kingstonPage.map((l) => l.status), [429, 200]);
        assert.ok(kingstonPage[1]!.start - kingstonPage[0]!.end >= 1000 - 2, 'Retry-After: 1 honoured');
        const stalled = site.log.filter((l) => l.path === site.filePath('50276411'));
        assert.equal(stalled.length, 2, 'stalled download abandoned after the timeout and retried');
        assert.ok(stalled[0]!.end - stalled[0]!.start >= config.timeoutMs - 5);
        assert.equal(site.log.filter((l) => l.path === site.filePath('50190003')).length, 2, 'a connection cut mid-file is retried');

        assert.deepEqual(r.failures.map((f) => [f.fileId, f.code]).sort(), [['50230005', 'not_a_pdf'], ['50260004', 'truncated']]);
        assert.match(r.failures.find((f) => f.code === 'not_a_pdf')!.message, /HTML page/);
        assert.equal(r.filesFailed, 2);
        assert.equal(r.filesNew, 5);
        // Southend's report never reached the store; its monitoring visit letter neither.
        assert.equal(await reportCount(store), 2);
        assert.equal((await store.db.selectFrom('reports').select('id').where('authority_urn', '=', '80559').execute()).length, 0);
        assert.equal((await listDocuments(store)).some((d) => d.type === 'Monitoring visit'), false);
        assert.equal(archiveFiles(archive).length, 5, 'failed files are not archived');

        const status = await lastSyncStatus(store);
        assert.equal(status.lastSuccess?.outcome, 'partial');
        assert.deepEqual(status.failingFiles.map((f) => f.fileId).sort(), ['50230005', '50260004']);

        // Ofsted fixes the files: the next run fetches only those two.
        site.clearFaults();
        site.log.length = 0;
        const r2 = await syncOnce({ store, config });
        assert.equal(r2.outcome, 'succeeded');
        assert.deepEqual(site.fileRequests().sort(), ['50230005', '50260004']);
        assert.equal(r2.filesNew, 2);
        assert.equal(await reportCount(store), 3);
        assert.deepEqual((await lastSyncStatus(store)).failingFiles, []);

        site.log.length = 0;
        const r3 = await syncOnce({ store, config });
        assert.deepEqual(site.fileRequests(), []);
        assert.equal(r3.filesNew, 0);
      } finally {
        await cleanup();
      }
    });

    test('a provider page whose markup changed stops the run with a layout error, fetches no file and deletes nothing', async () => {
      await fresh();
      try {
        await syncOnce({ store, config });
        const before = await dumpRecord(store, archive);
        const southend = site.providers.find((p) => p.urn === '80559')!;
        southend.markup = 'changed';
        site.log.length = 0;
        try {
          const r = await syncOnce({ store, config });
          assert.equal(r.outcome, 'failed');
          assert.equal(r.layoutChanged, true);
          assert.match(r.error ?? '', /site layout seems to have changed.*no publication links.*provider\/44\/80559.*Nothing was deleted/s);
          assert.deepEqual(site.fileRequests(), []);
          assert.deepEqual(await dumpRecord(store, archive), before, 'nothing deleted or marked withdrawn');
          const status = await lastSyncStatus(store);
          assert.equal(status.problemsSince[0]?.id, r.runId);
          assert.match(status.problemsSince[0]?.error ?? '', /layout/);
        } finally {
          southend.markup = 'normal';
        }
      } finally {
        await cleanup();
      }
    });

    test('a withdrawn report is kept and marked; a new publication is the only file fetched; a listing without provider links is a layout change', async () => {
      await fresh();
      const dorset = site.providers.find((p) => p.urn === '2532283')!;
      const original = [...dorset.publications];
      try {
        await syncOnce({ store, config });
        const withdrawnPub = dorset.publications.shift()!;
        dorset.publications.push({ fileId: '50300007', type: "Children's services focused visit", date: '03 December 2025', bytes: await letterPdf('Focused visit to Dorset', 'A second focused visit, on children in need of help and protection.') });
        site.log.length = 0;
        await store.setMeta('data_refreshed_at', '2020-01-01T00:00:00.000Z');
        const r = await syncOnce({ store, config });
        assert.ok((await store.getMeta('data_refreshed_at'))! > '2020-01-01T00:00:00.000Z', 'a withdrawal moves "Data last refreshed"');
        assert.equal(r.outcome, 'succeeded');
        assert.equal(r.withdrawn, 1);
        assert.deepEqual(site.fileRequests(), ['50300007']);
        assert.equal(r.filesNew, 1);
        assert.equal(await reportCount(store), 3, 'the withdrawn report is kept');
        const sha = sha256Hex(withdrawnPub.bytes);
        assert.ok((await withdrawnHashes(store)).has(sha));
        const l = (await listListings(store, '2532283')).find((x) => x.fileId === withdrawnPub.fileId)!;
        assert.ok(l.withdrawnAt, 'listing marked withdrawn');
        // The shared report is still listed on Kingston's page: not withdrawn.
        assert.equal((await withdrawnHashes(store)).size, 1);
        // The report itself is marked, shown as withdrawn with the date on its page and in the API, and nobody's latest.
        const row = await store.db.selectFrom('reports').select(['id', 'withdrawn_at']).where('sha256', '=', sha).executeTakeFirstOrThrow();
        assert.equal(row.withdrawn_at, l.withdrawnAt);
        const { buildServer } = await import('../../src/web/index.ts');
        const app = await buildServer({ store, versionTtlMs: 0 });
        try {
          const page = await app.inject(`/reports/${row.id}`);
          assert.match(page.body, /Withdrawn: Ofsted stopped listing this report on \d{1,2} \w+ \d{4}/);
          const json = JSON.parse((await app.inject(`/reports/${row.id}.json`)).body) as { report: { withdrawnAt: string | null } };
          assert.equal(json.report.withdrawnAt, l.withdrawnAt);
          const la = JSON.parse((await app.inject('/local-authorities/dorset.json')).body) as { latest: { id: number } | null; reports: { id: number; withdrawnAt: string | null }[] };
          assert.notEqual(la.latest?.id, row.id, 'a withdrawn report is not the latest');
          assert.ok(la.reports.some((x) => x.id === row.id && x.withdrawnAt), 'but stays in the history, marked');
        } finally {
          await app.close();
        }

        // Listed again: no longer withdrawn, still not refetched.
        dorset.publications.unshift(withdrawnPub);
        site.log.length = 0;
        await syncOnce({ store, config });
        assert.deepEqual(site.fileRequests(), []);
        assert.equal((await withdrawnHashes(store)).size, 0);
        assert.equal((await store.db.selectFrom('reports').select('withdrawn_at').where('sha256', '=', sha).executeTakeFirstOrThrow()).withdrawn_at, null, 'listed again: no longer withdrawn');

        // A listing page with no provider links at all.
        const providers = site.providers;
        site.providers = [];
        try {
          const broken = await syncOnce({ store, config });
          assert.equal(broken.layoutChanged, true);
          assert.match(broken.error ?? '', /no provider links/);
          assert.equal((await withdrawnHashes(store)).size, 0, 'nothing marked withdrawn by a broken listing');
        } finally {
          site.providers = providers;
        }
      } finally {
        dorset.publications = original;
        await cleanup();
      }
    });

    test('the network going away mid-run stops the run after three files in a row fail; the next run picks up the rest', async () => {
      await fresh();
      try {
        for (const id of ['50250001', '50250002', '50190003']) site.inject(site.filePath(id), { kind: 'hang' }, Infinity);
        const r = await syncOnce({ store, config: { ...config, retries: 0, timeoutMs: 200 } });
        assert.equal(r.outcome, 'failed');
        assert.match(r.error ?? '', /could not be reached.*timed out/);
        assert.deepEqual(site.fileRequests(), ['50276411', '50201001', '50250001', '50250002', '50190003'], 'no file requested after the third failure in a row');
        assert.equal(r.filesNew, 2);
        assertPolite(site.log, config.spacingMs);

        site.clearFaults();
        site.log.length = 0;
        const r2 = await syncOnce({ store, config });
        assert.equal(r2.outcome, 'succeeded');
        assert.deepEqual(site.fileRequests(), ['50250001', '50250002', '50190003', '50260004', '50230005', '50299006']);
        assert.equal(await reportCount(store), 3);
        assert.equal((await listDocuments(store)).length, 4);
      } finally {
        await cleanup();
      }
    });

    test('--dry-run lists the files a run would fetch and stores nothing', async () => {
      await fresh();
      try {
        const r = await syncOnce({ store, config, dryRun: true });
        assert.equal(r.dryRun, true);
        assert.equal(r.runId, null);
        assert.deepEqual(r.planned.map((p) => p.fileId).sort(), ['50190003', '50201001', '50230005', '50250001', '50250002', '50260004', '50276411', '50299006']);
        assert.deepEqual(site.fileRequests(), []);
        const dump = (await dumpRecord(store, archive)) as { reports: unknown[]; files: unknown[]; listings: unknown[] };
        assert.deepEqual([dump.reports.length, dump.files.length, dump.listings.length], [0, 0, 0]);
        assert.equal((await lastSyncStatus(store)).everRun, false);
      } finally {
        await cleanup();
      }
    });

    test('a site that returns fewer rows per listing page than asked is still read to the end', async () => {
      await fresh();
      site.maxRows = 2;
      try {
        const r = await syncOnce({ store, config: { ...config, listingRows: 100 }, dryRun: true });
        assert.equal(r.providers, 5);
        assert.deepEqual(site.log.filter((l) => l.path.startsWith('/search')).map((l) => l.path), ['/search?start=0', '/search?start=2', '/search?start=4']);
      } finally {
        site.maxRows = 100;
        await cleanup();
      }
    });

    test('odd publications: one file id on two pages, an "inspection" the reader does not know as a report, and a damaged PDF', async () => {
      await fresh();
      const saved = site.providers;
      const letter = await letterPdf('Review of the Local Safeguarding Children Board', 'A standalone review filed under the inspection heading.');
      const damaged = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      const shared = { fileId: '60000001', type: "Children's services focused visit", date: '05 May 2021', bytes: await letterPdf('Focused visit to Kingston and Richmond', 'Achieving for Children delivers both councils\u2019 services.') };
      site.providers = [
        { urn: '80545', name: 'Kingston upon Thames', publications: [shared, { fileId: '60000002', type: "Children's services inspection", date: '01 March 2016', bytes: letter }] },
        { urn: '80513', name: 'Richmond upon Thames', publications: [shared, { fileId: '60000003', type: 'Monitoring visit', date: '02 March 2016', bytes: damaged }] },
      ];
      try {
        const r = await syncOnce({ store, config });
        assert.equal(r.outcome, 'partial');
        assert.deepEqual(site.fileRequests(), ['60000001', '60000002', '60000003'], 'the shared id is fetched once');
        const listings = await listListings(store);
        assert.deepEqual(listings.filter((l) => l.fileId === '60000001').map((l) => l.urn), ['80513', '80545']);
        const docs = await listDocuments(store);
        assert.deepEqual(docs.map((d) => [d.fileId, d.type]).sort(), [['60000001', "Children's services focused visit"], ['60000002', "Children's services inspection"]]);
        assert.deepEqual((await listDocuments(store, '80513')).map((d) => d.fileId), ['60000001'], 'the shared letter belongs to both pages');
        assert.equal(await reportCount(store), 0);
        assert.deepEqual(r.failures.map((f) => [f.fileId, f.code]), [['60000003', 'damaged']]);
      } finally {
        site.providers = saved;
        await cleanup();
      }
    });

    test('a site that cannot be reached fails the run, records it, and loses nothing', async () => {
      await fresh();
      try {
        await syncOnce({ store, config });
        const before = await dumpRecord(store, archive);
        const dead = { ...config, siteUrl: 'http://127.0.0.1:9', filesUrl: 'http://127.0.0.1:9', retries: 1 };
        const r = await syncOnce({ store, config: dead });
        assert.equal(r.outcome, 'failed');
        assert.match(r.error ?? '', /could not be reached/);
        assert.deepEqual(await dumpRecord(store, archive), before);
        const status = await lastSyncStatus(store);
        assert.equal(status.lastSuccess?.outcome, 'succeeded');
        assert.equal(status.problemsSince.length, 1);
      } finally {
        await cleanup();
      }
    });
  });
}
