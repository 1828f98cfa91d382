// The authorisation table's own rules (the HTTP routes are tested from the
// same table in authorisation.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS, ACTIONS, outcome, RELATIONS, SEES, transitionOutcome } from '../../src/workflow/access.ts';
import { STATES } from '../../src/workflow/machine.ts';

test('evidence is never the council’s, anyone outside’s, nor public, in any state', () => {
  for (const state of STATES) for (const r of ['anonymous', 'council', 'other_council', 'inspector'] as const) assert.notEqual(outcome('evidence.read', r, state), 'allow');
});

test('nothing of an unpublished inspection for anyone outside it', () => {
  for (const state of STATES.filter((s) => s !== 'published')) {
    for (const action of ACTIONS) {
      assert.equal(outcome(action, 'anonymous', state), 'unauthenticated');
      assert.equal(outcome(action, 'inspector', state), 'hidden', `${action} ${state}`);
      assert.equal(outcome(action, 'other_council', state), 'hidden');
    }
  }
});

test('an allowed action is only ever allowed to someone who may know the inspection exists', () => {
  for (const action of ACTIONS) for (const r of RELATIONS) for (const s of ACCESS[action][r] ?? []) assert.ok(r === 'anonymous' || SEES[r].includes(s), `${action} ${r} ${s}`);
});

test('the council sees its inspection from the accuracy check on, and comments only during it', () => {
  assert.deepEqual(STATES.filter((s) => outcome('read', 'council', s) === 'allow'), ['accuracy_check', 'final', 'published']);
  assert.deepEqual(STATES.filter((s) => outcome('comments.add', 'council', s) === 'allow'), ['accuracy_check']);
  assert.equal(outcome('comments.add', 'council', 'final'), 'forbidden');
  assert.equal(outcome('comments.add', 'council', 'drafting'), 'hidden');
});

test('transitions: hidden before the machine is asked; no such move 409, not theirs 403', () => {
  assert.equal(transitionOutcome('anonymous', 'planned', 'notified'), 'unauthenticated');
  assert.equal(transitionOutcome('quality_assurance', 'planned', 'notified'), 'hidden');
  assert.equal(transitionOutcome('admin', 'planned', 'notified'), 'allow');
  assert.equal(transitionOutcome('lead', 'planned', 'notified'), 'forbidden');
  assert.equal(transitionOutcome('lead', 'planned', 'published'), 'conflict');
  assert.equal(transitionOutcome('council', 'accuracy_check', 'final'), 'forbidden');
  assert.equal(transitionOutcome('quality_assurance', 'quality_assurance', 'drafting'), 'allow');
});
