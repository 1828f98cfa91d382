// The workflow's JSON API end to end on SQLite and PostgreSQL: accounts
// (throttling, sign-out, password change, disabled accounts), one
// inspection from planned to published with evidence, judgements,
// improvements, quality assurance's return, the council's comments, a
// scheduled publication and the audit trail; and the embargo: nothing of an
// unpublished inspection in any public page, search, feed, download,
// snapshot or log line.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { exportSnapshot } from '../../src/store/index.ts';
import { hashPassword } from '../../src/workflow/accounts.ts';
import { WorkflowService } from '../../src/workflow/service.ts';
import { readReport } from '../../src/reader/index.ts';
import { dropTestDatabases, tempDir, testDatabases } from '../fixtures/store-fixtures.ts';
import { ACCOUNTS, BEFORE, PASSWORD, SCHEDULE, workflowHarness, type Harness } from './fixtures.ts';

// Words that appear nowhere in the public record: if any public response holds them, the embargo leaked.
const SECRET_EVIDENCE = 'Zorblax strategy discussion held within a day';
const SECRET_ITEM = 'The Quuxwell timeliness of assessments.';
const SECRET_RATIONALE = 'Leaders know Plonkton practice well.';
const SECRET_COMMENT = 'The Wibbleford audit was in March.';
const SPARE = 'spare@test.example';
const SECRETS = [SECRET_EVIDENCE, SECRET_ITEM, SECRET_RATIONALE, SECRET_COMMENT, 'Zorblax', 'Quuxwell', 'Plonkton', 'Wibbleford', ACCOUNTS.lead.name, ACCOUNTS.lead.email];

for (const db of testDatabases()) {
  describe(`workflow API on ${db.name}`, () => {
    after(dropTestDatabases);
    let h: Harness;
    const logged: string[] = [];

    test('sign-in: wrong password 401, throttled per account then per address, sign-out, password change, disabled accounts', async () => {
      const logStream = new Writable({ write: (chunk, _enc, cb) => (logged.push(String(chunk)), cb()) });
      h = await workflowHarness(await db.create(), { logger: { level: 'info', stream: logStream } });
      const signIn = (email: string, password: string, ip = '10.0.0.1') => h.app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, remoteAddress: ip });
      const wrong = await signIn(ACCOUNTS.team.email, 'not the password');
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().message, 'The email address or password is not right.');
      assert.equal((await signIn('nobody@test.example', PASSWORD)).statusCode, 401);
      for (let i = 0; i < 4; i++) await signIn(ACCOUNTS.team.email, 'not the password', `10.0.1.${i}`);
      const locked = await signIn(ACCOUNTS.team.email, PASSWORD, '10.0.2.1');
      assert.equal(locked.statusCode, 429);
      assert.match(locked.json().message, /for this account/);
      // Another account from a fresh address still signs in; an address that failed 20 times may not.
      assert.equal((await signIn(ACCOUNTS.inspector.email, PASSWORD, '10.0.2.1')).statusCode, 200);
      for (let i = 0; i < 20; i++) await signIn(`guess${i}@test.example`, 'x', '10.9.9.9');
      const fromAddress = await signIn(ACCOUNTS.inspector.email, PASSWORD, '10.9.9.9');
      assert.equal(fromAddress.statusCode, 429);
      assert.match(fromAddress.json().message, /from this address/);
      // Failures over 15 minutes old are forgotten.
      h.clock.at = '2027-01-06T10:20:00Z';
      assert.equal((await signIn(ACCOUNTS.team.email, PASSWORD)).statusCode, 200);

      await h.store.workflow.addUser({ email: SPARE, name: 'Sam Spare', role: 'inspector', authoritySlug: null, passwordHash: await hashPassword(PASSWORD) }, '2027-01-06T10:00:00Z');
      const a = (await signIn(SPARE, PASSWORD)).json().token as string;
      const b = (await signIn(SPARE, PASSWORD)).json().token as string;
      const auth = (t: string) => ({ authorization: `Bearer ${t}` });
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections', headers: auth(a) })).statusCode, 200);
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections' })).statusCode, 401);
      const badChange = await h.app.inject({ method: 'PUT', url: '/api/session/password', headers: auth(a), payload: { current: 'wrong', new: 'another long password' } });
      assert.equal(badChange.statusCode, 400);
      const short = await h.app.inject({ method: 'PUT', url: '/api/session/password', headers: auth(a), payload: { current: PASSWORD, new: 'short' } });
      assert.match(short.json().message, /at least 12 characters/);
      assert.equal((await h.app.inject({ method: 'PUT', url: '/api/session/password', headers: auth(a), payload: { current: PASSWORD, new: 'another long password' } })).statusCode, 204);
      // The other session ended; this one goes on; the old password no longer works.
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections', headers: auth(b) })).statusCode, 401);
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections', headers: auth(a) })).statusCode, 200);
      assert.equal((await signIn(SPARE, PASSWORD)).statusCode, 401);
      assert.equal((await signIn(SPARE, 'another long password')).statusCode, 200);
      assert.equal((await h.app.inject({ method: 'DELETE', url: '/api/session', headers: auth(a) })).statusCode, 204);
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections', headers: auth(a) })).statusCode, 401);
      const c = (await signIn(SPARE, 'another long password')).json().token as string;
      assert.equal(await h.store.workflow.setUserDisabled(SPARE, true, '2027-01-06T10:30:00Z'), true);
      assert.equal((await h.app.inject({ method: 'GET', url: '/api/inspections', headers: auth(c) })).statusCode, 401);
      assert.equal((await signIn(SPARE, 'another long password')).statusCode, 401);
      h.clock.at = BEFORE;
    });

    let id = 0;
    test('scheduling checks the council, framework, type and the dates against the framework’s timings', async () => {
      const bad = await h.call('admin', 'POST', '/api/inspections', { ...SCHEDULE, authority: 'atlantis', framework: 'ILACS2023', start: '2027-01-12', end: '2027-01-22', leadInspector: ACCOUNTS.quality_assurance.email, team: ['nobody@test.example'] });
      assert.equal(bad.status, 400);
      const fields = (bad.body.problems as { field: string; message: string }[]).map((p) => p.field);
      assert.deepEqual(fields, ['authority', 'framework', 'start', 'end', 'leadInspector', 'team']);
      assert.match(bad.body.message!, /under ILACS2026/);
      assert.match(bad.body.message!, /A short inspection is 5 working days on site/);
      const created = await h.call('admin', 'POST', '/api/inspections', SCHEDULE);
      assert.equal(created.status, 201);
      assert.deepEqual(created.body, { id: created.body.id, state: 'planned' });
      id = created.body.id as number;
      const view = await h.call('lead', 'GET', `/api/inspections/${id}`);
      assert.deepEqual(view.body.timeline, { noticeDue: '2027-01-04', onSite: { start: '2027-01-11', end: '2027-01-15', workingDays: 5 }, accuracyDeadline: null, publication: { expected: '2027-02-26', earliest: '2027-02-15', latest: '2027-03-22' } });
      assert.deepEqual(view.body.moves, []);
      assert.deepEqual((await h.call('admin', 'GET', `/api/inspections/${id}`)).body.moves, [{ to: 'notified', name: 'Notify the council' }]);
    });

    test('from planned to published through the API, with every check on the way', async () => {
      const url = `/api/inspections/${id}`;
      const move = (rel: Parameters<Harness['call']>[0], to: string, extra: Record<string, unknown> = {}) => h.call(rel, 'POST', `${url}/transitions`, { to, ...extra });
      h.clock.at = '2027-01-11T08:00:00Z';
      const late = await move('admin', 'notified');
      assert.equal(late.status, 409);
      assert.match(late.body.message!, /Notice comes before fieldwork/);
      h.clock.at = BEFORE;
      assert.deepEqual((await move('admin', 'notified')).body, { state: 'notified', warnings: [], publishAt: null });
      assert.equal((await h.call('lead', 'POST', `${url}/evidence`, { area: 'leaders', criterion: 'Partnership working', source: 'meeting', text: 'too early' })).status, 403);
      h.clock.at = '2027-01-11T08:00:00Z';
      assert.equal((await move('lead', 'on_site')).status, 200);
      const pd = await h.call('team', 'POST', `${url}/evidence`, { area: 'help_protection', criterion: 'Children at risk of harm are identified and protected', source: 'case_file', caseRef: 'C-0042', text: 'Mrs Patel said her son, called Tyler, was seen.' });
      assert.equal(pd.status, 400);
      assert.match(pd.body.message!, /seems to contain a name with a title .* and a name \("called …"/);
      const ev = await h.call('team', 'POST', `${url}/evidence`, { area: 'help_protection', criterion: 'Children at risk of harm are identified and protected', source: 'case_file', caseRef: 'C-0042', text: SECRET_EVIDENCE });
      assert.equal(ev.status, 201);
      const evId = ev.body.id as number;
      const unknownKey = await h.call('lead', 'PUT', `${url}/judgements`, { judgements: { overall: 'good' } });
      assert.equal(unknownKey.status, 400);
      assert.match(unknownKey.body.message!, /"overall" is not a judgement of Inspection of local authority children’s services \(2026\)/);
      assert.equal((await h.call('lead', 'PUT', `${url}/judgements`, { judgements: { leaders: 'adequate' } })).status, 400);
      assert.equal((await h.call('team', 'PUT', `${url}/judgements`, { judgements: { leaders: 'good' } })).status, 403);
      const put = await h.call('lead', 'PUT', `${url}/judgements`, { judgements: { leaders: 'good', help_protection: 'good', in_care: 'requires_improvement', care_leavers: 'good' }, detail: { leaders: { rationale: SECRET_RATIONALE, evidence: [evId] } } });
      assert.equal(put.status, 200);
      assert.deepEqual((put.body.judgements as { key: string; grade: string }[]).map((j) => [j.key, j.grade]), [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'requires_improvement'], ['care_leavers', 'good']]);
      assert.equal((await h.call('lead', 'PUT', `${url}/improvements`, { items: [SECRET_ITEM, 'Ms Jones should supervise.'] })).status, 400);
      const tick = await h.call('lead', 'PUT', `${url}/improvements`, { items: [SECRET_ITEM, 'Plans are reviewed ✓ on time.'] });
      assert.equal(tick.status, 400);
      assert.deepEqual(tick.body.problems, [{ field: 'items[1]', message: 'Item 2 holds characters the report’s font cannot print ("✓" U+2713): replace them.' }]);
      assert.equal((await h.call('lead', 'PUT', `${url}/improvements`, { items: [SECRET_ITEM] })).status, 200);
      // The report's sections as a task list, with word counts against the framework's expected lengths.
      const tasks = (await h.call('lead', 'GET', url)).body.sections as { key: string; words: number; status: string; expected: { min: number } }[];
      assert.deepEqual(tasks.map((t) => [t.key, t.status]), [['headline', 'not_started'], ['help_protection', 'not_started'], ['in_care', 'not_started'], ['care_leavers', 'not_started'], ['leaders', 'not_started']]);
      assert.equal(tasks[0]!.expected.min, 100);
      const section = await h.call('lead', 'PUT', `${url}/sections/headline`, { text: 'Children in Southend-on-Sea get help when they need it.\n\nLeaders know their services well.' });
      assert.equal(section.status, 200, JSON.stringify(section.body));
      assert.deepEqual([section.body.words, section.body.status], [14, 'too_short']);
      assert.equal((await h.call('lead', 'PUT', `${url}/sections/overall`, { text: 'x' })).status, 400); // not a section of ILACS 2026
      const glyph = await h.call('lead', 'PUT', `${url}/sections/leaders`, { text: 'Leaders ✓ know.' });
      assert.equal(glyph.status, 400);
      assert.match(glyph.body.message!, /cannot print \("✓" U\+2713\)/);
      assert.equal((await h.call('team', 'PUT', `${url}/sections/leaders`, { text: 'Leaders know.' })).status, 403);
      assert.equal((await h.call('lead', 'PUT', `${url}/sections/leaders`, { text: 'Leaders know their Plonkton services.' })).status, 200);
      h.clock.at = '2027-01-13T17:00:00Z';
      const early = await move('lead', 'drafting');
      assert.deepEqual(early.body.warnings, ['Fieldwork is planned to run to 2027-01-15; today is 2027-01-13.']);
      h.clock.at = '2027-01-20T10:00:00Z';
      assert.equal((await move('lead', 'quality_assurance')).status, 200);
      assert.equal((await move('lead', 'accuracy_check')).status, 403);
      assert.equal((await move('quality_assurance', 'drafting', { comment: 'Tighten the rationale.' })).body.state, 'drafting');
      assert.equal((await move('lead', 'quality_assurance')).status, 200);
      h.clock.at = '2027-02-01T10:00:00Z';
      assert.equal((await move('quality_assurance', 'accuracy_check')).status, 200);
      // The council reads the typeset draft; ilacs's reader gives back every fact as entered.
      const draft = await h.call('council', 'GET', `${url}/report.pdf`);
      assert.equal(draft.status, 200);
      assert.equal(draft.type, 'application/pdf');
      const read = await readReport(draft.bytes);
      assert.ok(read.ok, JSON.stringify(read));
      assert.deepEqual(read.report.flags, []);
      assert.equal(read.report.framework, 'ILACS2026');
      assert.equal(read.report.localAuthority.printedName, 'Southend-on-Sea');
      assert.deepEqual([read.report.inspection.start, read.report.inspection.end, read.report.inspection.leadInspector], ['2027-01-11', '2027-01-15', ACCOUNTS.lead.name]);
      assert.deepEqual(read.report.judgements.map((j) => [j.key, j.grade]), [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'requires_improvement'], ['care_leavers', 'good']]);
      assert.deepEqual(read.report.improvements.map((x) => x.text), [SECRET_ITEM]);
      assert.ok(read.report.sections.some((x) => x.heading === 'The impact of leaders on social work practice with children and families: good' && x.text.includes('Leaders know their Plonkton services.')));
      const councilView = await h.call('council', 'GET', url);
      assert.equal(councilView.status, 200);
      assert.equal('evidence' in councilView.body, false);
      assert.equal((councilView.body.timeline as { accuracyDeadline: string }).accuracyDeadline, '2027-02-08');
      assert.equal((await h.call('council', 'POST', `${url}/accuracy-comments`, { text: SECRET_COMMENT, paragraph: 4 })).status, 201);
      assert.equal((await h.call('other_council', 'POST', `${url}/accuracy-comments`, { text: 'x' })).status, 404);
      h.clock.at = '2027-02-09T10:00:00Z';
      const closed = await h.call('council', 'POST', `${url}/accuracy-comments`, { text: 'Too late.' });
      assert.equal(closed.status, 409);
      assert.match(closed.body.message!, /closed on 2027-02-08/);
      assert.equal((await move('lead', 'final')).status, 200);
      assert.equal((await h.call('admin', 'GET', `${url}/report.pdf`)).status, 200);
      // Scheduled publication: stays final until the time comes, then the scheduler publishes.
      h.clock.at = '2027-02-20T10:00:00Z';
      const scheduled = await move('admin', 'published', { publishAt: '2027-02-24T09:30:00Z' });
      assert.deepEqual(scheduled.body, { state: 'final', warnings: [], publishAt: '2027-02-24T09:30:00.000Z' });
      const service = new WorkflowService(h.store.workflow, h.clock);
      assert.deepEqual(await service.publishDue(), []);
      h.clock.at = '2027-02-24T09:31:00Z';
      assert.deepEqual(await service.publishDue(), [id]);
      const published = await h.call('other_council', 'GET', url);
      assert.equal(published.body.state, 'published');
      assert.equal(published.body.publishedAt, '2027-02-24T09:31:00.000Z');
      assert.equal('evidence' in published.body, false);
      assert.equal('accuracyComments' in published.body, false);
      // Anyone may read the published report.
      const anon = await h.call('anonymous', 'GET', `${url}/report.pdf`);
      assert.equal(anon.status, 200);
      assert.equal(Buffer.from(anon.bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    });

    test('the audit: every action with who, when, before and after; admins only; append-only in the database', async () => {
      const audit = await h.call('admin', 'GET', `/api/inspections/${id}/audit`);
      assert.equal(audit.status, 200);
      const rows = audit.body as unknown as { action: string; userEmail: string | null; before: unknown; after: { state?: string } }[];
      assert.deepEqual(
        rows.map((r) => r.action),
        ['inspection.create', 'transition', 'transition', 'evidence.add', 'judgements.put', 'improvements.put', 'section.put', 'section.put', 'transition', 'transition', 'transition', 'transition', 'transition', 'accuracy_comment.add', 'transition', 'publication.schedule', 'transition'],
      );
      assert.deepEqual(rows.filter((r) => r.action === 'transition').map((r) => r.after.state), ['notified', 'on_site', 'drafting', 'quality_assurance', 'drafting', 'quality_assurance', 'accuracy_check', 'final', 'published']);
      assert.equal(rows[0]!.userEmail, ACCOUNTS.admin.email);
      assert.equal(rows.at(-1)!.userEmail, null); // the scheduler
      assert.equal((await h.call('lead', 'GET', `/api/inspections/${id}/audit`)).status, 403);
      await assert.rejects(sql`UPDATE wf_audit SET action = 'forged'`.execute(h.store.db), /append-only/);
      await assert.rejects(sql`DELETE FROM wf_audit`.execute(h.store.db), /append-only/);
    });

    test('the OpenAPI document lists every workflow route', async () => {
      const doc = (await h.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      for (const [p, m] of [['/api/session', 'post'], ['/api/inspections', 'post'], ['/api/inspections/{id}', 'get'], ['/api/inspections/{id}/transitions', 'post'], ['/api/inspections/{id}/evidence', 'post'], ['/api/inspections/{id}/judgements', 'put'], ['/api/inspections/{id}/improvements', 'put'], ['/api/inspections/{id}/sections/{key}', 'put'], ['/api/inspections/{id}/accuracy-comments', 'post'], ['/api/inspections/{id}/report.pdf', 'get'], ['/api/inspections/{id}/audit', 'get']] as const) {
        assert.ok(doc.paths[p]?.[m], `${m} ${p}`);
      }
    });

    test('embargo: nothing of an unpublished inspection in any public page, search, feed, download, snapshot or log line', async () => {
      // A second inspection, in the accuracy check, with the same secrets.
      h.clock.at = BEFORE;
      const other = await h.inspectionIn('on_site');
      h.clock.at = '2027-01-12T10:00:00Z';
      assert.equal((await h.call('team', 'POST', `/api/inspections/${other}/evidence`, { area: 'in_care', criterion: 'Permanence and stability', source: 'observation', text: SECRET_EVIDENCE })).status, 201);
      const publicUrls = ['/', '/national', '/local-authorities', '/local-authorities.json', '/local-authorities.csv', `/local-authorities/${SCHEDULE.authority}`, `/local-authorities/${SCHEDULE.authority}.json`, `/local-authorities/${SCHEDULE.authority}/reports.atom`, '/feeds', '/feeds/reports.atom', '/downloads/latest.csv', '/downloads/history.csv', '/search?q=Zorblax', '/search.json?q=Zorblax', '/search.json?q=Quuxwell', '/search.json?q=Plonkton', '/api', '/api/openapi.json', '/sitemap.xml', '/robots.txt', '/compare?la=southend-on-sea'];
      for (const u of publicUrls) {
        const res = await h.app.inject(u);
        assert.ok(res.statusCode < 500, `${u}: ${res.statusCode}`);
        // A search page repeats its own query; nothing else of the secrets may appear.
        const asked = new URL(u, 'http://x').searchParams.get('q');
        for (const s of SECRETS.filter((x) => x !== asked)) assert.equal(res.body.includes(s), false, `${u} holds "${s}"`);
      }
      const dir = tempDir();
      const file = path.join(dir, 'snap.jsonl.gz');
      await exportSnapshot(h.store.db, file, { source: 'test' });
      const text = gunzipSync(fs.readFileSync(file)).toString('utf8');
      for (const s of SECRETS) assert.equal(text.includes(s), false, `snapshot holds "${s}"`);
      // Only the test's own search addresses name a secret word (as their query): every other line must not.
      const log = logged.filter((line) => !/"url":"\/search[^"]*\?q=/.test(line)).join('');
      assert.ok(log.includes('/api/inspections'), 'the log was captured');
      for (const s of [...SECRETS, PASSWORD]) assert.equal(log.includes(s), false, `a log line holds "${s}"`);
      for (const t of Object.values(h.tokens)) assert.equal(log.includes(t), false, 'a log line holds a token');
      await h.close();
    });
  });
}
