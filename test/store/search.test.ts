// Full-text search: the same answers from SQLite FTS5 and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../src/store/index.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

after(dropTestDatabases);

for (const database of testDatabases()) {
  describe(`search on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await openStore(await database.create());
      await store.saveReport(sampleReport(), { listingDate: '2024-03-01' }, { fullText: true, readerVersion: 1 });
      await store.saveReport(
        sampleReport({
          sha256: sha('barnet'),
          framework: 'ILACS2018',
          localAuthority: { urn: '80487', name: 'Barnet', printedName: 'London Borough of Barnet' },
          title: 'London Borough of Barnet Inspection of children’s social care services',
          inspection: { start: '2019-05-13', end: '2019-05-24', leadInspector: null, datesEvidence: null, leadInspectorEvidence: null },
          judgements: [{ key: 'overall', grade: 'outstanding', page: 1, text: 'Overall effectiveness Outstanding' }],
          improvements: [{ text: 'Homeless young people aged 16 and 17 should be offered an assessment.', page: 3, tag: null }],
          sections: [{ heading: 'Leaders', text: 'Leaders <b>know</b> & improve services for care leavers; homelessness is rare.', pages: [6, 7] }],
        }),
        {},
        { fullText: true, readerVersion: 1 },
      );
      // Facts only (as from a snapshot): its items are searchable, it has no sections.
      await store.saveReport(
        sampleReport({ sha256: sha('facts'), inspection: { start: '2016-02-01', end: '2016-02-20', leadInspector: null, datesEvidence: null, leadInspectorEvidence: null }, framework: 'SIF', sections: [], judgements: [{ key: 'overall', grade: 'inadequate', page: 2, text: 'x' }], improvements: [{ text: 'Ensure homeless 16- and 17-year-olds are assessed.', page: 30, tag: null }] }),
        {},
        { fullText: false, readerVersion: 1 },
      );
    });
    after(async () => store.close());

    test('finds sections and improvement items, ranked, with highlighted snippets', async () => {
      const r = await store.search('homeless');
      // Three items and two sections ("homelessness" stems to "homeless").
      assert.equal(r.total, 5);
      assert.ok(r.results.every((h) => h.snippet.some((p) => p.match)), 'every hit has a highlighted match');
      const kinds = r.results.map((h) => h.kind).sort();
      assert.deepEqual(kinds, ['improvement', 'improvement', 'improvement', 'section', 'section']);
      const item = r.results.find((h) => h.report?.framework === 'ILACS2018' && h.kind === 'improvement')!;
      assert.equal(item.authority?.slug, 'barnet');
      assert.equal(item.page, 3);
      assert.ok(item.snippet.some((p) => p.match && /^Homeless$/i.test(p.text)), JSON.stringify(item.snippet));
      for (let i = 1; i < r.results.length; i++) assert.ok(r.results[i - 1]!.rank >= r.results[i]!.rank, 'best first');
    });

    test('stemming: "homelessness" and "homeless" meet', async () => {
      const r = await store.search('homelessness');
      assert.ok(r.total >= 1);
    });

    test('snippets are plain text parts (the web makes the HTML): markup in a report stays text', async () => {
      const r = await store.search('leaders know');
      const hit = r.results.find((h) => h.heading === 'Leaders');
      assert.ok(hit, JSON.stringify(r));
      assert.ok(!('snippetHtml' in hit), 'the store builds no HTML');
      assert.deepEqual(hit.snippet.filter((p) => p.match).map((p) => p.text.toLowerCase().trim()).join(' ').split(/\s+/).slice(0, 2), ['leaders', 'know']);
      // SQLite keeps tag-like text as text; PostgreSQL's headline drops it. Either way it is a plain-text part.
      const text = hit.snippet.map((p) => p.text).join('');
      assert.ok(text.includes('<b>') || !text.includes('<'), text);
    });

    test('filters: framework, years, grade, region, authority, kind', async () => {
      assert.equal((await store.search('homeless', { framework: 'ILACS2018' })).total, 2);
      assert.equal((await store.search('homeless', { framework: ['ILACS2018', 'SIF'] })).total, 3);
      assert.equal((await store.search('homeless', { yearFrom: 2019, yearTo: 2019 })).total, 2);
      assert.equal((await store.search('homeless', { yearTo: 2018 })).total, 1);
      assert.equal((await store.search('homeless', { grade: 'good' })).total, 2);
      assert.equal((await store.search('homeless', { region: 'London' })).total, 2);
      assert.equal((await store.search('homeless', { authority: 'southend-on-sea' })).total, 3);
      assert.equal((await store.search('homeless', { authority: '80559', kind: 'section' })).total, 1);
    });

    test('phrases, or, and exclusion', async () => {
      assert.equal((await store.search('"care leavers"')).total, 2);
      assert.equal((await store.search('supervision or café')).total, 2);
      // "assessed" and "assessment" share a stem, so both items that mention either are excluded.
      assert.equal((await store.search('homeless -assessed')).total, 3);
    });

    test('paging', async () => {
      const p1 = await store.search('homeless', {}, { page: 1, pageSize: 3 });
      const p2 = await store.search('homeless', {}, { page: 2, pageSize: 3 });
      const p9 = await store.search('homeless', {}, { page: 9, pageSize: 3 });
      assert.equal(p1.results.length, 3);
      assert.equal(p2.results.length, 2);
      assert.equal(p2.total, 5);
      assert.deepEqual(p9.results, []);
      assert.equal(p9.total, 5);
      const ids = new Set([...p1.results, ...p2.results].map((h) => h.documentId));
      assert.equal(ids.size, 5);
    });

    test('hostile or odd queries never fail', async () => {
      for (const q of ['"', '""', '" OR "', 'NEAR(homeless care)', 'homeless*', '^homeless', 'body:homeless', '((homeless', 'homeless AND', "o'brien", '-homeless', 'ünïcödé 東京', '%_\\', "'; drop table reports; --", 'a'.repeat(5000), '']) {
        const r = await store.search(q);
        assert.ok(r.total >= 0, q);
      }
      assert.equal((await store.search('(homeless) AND')).total, 5, 'operators are just words (and stop words)');
      assert.equal((await store.search('-homeless')).total, 0, 'nothing to match without a positive term');
      assert.equal((await store.search('Café')).total, 1);
      assert.equal((await store.search('cafe')).total, 1, 'accents folded');
      assert.equal((await store.stats()).reports, 3, 'the table is still there');
    });
  });
}
