// Generated from the one authorisation table (src/workflow/access.ts): every
// API route × every relation (and anonymous) × every state, asked over HTTP
// against a real store on SQLite and PostgreSQL. Expected statuses come only
// from the table and the state machine; the server must agree with each.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, createOutcome, HTTP_STATUS, outcome, RELATIONS, transitionOutcome, type Action, type Outcome, type Relation } from '../../src/workflow/access.ts';
import { STATES, type State } from '../../src/workflow/machine.ts';
import { dropTestDatabases, testDatabases } from '../fixtures/store-fixtures.ts';
import { AFTER, BEFORE, workflowHarness, type Harness } from './fixtures.ts';

/** Each action's request, and the status it gives when allowed. */
const ROUTES: Record<Exclude<Action, 'evidence.read' | 'comments.read'>, { method: string; path: string; body?: unknown; ok: number }> = {
  read: { method: 'GET', path: '', ok: 200 },
  'evidence.add': { method: 'POST', path: '/evidence', body: { area: 'help_protection', criterion: 'Children at risk of harm are identified and protected', source: 'case_file', caseRef: 'C-0042', text: 'Strategy discussion held within a day.' }, ok: 201 },
  'judgements.put': { method: 'PUT', path: '/judgements', body: { judgements: { leaders: 'good', in_care: 'requires_improvement' } }, ok: 200 },
  'improvements.put': { method: 'PUT', path: '/improvements', body: { items: ['The timeliness of assessments.'] }, ok: 200 },
  'sections.put': { method: 'PUT', path: '/sections/help_protection', body: { text: 'Children get help at the earliest point.' }, ok: 200 },
  'comments.add': { method: 'POST', path: '/accuracy-comments', body: { text: 'The audit was in March, not April.', paragraph: 4 }, ok: 201 },
  // The report as it stands, typeset.
  'report.pdf': { method: 'GET', path: '/report.pdf', ok: 200 },
  audit: { method: 'GET', path: '/audit', ok: 200 },
};

const expectStatus = (o: Outcome, ok: number): number => (o === 'allow' ? ok : HTTP_STATUS[o]);

for (const db of testDatabases()) {
  describe(`authorisation table over HTTP, on ${db.name}`, () => {
    after(dropTestDatabases);
    let h: Harness;
    const inState = new Map<State, number>();

    test('set up: an inspection in every state', async () => {
      h = await workflowHarness(await db.create());
      for (const s of STATES) inState.set(s, await h.inspectionIn(s));
    });

    test('every action × relation × state answers as the table says', async () => {
      let checked = 0;
      for (const state of STATES) {
        const id = inState.get(state)!;
        h.clock.at = state === 'planned' ? BEFORE : AFTER;
        for (const [action, route] of Object.entries(ROUTES) as [keyof typeof ROUTES, (typeof ROUTES)[keyof typeof ROUTES]][]) {
          for (const rel of RELATIONS) {
            const r = await h.call(rel, route.method, `/api/inspections/${id}${route.path}`, route.body);
            assert.equal(r.status, expectStatus(outcome(action, rel, state), route.ok), `${action} by ${rel} in ${state}: ${r.body.message}`);
            checked++;
          }
        }
        // What a read shows: evidence and the council's comments only to those the table lets.
        for (const rel of RELATIONS) {
          if (outcome('read', rel, state) !== 'allow') continue;
          const r = await h.call(rel, 'GET', `/api/inspections/${id}`);
          for (const [part, field] of [['evidence.read', 'evidence'], ['comments.read', 'accuracyComments']] as const) {
            assert.equal(field in r.body, outcome(part, rel, state) === 'allow', `${part} by ${rel} in ${state}`);
            checked++;
          }
        }
      }
      assert.equal(checked > 500, true);
    });

    test('every transition × relation × state: 401/404 before the machine, then 409 for no such move, 403 for not theirs', async () => {
      for (const state of STATES) {
        for (const rel of RELATIONS) {
          for (const to of STATES) {
            const expected = transitionOutcome(rel, state, to);
            h.clock.at = state === 'planned' ? BEFORE : AFTER;
            // A move that succeeds changes the inspection: make it on one of its own.
            const id = expected === 'allow' ? await h.inspectionIn(state) : inState.get(state)!;
            h.clock.at = state === 'planned' ? BEFORE : AFTER;
            const r = await h.call(rel, 'POST', `/api/inspections/${id}/transitions`, { to });
            assert.equal(r.status, expectStatus(expected, 200), `${rel} ${state}→${to}: ${r.body.message}`);
            const now = await h.call('admin', 'GET', `/api/inspections/${id}`);
            assert.equal(now.body.state, expected === 'allow' ? to : state);
          }
        }
      }
    });

    test('scheduling an inspection: admins only', async () => {
      const body = { authority: 'southend-on-sea', framework: 'ILACS2026', type: 'short', start: '2027-01-11', end: '2027-01-15', leadInspector: 'lead@test.example' };
      h.clock.at = BEFORE;
      for (const rel of RELATIONS) {
        const r = await h.call(rel, 'POST', '/api/inspections', body);
        assert.equal(r.status, expectStatus(createOutcome(rel as Relation), 201), rel);
      }
    });

    test('an inspection that does not exist looks like one you may not know of', async () => {
      for (const rel of RELATIONS.filter((r) => r !== 'anonymous')) {
        for (const action of ACTIONS.filter((a) => a in ROUTES) as (keyof typeof ROUTES)[]) {
          const r = await h.call(rel, ROUTES[action].method, `/api/inspections/999999${ROUTES[action].path}`, ROUTES[action].body);
          assert.equal(r.status, 404, `${action} by ${rel}`);
          assert.equal(r.body.message, 'There is no inspection 999999.');
        }
      }
      await h.close();
    });
  });
}
