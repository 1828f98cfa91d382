// Publication: an inspection run through the API from planned to published
// enters the public record through the store's own path like any report:
// its PDF archived under its hash and served at a stable address, its facts
// on the council's page, in search and in the feeds at once, read back by
// ilacs's reader exactly as entered.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readReport } from '../../src/reader/index.ts';
import { WorkflowError, WorkflowService } from '../../src/workflow/service.ts';
import { dropTestDatabases, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';
import { ACCOUNTS, AFTER, WALK_GRADES, workflowHarness, type Harness } from './fixtures.ts';

for (const db of testDatabases()) {
  describe(`publication into the public record, on ${db.name}`, () => {
    after(dropTestDatabases);

    test('the published report is read back exactly, archived, served at a stable address and shown on the public pages', async () => {
      const archiveDir = tempDir();
      const h = await workflowHarness(await db.create(), { archiveDir });
      try {
        const id = await h.inspectionIn('drafting');
        h.clock.at = AFTER;
        assert.equal((await h.call('lead', 'PUT', `/api/inspections/${id}/judgements`, { judgements: WALK_GRADES })).status, 200);
        assert.equal((await h.call('lead', 'PUT', `/api/inspections/${id}/improvements`, { items: ['The timeliness of assessments.'] })).status, 200);
        const headline = 'Children in Southend-on-Sea get the Frobnicate help they need, when they need it.';
        assert.equal((await h.call('lead', 'PUT', `/api/inspections/${id}/sections/headline`, { text: headline })).status, 200);
        assert.equal((await h.call('lead', 'PUT', `/api/inspections/${id}/sections/in_care`, { text: 'Children in care live in stable homes.\n\nThey see their brothers and sisters.' })).status, 200);
        for (const [to, by] of [['quality_assurance', 'lead'], ['accuracy_check', 'quality_assurance'], ['final', 'lead']] as const) assert.equal((await h.call(by, 'POST', `/api/inspections/${id}/transitions`, { to })).status, 200, to);
        // Nothing public before publication.
        assert.equal((await h.app.inject('/local-authorities/southend-on-sea/reports.atom')).body.includes('https://ilacs.test/published/'), false);
        h.clock.at = AFTER;
        // Content is fixed in final; the item the walk gave is the one published.
        const moved = await h.call('admin', 'POST', `/api/inspections/${id}/transitions`, { to: 'published' });
        assert.equal(moved.status, 200, String(moved.body.message));
        const pdf = await h.call('anonymous', 'GET', `/api/inspections/${id}/report.pdf`);
        assert.equal(pdf.status, 200);
        const read = await readReport(pdf.bytes);
        assert.ok(read.ok);
        assert.deepEqual(read.report.flags, []);
        assert.equal(read.report.inspection.leadInspector, ACCOUNTS.lead.name);
        assert.deepEqual(read.report.improvements.map((i) => i.text), ['The timeliness of assessments.']);
        const inCare = read.report.sections.find((x) => x.heading === 'The experiences and progress of children in care: requires improvement to be good');
        assert.ok(inCare && /^1\. Children in care live in stable homes\. 2\. They see their brothers and sisters\./.test(inCare.text), JSON.stringify(read.report.sections));

        // The stable address serves the same bytes, from the archive.
        const stable = `/published/${read.report.sha256}.pdf`;
        const served = await h.app.inject(stable);
        assert.equal(served.statusCode, 200);
        assert.equal(served.headers['content-type'], 'application/pdf');
        assert.deepEqual(new Uint8Array(served.rawPayload), pdf.bytes);
        assert.equal((await h.app.inject(`/published/${'0'.repeat(64)}.pdf`)).statusCode, 404);
        assert.equal((await h.app.inject('/published/..%2F..%2Fetc%2Fpasswd')).statusCode, 404);

        // In the record like any report: the council's feed links it at its stable address, the council page shows it.
        const feed = await h.app.inject('/local-authorities/southend-on-sea/reports.atom');
        assert.equal(feed.statusCode, 200);
        assert.ok(feed.body.includes(`https://ilacs.test${stable}`), feed.body.slice(0, 2000));
        const page = await h.app.inject('/local-authorities/southend-on-sea');
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /January 2027|2027-01-11|11 January 2027/);
        const national = await h.app.inject('/feeds/reports.atom');
        assert.ok(national.body.includes(`https://ilacs.test${stable}`));
        const history = await h.app.inject('/downloads/history.csv');
        assert.ok(history.body.includes(`https://ilacs.test${stable}`), 'the downloads list it');
        const found = await h.app.inject('/search.json?q=timeliness%20of%20assessments&kind=improvement');
        assert.equal(found.statusCode, 200);
        assert.match(found.body, /Southend-on-Sea/, 'search finds its improvement item');
        const text = await h.app.inject('/search.json?q=Frobnicate');
        assert.match(text.body, /Southend-on-Sea/, 'search finds the words of its sections');
      } finally {
        await h.close();
      }
    });

    test('a save into the record that fails after the move to published is not lost: the scheduler saves it from the archived PDF', async () => {
      const archiveDir = tempDir();
      const h = await workflowHarness(await db.create(), { archiveDir });
      const feedHas = async (s: string): Promise<boolean> => (await h.app.inject('/local-authorities/southend-on-sea/reports.atom')).body.includes(s);
      try {
        const id = await h.inspectionIn('final');
        h.clock.at = AFTER;
        // The record's database fails twice: at the move, and at the scheduler's first retry.
        h.publication!.failNext = 2;
        const moved = await h.call('admin', 'POST', `/api/inspections/${id}/transitions`, { to: 'published' });
        assert.equal(moved.status, 200, String(moved.body.message));
        assert.equal(moved.body.state, 'published');
        assert.match((moved.body.warnings as string[]).join(' '), /is published, but its report could not be saved in the public record yet \(the database is not answering \(a test outage\)\); ilacs tries again every minute/);
        const record = await h.store.workflow.inspection(id);
        assert.equal(record!.state, 'published');
        assert.match(record!.publishedSha256 ?? '', /^[0-9a-f]{64}$/);
        assert.equal(record!.recordReportId, null);
        const stable = `https://ilacs.test/published/${record!.publishedSha256}.pdf`;
        assert.equal(await feedHas(stable), false, 'not in the record yet');
        // The PDF was archived before the move: the published report is served from it already.
        const pdf = await h.call('anonymous', 'GET', `/api/inspections/${id}/report.pdf`);
        assert.equal(pdf.status, 200);
        assert.deepEqual(new Uint8Array((await h.app.inject(`/published/${record!.publishedSha256}.pdf`)).rawPayload), pdf.bytes);

        // The scheduler (as the server runs it every minute) tries again: fails once more, saying why, then succeeds.
        const service = new WorkflowService(h.store.workflow, h.clock, h.publication);
        await assert.rejects(service.publishDue(), (e: unknown) => e instanceof WorkflowError && new RegExp(`Inspection ${id} is published, but its report could not be saved`).test(e.message));
        assert.equal((await h.store.workflow.inspection(id))!.recordReportId, null);
        assert.deepEqual(await service.publishDue(), []);
        const done = await h.store.workflow.inspection(id);
        assert.ok(done!.recordReportId! > 0);
        assert.equal(await feedHas(stable), true, 'in the record now');
        const saves = h.publication!.saves;
        // Done once: later runs save nothing again.
        assert.deepEqual(await service.publishDue(), []);
        assert.equal(h.publication!.saves, saves);
        const audit = await h.call('admin', 'GET', `/api/inspections/${id}/audit`);
        const rows = audit.body as unknown as { action: string; after: { reportId?: number; publishedSha256?: string } }[];
        assert.deepEqual(rows.filter((r) => r.action === 'publication.record').map((r) => r.after.reportId), [done!.recordReportId]);
        assert.equal(rows.find((r) => r.action === 'transition' && r.after.publishedSha256)?.after.publishedSha256, record!.publishedSha256);
      } finally {
        await h.close();
      }
    });

    test('an archive that cannot be written refuses the move to published, changing nothing', async () => {
      // The archive folder is in fact a file: nothing can be written under it.
      const notADir = path.join(tempDir(), 'archive');
      writeFileSync(notADir, 'a file, not a folder');
      const h: Harness = await workflowHarness(await db.create(), { archiveDir: notADir });
      try {
        const id = await h.inspectionIn('final');
        h.clock.at = AFTER;
        const moved = await h.call('admin', 'POST', `/api/inspections/${id}/transitions`, { to: 'published' });
        assert.equal(moved.status, 503);
        assert.match(moved.body.message!, /its PDF could not be archived in .*archive \(.*\)\. Nothing has changed/);
        assert.equal((await h.store.workflow.inspection(id))!.state, 'final');
      } finally {
        await h.close();
      }
    });
  });
}
