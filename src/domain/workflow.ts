// The inspection workflow's shared words: its states, the roles of the
// people who use it, the kinds of inspection and where evidence comes from.
// Plain data every layer reads (the store keeps them, the workflow decides
// with them, the pages name them).

export const STATES = ['planned', 'notified', 'on_site', 'drafting', 'quality_assurance', 'accuracy_check', 'final', 'published'] as const;
export type State = (typeof STATES)[number];

export const ROLES = ['admin', 'inspector', 'quality_assurance', 'council'] as const;
export type Role = (typeof ROLES)[number];

export const INSPECTION_TYPES = ['short', 'standard'] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

export const EVIDENCE_SOURCES = ['case_file', 'meeting', 'observation', 'data'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export function isState(v: unknown): v is State {
  return typeof v === 'string' && (STATES as readonly string[]).includes(v);
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
