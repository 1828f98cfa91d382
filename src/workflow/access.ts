// The one authorisation table: for every action on an inspection, which
// relation to it (anonymous, admin, its lead inspector, a team member, an
// inspector not on its team, quality assurance, its council's nominated
// officer, another council's) may do it in which state. The API, the pages
// and the generated tests (test/workflow/authorisation.test.ts) all read it.
import { decide, STATES, type Role, type State } from './machine.ts';

export const RELATIONS = ['anonymous', 'admin', 'lead', 'team', 'inspector', 'quality_assurance', 'council', 'other_council'] as const;
export type Relation = (typeof RELATIONS)[number];

export const ACTIONS = ['read', 'evidence.read', 'comments.read', 'evidence.add', 'judgements.put', 'improvements.put', 'sections.put', 'comments.add', 'report.pdf', 'audit'] as const;
export type Action = (typeof ACTIONS)[number];

const ALL = STATES;
const from = (s: State): readonly State[] => STATES.slice(STATES.indexOf(s));
const FIELDWORK: readonly State[] = ['on_site', 'drafting'];

/** Who may know an inspection exists, by state: everyone else is told there is no such inspection (404). */
export const SEES: Record<Relation, readonly State[]> = {
  anonymous: [],
  admin: ALL,
  lead: ALL,
  team: ALL,
  // Once published the inspection is public record; its evidence and the council's comments never are.
  inspector: ['published'],
  quality_assurance: from('drafting'),
  council: from('accuracy_check'),
  other_council: ['published'],
};

/** The table: action → relation → the states in which it is allowed. A relation not listed may not, in any state. */
export const ACCESS: Record<Action, Partial<Record<Relation, readonly State[]>>> = {
  read: { admin: ALL, lead: ALL, team: ALL, inspector: ['published'], quality_assurance: from('drafting'), council: from('accuracy_check'), other_council: ['published'] },
  // Evidence is never public, never the council's, even after publication.
  'evidence.read': { admin: ALL, lead: ALL, team: ALL, quality_assurance: from('drafting') },
  'comments.read': { admin: from('accuracy_check'), lead: from('accuracy_check'), team: from('accuracy_check'), quality_assurance: from('accuracy_check'), council: from('accuracy_check') },
  'evidence.add': { lead: FIELDWORK, team: FIELDWORK },
  'judgements.put': { lead: FIELDWORK },
  'improvements.put': { lead: FIELDWORK },
  'sections.put': { lead: FIELDWORK },
  'comments.add': { council: ['accuracy_check'] },
  'report.pdf': { admin: from('drafting'), lead: from('drafting'), team: from('drafting'), quality_assurance: from('drafting'), council: from('accuracy_check'), inspector: ['published'], other_council: ['published'], anonymous: ['published'] },
  audit: { admin: ALL },
};

/** Actions that need no sign-in in the states the table allows them to anonymous. */
export type Outcome = 'allow' | 'unauthenticated' | 'hidden' | 'forbidden' | 'conflict';

export const HTTP_STATUS: Record<Exclude<Outcome, 'allow'>, number> = { unauthenticated: 401, hidden: 404, forbidden: 403, conflict: 409 };

export function allowed(action: Action, relation: Relation, state: State): boolean {
  return ACCESS[action][relation]?.includes(state) ?? false;
}

/** What happens when `relation` asks for `action` on an inspection in `state`. */
export function outcome(action: Action, relation: Relation, state: State): Outcome {
  if (allowed(action, relation, state)) return 'allow';
  if (relation === 'anonymous') return 'unauthenticated';
  if (!SEES[relation].includes(state)) return 'hidden';
  return 'forbidden';
}

/** The role a relation stands for, and whether it leads the inspection (for the state machine). */
export function actorOf(relation: Exclude<Relation, 'anonymous'>): { role: Role; isLead: boolean } {
  const role: Role = relation === 'lead' || relation === 'team' || relation === 'inspector' ? 'inspector' : relation === 'other_council' ? 'council' : relation;
  return { role, isLead: relation === 'lead' };
}

/** What happens when `relation` asks to move an inspection in `state` to `to`: the machine decides among those who may see it. */
export function transitionOutcome(relation: Relation, state: State, to: string): Outcome {
  if (relation === 'anonymous') return 'unauthenticated';
  if (!SEES[relation].includes(state)) return 'hidden';
  const d = decide(state, to, actorOf(relation));
  return d.ok ? 'allow' : d.code === 'no_such_move' ? 'conflict' : 'forbidden';
}

/** Creating an inspection: admins only. */
export function createOutcome(relation: Relation): Outcome {
  return relation === 'admin' ? 'allow' : relation === 'anonymous' ? 'unauthenticated' : 'forbidden';
}
