// The inspection's lifecycle as one pure state machine: its states, the
// moves between them and who may make each move. No I/O: the API, the pages
// and the tests all ask this module.

import { isState, STATES, type Role, type State } from '../domain/workflow.ts';

export { isState, isRole, ROLES, STATES, type Role, type State } from '../domain/workflow.ts';

/** Who makes a move: an admin, the inspection's lead inspector, or a quality assurance reviewer. */
export type Mover = 'admin' | 'lead' | 'quality_assurance';

export interface Move {
  from: State;
  to: State;
  by: Mover;
  /** What the move means, as pages name it. */
  name: string;
}

export const MOVES: readonly Move[] = [
  { from: 'planned', to: 'notified', by: 'admin', name: 'Notify the council' },
  { from: 'notified', to: 'on_site', by: 'lead', name: 'Start fieldwork' },
  { from: 'on_site', to: 'drafting', by: 'lead', name: 'End fieldwork and start the draft' },
  { from: 'drafting', to: 'quality_assurance', by: 'lead', name: 'Send the draft for quality assurance' },
  { from: 'quality_assurance', to: 'accuracy_check', by: 'quality_assurance', name: 'Approve and send to the council for its accuracy check' },
  { from: 'quality_assurance', to: 'drafting', by: 'quality_assurance', name: 'Return the draft to the lead inspector' },
  { from: 'accuracy_check', to: 'drafting', by: 'lead', name: 'Take the draft back to revise it' },
  { from: 'accuracy_check', to: 'final', by: 'lead', name: 'Finalise the report' },
  { from: 'final', to: 'published', by: 'admin', name: 'Publish the report' },
];

export const STATE_LABELS: Record<State, string> = {
  planned: 'Planned',
  notified: 'Council notified',
  on_site: 'On site',
  drafting: 'Drafting',
  quality_assurance: 'Quality assurance',
  accuracy_check: 'Factual accuracy check',
  final: 'Final',
  published: 'Published',
};

/** The actor as the machine sees them: their role and, for an inspector, whether they lead this inspection. */
export interface Actor {
  role: Role;
  isLead: boolean;
}

export function movesFrom(state: State): Move[] {
  return MOVES.filter((m) => m.from === state);
}

export function mayMake(move: Move, actor: Actor): boolean {
  if (move.by === 'admin') return actor.role === 'admin';
  if (move.by === 'quality_assurance') return actor.role === 'quality_assurance';
  return actor.role === 'inspector' && actor.isLead;
}

const MOVER_NAMES: Record<Mover, string> = { admin: 'an admin', lead: 'the lead inspector', quality_assurance: 'quality assurance' };

export type Decision = { ok: true; move: Move } | { ok: false; code: 'no_such_move' | 'not_allowed'; message: string };

/**
 * Whether `actor` may move an inspection in `state` to `to`. A move that does
 * not exist from this state is refused as such (whoever asks); one that does
 * but is not theirs to make names who makes it.
 */
export function decide(state: State, to: string, actor: Actor): Decision {
  const move = MOVES.find((m) => m.from === state && m.to === to);
  if (!move) {
    const next = movesFrom(state).map((m) => `"${m.to}"`);
    const target = isState(to) ? `"${to}"` : `"${to}" (not a state: the states are ${STATES.join(', ')})`;
    return { ok: false, code: 'no_such_move', message: `An inspection in "${state}" cannot move to ${target}. ${next.length ? `From "${state}" it can move to ${next.join(' or ')}.` : `"${state}" is the last state.`}` };
  }
  if (!mayMake(move, actor)) return { ok: false, code: 'not_allowed', message: `Only ${MOVER_NAMES[move.by]} may move an inspection from "${state}" to "${to}".` };
  return { ok: true, move };
}

/** The moves this actor could make now: what a page offers as buttons. */
export function availableMoves(state: State, actor: Actor): Move[] {
  return movesFrom(state).filter((m) => mayMake(m, actor));
}
