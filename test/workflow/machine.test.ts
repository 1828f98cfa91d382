// The lifecycle: every move the issue lists, who may make it, and every
// move that does not exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableMoves, decide, MOVES, ROLES, STATES, type Actor, type Move, type State } from '../../src/workflow/machine.ts';

const admin: Actor = { role: 'admin', isLead: false };
const lead: Actor = { role: 'inspector', isLead: true };
const member: Actor = { role: 'inspector', isLead: false };
const qa: Actor = { role: 'quality_assurance', isLead: false };
const council: Actor = { role: 'council', isLead: false };
const actors = { admin, lead, member, qa, council };

// The list, written out again by hand: from, to, the one actor who may.
const EXPECTED: [State, State, keyof typeof actors][] = [
  ['planned', 'notified', 'admin'],
  ['notified', 'on_site', 'lead'],
  ['on_site', 'drafting', 'lead'],
  ['drafting', 'quality_assurance', 'lead'],
  ['quality_assurance', 'accuracy_check', 'qa'],
  ['quality_assurance', 'drafting', 'qa'],
  ['accuracy_check', 'drafting', 'lead'],
  ['accuracy_check', 'final', 'lead'],
  ['final', 'published', 'admin'],
];

test('the moves are exactly the issue’s, each made by exactly one kind of actor', () => {
  assert.deepEqual(
    MOVES.map((m) => [m.from, m.to]),
    EXPECTED.map(([f, t]) => [f, t]),
  );
  for (const [from, to, who] of EXPECTED) {
    for (const [name, actor] of Object.entries(actors)) {
      const d = decide(from, to, actor);
      if (name === who) assert.equal(d.ok, true, `${name} ${from}→${to}`);
      else {
        assert.equal(d.ok, false, `${name} must not move ${from}→${to}`);
        assert.equal(!d.ok && d.code, 'not_allowed');
        assert.match(!d.ok ? d.message : '', /^Only (an admin|the lead inspector|quality assurance) may/);
      }
    }
  }
});

test('every other pair of states is no move at all, whoever asks', () => {
  for (const from of STATES) {
    for (const to of STATES) {
      if (EXPECTED.some(([f, t]) => f === from && t === to)) continue;
      for (const actor of Object.values(actors)) {
        const d = decide(from, to, actor);
        assert.equal(!d.ok && d.code, 'no_such_move', `${from}→${to}`);
      }
    }
  }
  const d = decide('planned', 'archived', admin);
  assert.equal(!d.ok && d.code, 'no_such_move');
  assert.match(!d.ok ? d.message : '', /not a state/);
  const last = decide('published', 'drafting', admin);
  assert.match(!last.ok ? last.message : '', /"published" is the last state/);
});

test('published is reached only through every state in order, and nothing leaves it', () => {
  assert.deepEqual(availableMoves('published', admin), []);
  let state: State = 'planned';
  const path: State[] = [state];
  const mover = { planned: admin, notified: lead, on_site: lead, drafting: lead, quality_assurance: qa, accuracy_check: lead, final: admin } as Record<State, Actor>;
  while (state !== 'published') {
    const forward: Move[] = availableMoves(state, mover[state]!).filter((m) => STATES.indexOf(m.to) > STATES.indexOf(state));
    assert.equal(forward.length, 1);
    state = forward[0]!.to;
    path.push(state);
  }
  assert.deepEqual(path, [...STATES]);
  assert.deepEqual(ROLES, ['admin', 'inspector', 'quality_assurance', 'council']);
  // A team member who is not the lead moves nothing; a council moves nothing.
  for (const s of STATES) {
    assert.deepEqual(availableMoves(s, member), []);
    assert.deepEqual(availableMoves(s, council), []);
  }
});
