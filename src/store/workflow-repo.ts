// The inspection workflow's tables (migration 200_workflow) and every query
// the workflow makes on them, as the store's public API (store.workflow).
// The workflow and its web plugin never hold the database handle. Every
// change to an inspection is written in one transaction with its audit row.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { FrameworkId, Grade, JudgementKey, SectionKey } from '../domain/frameworks.ts';
import type { EvidenceSource, InspectionType, Role, State } from '../domain/workflow.ts';
import type { Database } from './schema.ts';

export interface WfUsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  authority_slug: string | null;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}
export interface WfSessionsTable {
  token_hash: string;
  user_id: number;
  kind: 'browser' | 'api';
  csrf: string;
  created_at: string;
  expires_at: string;
  /** Null until first used after sign-in (and for sessions from before the column). */
  last_seen_at: string | null;
}
export interface WfSignInFailuresTable {
  id: Generated<number>;
  account: string;
  address: string;
  at: string;
}
export interface WfInspectionsTable {
  id: Generated<number>;
  authority_slug: string;
  framework: FrameworkId;
  type: InspectionType;
  start_date: string;
  end_date: string;
  state: State;
  lead_user_id: number;
  notified_on: string | null;
  accuracy_started_on: string | null;
  publish_at: string | null;
  published_at: string | null;
  published_sha256: string | null;
  record_report_id: number | null;
  created_at: string;
  updated_at: string;
}
export interface WfTeamTable {
  inspection_id: number;
  user_id: number;
}
export interface WfEvidenceTable {
  id: Generated<number>;
  inspection_id: number;
  author_id: number;
  area: JudgementKey;
  criterion: string;
  source: EvidenceSource;
  case_ref: string | null;
  text: string;
  created_at: string;
}
export interface WfJudgementsTable {
  inspection_id: number;
  key: JudgementKey;
  grade: Grade;
  rationale: string | null;
  /** JSON number[]. */
  evidence_ids: string;
}
export interface WfImprovementsTable {
  inspection_id: number;
  position: number;
  text: string;
}
export interface WfSectionsTable {
  inspection_id: number;
  key: string;
  text: string;
  updated_at: string;
}
export interface WfCommentsTable {
  id: Generated<number>;
  inspection_id: number;
  author_id: number;
  paragraph: number | null;
  text: string;
  created_at: string;
}
export interface WfAuditTable {
  id: Generated<number>;
  inspection_id: number | null;
  user_id: number | null;
  at: string;
  action: string;
  /** JSON, or null when there was nothing before. */
  before: string | null;
  after: string | null;
}

// A type alias, not an interface: Kysely's withTables needs an index-compatible record.
export type WorkflowTables = {
  wf_users: WfUsersTable;
  wf_sessions: WfSessionsTable;
  wf_sign_in_failures: WfSignInFailuresTable;
  wf_inspections: WfInspectionsTable;
  wf_team: WfTeamTable;
  wf_evidence: WfEvidenceTable;
  wf_judgements: WfJudgementsTable;
  wf_improvements: WfImprovementsTable;
  wf_sections: WfSectionsTable;
  wf_comments: WfCommentsTable;
  wf_audit: WfAuditTable;
};
type WfDb = Kysely<Database & WorkflowTables>;
type WfTx = Transaction<Database & WorkflowTables>;

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  role: Role;
  authoritySlug: string | null;
  createdAt: string;
  disabledAt: string | null;
}
export interface NewUser {
  email: string;
  name: string;
  role: Role;
  authoritySlug: string | null;
  passwordHash: string;
}
export interface SessionRecord {
  kind: 'browser' | 'api';
  csrf: string;
  expiresAt: string;
  user: UserRecord;
}
export interface NewInspection {
  authoritySlug: string;
  framework: FrameworkId;
  type: InspectionType;
  start: string;
  end: string;
  leadUserId: number;
  teamUserIds: number[];
}
export interface InspectionSummary {
  id: number;
  authoritySlug: string;
  authorityName: string;
  framework: FrameworkId;
  type: InspectionType;
  start: string;
  end: string;
  state: State;
  leadUserId: number;
  teamUserIds: number[];
  notifiedOn: string | null;
  accuracyStartedOn: string | null;
  publishAt: string | null;
  publishedAt: string | null;
  /** The SHA-256 of the published report's PDF (archived before the move to published). */
  publishedSha256: string | null;
  /** The published report's id in the public record, once saved there (null while a failed save waits to be retried). */
  recordReportId: number | null;
  createdAt: string;
  updatedAt: string;
}
export interface EvidenceRecord {
  id: number;
  authorId: number;
  area: JudgementKey;
  criterion: string;
  source: EvidenceSource;
  caseRef: string | null;
  text: string;
  createdAt: string;
}
export interface JudgementRecord {
  key: JudgementKey;
  grade: Grade;
  rationale: string | null;
  evidenceIds: number[];
}
export interface CommentRecord {
  id: number;
  authorId: number;
  paragraph: number | null;
  text: string;
  createdAt: string;
}
export interface InspectionRecord extends InspectionSummary {
  team: { id: number; email: string; name: string; lead: boolean }[];
  evidence: EvidenceRecord[];
  judgements: JudgementRecord[];
  improvements: string[];
  /** The drafted report sections, by key (SectionKey: 'headline' or a judgement key). */
  sections: Partial<Record<SectionKey, string>>;
  comments: CommentRecord[];
}
export interface AuditRecord {
  id: number;
  userId: number | null;
  userEmail: string | null;
  at: string;
  action: string;
  before: unknown;
  after: unknown;
}
/** Dates a move records on the inspection. */
export interface MoveStamp {
  notifiedOn?: string;
  accuracyStartedOn?: string;
  publishAt?: string | null;
  publishedAt?: string;
  publishedSha256?: string;
}

export class DuplicateEmailError extends Error {}

/** The workflow's reads and writes: store.workflow. */
export interface WorkflowRecord {
  /** `byUserId`: the admin who added it (null from the command line). */
  addUser(user: NewUser, now: string, byUserId?: number | null): Promise<UserRecord>;
  listUsers(): Promise<UserRecord[]>;
  /** The user and their password hash, by email (any case). */
  findUserForSignIn(email: string): Promise<(UserRecord & { passwordHash: string }) | undefined>;
  usersByEmail(emails: string[]): Promise<UserRecord[]>;
  /** Disables (or enables) an account and ends its sessions; false when there is no such account. */
  setUserDisabled(email: string, disabled: boolean, now: string, byUserId?: number | null): Promise<boolean>;
  setPasswordHash(userId: number, hash: string, keepSessionHash: string | null): Promise<void>;
  createSession(tokenHash: string, userId: number, kind: 'browser' | 'api', csrf: string, now: string, expiresAt: string): Promise<void>;
  /**
   * The session behind a token hash, if it has not expired, has been used
   * since `idle.since` and its account is enabled. An idle session is
   * deleted. A session last used before `idle.touchBefore` is marked as used
   * `now`, so a busy session writes at most once per interval.
   */
  session(tokenHash: string, now: string, idle: { since: string; touchBefore: string }): Promise<SessionRecord | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  recordSignInFailure(account: string, address: string, at: string): Promise<void>;
  signInFailures(since: string, by: { account: string } | { address: string }): Promise<number>;
  clearSignInFailures(account: string): Promise<void>;
  authorityName(slug: string): Promise<string | undefined>;
  /** The current councils, by name: what an inspection can be scheduled for. */
  authorities(): Promise<{ slug: string; name: string }[]>;
  createInspection(input: NewInspection, byUserId: number, now: string): Promise<number>;
  listInspections(): Promise<InspectionSummary[]>;
  inspection(id: number): Promise<InspectionRecord | undefined>;
  /** Moves the inspection if it is still in `from` (to the same state: records a scheduled publication); false when another change got there first. */
  move(id: number, from: State, to: State, byUserId: number | null, comment: string | null, stamp: MoveStamp, now: string): Promise<boolean>;
  addEvidence(id: number, authorId: number, e: Omit<EvidenceRecord, 'id' | 'authorId' | 'createdAt'>, now: string): Promise<number>;
  putJudgements(id: number, byUserId: number, judgements: JudgementRecord[], now: string): Promise<void>;
  putImprovements(id: number, byUserId: number, items: string[], now: string): Promise<void>;
  /** Replaces one section's text (an empty text removes it). */
  putSection(id: number, byUserId: number, key: SectionKey, text: string, now: string): Promise<void>;
  addComment(id: number, authorId: number, paragraph: number | null, text: string, now: string): Promise<number>;
  audit(id: number): Promise<AuditRecord[]>;
  /** Inspections in `final` with a publication time at or before `now`. */
  duePublications(now: string): Promise<{ id: number; publishAt: string }[]>;
  /** Records that the published report was saved in the public record (audited). */
  markRecorded(id: number, reportId: number, now: string): Promise<void>;
  /** Published inspections whose report is archived but not yet saved in the public record. */
  unrecordedPublications(): Promise<{ id: number; sha256: string }[]>;
}

const userOf = (r: { id: number; email: string; name: string; role: Role; authority_slug: string | null; created_at: string; disabled_at: string | null }): UserRecord => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  authoritySlug: r.authority_slug,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});
const USER_COLUMNS = ['id', 'email', 'name', 'role', 'authority_slug', 'created_at', 'disabled_at'] as const;

async function appendAudit(tx: WfTx, inspectionId: number | null, userId: number | null, at: string, action: string, before: unknown, after: unknown): Promise<void> {
  await tx
    .insertInto('wf_audit')
    .values({ inspection_id: inspectionId, user_id: userId, at, action, before: before === undefined ? null : JSON.stringify(before), after: after === undefined ? null : JSON.stringify(after) })
    .execute();
}

function summaryOf(r: Omit<WfInspectionsTable, 'id'> & { id: number; authority_name: string | null }, team: number[]): InspectionSummary {
  return {
    id: Number(r.id),
    authoritySlug: r.authority_slug,
    authorityName: r.authority_name ?? r.authority_slug,
    framework: r.framework,
    type: r.type,
    start: r.start_date,
    end: r.end_date,
    state: r.state,
    leadUserId: Number(r.lead_user_id),
    teamUserIds: team,
    notifiedOn: r.notified_on,
    accuracyStartedOn: r.accuracy_started_on,
    publishAt: r.publish_at,
    publishedAt: r.published_at,
    publishedSha256: r.published_sha256,
    recordReportId: r.record_report_id === null ? null : Number(r.record_report_id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function judgementsOf(db: WfDb | WfTx, id: number): Promise<JudgementRecord[]> {
  const rows = await db.selectFrom('wf_judgements').selectAll().where('inspection_id', '=', id).execute();
  return rows.map((r) => ({ key: r.key, grade: r.grade, rationale: r.rationale, evidenceIds: JSON.parse(r.evidence_ids) as number[] }));
}
async function sectionsOf(db: WfDb | WfTx, id: number): Promise<Partial<Record<SectionKey, string>>> {
  const rows = await db.selectFrom('wf_sections').select(['key', 'text']).where('inspection_id', '=', id).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.text])) as Partial<Record<SectionKey, string>>;
}
async function improvementsOf(db: WfDb | WfTx, id: number): Promise<string[]> {
  const rows = await db.selectFrom('wf_improvements').select('text').where('inspection_id', '=', id).orderBy('position').execute();
  return rows.map((r) => r.text);
}

export function workflowRecord(base: Kysely<Database>): WorkflowRecord {
  const db: WfDb = base.withTables<WorkflowTables>();
  const inspectionRows = () =>
    db
      .selectFrom('wf_inspections as i')
      .leftJoin('authorities as a', 'a.slug', 'i.authority_slug')
      .selectAll('i')
      .select('a.name as authority_name');
  const teamOf = async (ids: number[]): Promise<Map<number, number[]>> => {
    const out = new Map<number, number[]>();
    if (!ids.length) return out;
    const rows = await db.selectFrom('wf_team').select(['inspection_id', 'user_id']).where('inspection_id', 'in', ids).orderBy('user_id').execute();
    for (const r of rows) out.set(Number(r.inspection_id), [...(out.get(Number(r.inspection_id)) ?? []), Number(r.user_id)]);
    return out;
  };
  return {
    async addUser(u, now, by = null) {
      const email = u.email.toLowerCase();
      return db.transaction().execute(async (tx) => {
        const exists = await tx.selectFrom('wf_users').select('id').where('email', '=', email).executeTakeFirst();
        if (exists) throw new DuplicateEmailError(`there is already an account for ${email}`);
        const row = await tx
          .insertInto('wf_users')
          .values({ email, name: u.name, role: u.role, authority_slug: u.authoritySlug, password_hash: u.passwordHash, created_at: now, disabled_at: null })
          .returning(USER_COLUMNS)
          .executeTakeFirstOrThrow();
        await appendAudit(tx, null, by, now, 'user.add', undefined, { email, name: u.name, role: u.role, authority: u.authoritySlug });
        return userOf(row);
      });
    },
    async listUsers() {
      return (await db.selectFrom('wf_users').select(USER_COLUMNS).orderBy('id').execute()).map(userOf);
    },
    async findUserForSignIn(email) {
      const r = await db.selectFrom('wf_users').select([...USER_COLUMNS, 'password_hash']).where('email', '=', email.toLowerCase()).executeTakeFirst();
      return r ? { ...userOf(r), passwordHash: r.password_hash } : undefined;
    },
    async usersByEmail(emails) {
      if (!emails.length) return [];
      return (await db.selectFrom('wf_users').select(USER_COLUMNS).where('email', 'in', emails.map((e) => e.toLowerCase())).execute()).map(userOf);
    },
    async setUserDisabled(email, disabled, now, by = null) {
      return db.transaction().execute(async (tx) => {
        const user = await tx.selectFrom('wf_users').select(['id', 'disabled_at']).where('email', '=', email.toLowerCase()).executeTakeFirst();
        if (!user) return false;
        await tx.updateTable('wf_users').set({ disabled_at: disabled ? (user.disabled_at ?? now) : null }).where('id', '=', user.id).execute();
        if (disabled) await tx.deleteFrom('wf_sessions').where('user_id', '=', user.id).execute();
        await appendAudit(tx, null, by, now, disabled ? 'user.disable' : 'user.enable', { email, disabledAt: user.disabled_at }, { email, disabled });
        return true;
      });
    },
    async setPasswordHash(userId, hash, keep) {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('wf_users').set({ password_hash: hash }).where('id', '=', userId).execute();
        // A changed password ends every other session of the account.
        let del = tx.deleteFrom('wf_sessions').where('user_id', '=', userId);
        if (keep) del = del.where('token_hash', '!=', keep);
        await del.execute();
        await appendAudit(tx, null, userId, new Date().toISOString(), 'user.password', undefined, undefined);
      });
    },
    async createSession(tokenHash, userId, kind, csrf, now, expiresAt) {
      await db.insertInto('wf_sessions').values({ token_hash: tokenHash, user_id: userId, kind, csrf, created_at: now, expires_at: expiresAt }).execute();
    },
    async session(tokenHash, now, idle) {
      const r = await db
        .selectFrom('wf_sessions as s')
        .innerJoin('wf_users as u', 'u.id', 's.user_id')
        .select(['s.kind', 's.csrf', 's.expires_at', 's.created_at as session_created_at', 's.last_seen_at', 'u.id', 'u.email', 'u.name', 'u.role', 'u.authority_slug', 'u.created_at', 'u.disabled_at'])
        .where('s.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!r || r.expires_at <= now || r.disabled_at) return undefined;
      const lastSeen = r.last_seen_at ?? r.session_created_at;
      if (lastSeen < idle.since) {
        await db.deleteFrom('wf_sessions').where('token_hash', '=', tokenHash).execute();
        return undefined;
      }
      if (lastSeen < idle.touchBefore) {
        // Only forward: a request stamped earlier never moves it back.
        await db
          .updateTable('wf_sessions')
          .set({ last_seen_at: now })
          .where('token_hash', '=', tokenHash)
          .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', now)]))
          .execute();
      }
      return { kind: r.kind, csrf: r.csrf, expiresAt: r.expires_at, user: userOf(r) };
    },
    async deleteSession(tokenHash) {
      await db.deleteFrom('wf_sessions').where('token_hash', '=', tokenHash).execute();
    },
    async recordSignInFailure(account, address, at) {
      await db.insertInto('wf_sign_in_failures').values({ account: account.toLowerCase(), address, at }).execute();
    },
    async signInFailures(since, by) {
      let q = db.selectFrom('wf_sign_in_failures').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', since);
      q = 'account' in by ? q.where('account', '=', by.account.toLowerCase()) : q.where('address', '=', by.address);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async clearSignInFailures(account) {
      await db.deleteFrom('wf_sign_in_failures').where('account', '=', account.toLowerCase()).execute();
    },
    async authorityName(slug) {
      return (await db.selectFrom('authorities').select('name').where('slug', '=', slug).where('is_current', '=', 1).executeTakeFirst())?.name;
    },
    async authorities() {
      return db.selectFrom('authorities').select(['slug', 'name']).where('is_current', '=', 1).orderBy('name').execute();
    },
    async createInspection(input, byUserId, now) {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('wf_inspections')
          .values({ authority_slug: input.authoritySlug, framework: input.framework, type: input.type, start_date: input.start, end_date: input.end, state: 'planned', lead_user_id: input.leadUserId, notified_on: null, accuracy_started_on: null, publish_at: null, published_at: null, published_sha256: null, record_report_id: null, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        const team = [...new Set([input.leadUserId, ...input.teamUserIds])];
        await tx.insertInto('wf_team').values(team.map((user_id) => ({ inspection_id: id, user_id }))).execute();
        await appendAudit(tx, id, byUserId, now, 'inspection.create', undefined, { ...input, teamUserIds: team, state: 'planned' });
        return id;
      });
    },
    async listInspections() {
      const rows = await inspectionRows().orderBy('i.start_date', 'desc').orderBy('i.id', 'desc').execute();
      const teams = await teamOf(rows.map((r) => Number(r.id)));
      return rows.map((r) => summaryOf(r, teams.get(Number(r.id)) ?? []));
    },
    async inspection(id) {
      const r = await inspectionRows().where('i.id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const teamRows = await db.selectFrom('wf_team as t').innerJoin('wf_users as u', 'u.id', 't.user_id').select(['u.id', 'u.email', 'u.name']).where('t.inspection_id', '=', id).orderBy('u.id').execute();
      const evidence = await db.selectFrom('wf_evidence').selectAll().where('inspection_id', '=', id).orderBy('id').execute();
      const comments = await db.selectFrom('wf_comments').selectAll().where('inspection_id', '=', id).orderBy('id').execute();
      return {
        ...summaryOf(r, teamRows.map((t) => Number(t.id))),
        team: teamRows.map((t) => ({ id: Number(t.id), email: t.email, name: t.name, lead: Number(t.id) === Number(r.lead_user_id) })),
        evidence: evidence.map((e) => ({ id: Number(e.id), authorId: Number(e.author_id), area: e.area, criterion: e.criterion, source: e.source, caseRef: e.case_ref, text: e.text, createdAt: e.created_at })),
        judgements: await judgementsOf(db, id),
        improvements: await improvementsOf(db, id),
        sections: await sectionsOf(db, id),
        comments: comments.map((c) => ({ id: Number(c.id), authorId: Number(c.author_id), paragraph: c.paragraph === null ? null : Number(c.paragraph), text: c.text, createdAt: c.created_at })),
      };
    },
    async move(id, from, to, byUserId, comment, stamp, now) {
      return db.transaction().execute(async (tx) => {
        const set: Partial<Omit<WfInspectionsTable, 'id'>> = { state: to, updated_at: now };
        if (stamp.notifiedOn !== undefined) set.notified_on = stamp.notifiedOn;
        if (stamp.accuracyStartedOn !== undefined) set.accuracy_started_on = stamp.accuracyStartedOn;
        if (stamp.publishAt !== undefined) set.publish_at = stamp.publishAt;
        if (stamp.publishedAt !== undefined) set.published_at = stamp.publishedAt;
        if (stamp.publishedSha256 !== undefined) set.published_sha256 = stamp.publishedSha256;
        const res = await tx.updateTable('wf_inspections').set(set).where('id', '=', id).where('state', '=', from).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await appendAudit(tx, id, byUserId, now, from === to ? 'publication.schedule' : 'transition', { state: from }, { state: to, ...(comment ? { comment } : {}), ...stamp });
        return true;
      });
    },
    async addEvidence(id, authorId, e, now) {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .insertInto('wf_evidence')
          .values({ inspection_id: id, author_id: authorId, area: e.area, criterion: e.criterion, source: e.source, case_ref: e.caseRef, text: e.text, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(tx, id, authorId, now, 'evidence.add', undefined, { id: Number(row.id), ...e });
        await tx.updateTable('wf_inspections').set({ updated_at: now }).where('id', '=', id).execute();
        return Number(row.id);
      });
    },
    async putJudgements(id, byUserId, judgements, now) {
      await db.transaction().execute(async (tx) => {
        const before = await judgementsOf(tx, id);
        // Judgements not named keep their grade: a PUT sets the grades it names.
        for (const j of judgements) {
          const values = { grade: j.grade, rationale: j.rationale, evidence_ids: JSON.stringify(j.evidenceIds) };
          await tx
            .insertInto('wf_judgements')
            .values({ inspection_id: id, key: j.key, ...values })
            .onConflict((oc) => oc.columns(['inspection_id', 'key']).doUpdateSet(values))
            .execute();
        }
        await appendAudit(tx, id, byUserId, now, 'judgements.put', before, await judgementsOf(tx, id));
        await tx.updateTable('wf_inspections').set({ updated_at: now }).where('id', '=', id).execute();
      });
    },
    async putImprovements(id, byUserId, items, now) {
      await db.transaction().execute(async (tx) => {
        const before = await improvementsOf(tx, id);
        await tx.deleteFrom('wf_improvements').where('inspection_id', '=', id).execute();
        if (items.length) await tx.insertInto('wf_improvements').values(items.map((text, position) => ({ inspection_id: id, position, text }))).execute();
        await appendAudit(tx, id, byUserId, now, 'improvements.put', before, items);
        await tx.updateTable('wf_inspections').set({ updated_at: now }).where('id', '=', id).execute();
      });
    },
    async putSection(id, byUserId, key, text, now) {
      await db.transaction().execute(async (tx) => {
        const before = (await sectionsOf(tx, id))[key] ?? null;
        await tx.deleteFrom('wf_sections').where('inspection_id', '=', id).where('key', '=', key).execute();
        if (text) await tx.insertInto('wf_sections').values({ inspection_id: id, key, text, updated_at: now }).execute();
        await appendAudit(tx, id, byUserId, now, 'section.put', before === null ? undefined : { key, text: before }, { key, text: text || null });
        await tx.updateTable('wf_inspections').set({ updated_at: now }).where('id', '=', id).execute();
      });
    },
    async addComment(id, authorId, paragraph, text, now) {
      return db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('wf_comments').values({ inspection_id: id, author_id: authorId, paragraph, text, created_at: now }).returning('id').executeTakeFirstOrThrow();
        await appendAudit(tx, id, authorId, now, 'accuracy_comment.add', undefined, { id: Number(row.id), paragraph, text });
        return Number(row.id);
      });
    },
    async audit(id) {
      const rows = await db.selectFrom('wf_audit as a').leftJoin('wf_users as u', 'u.id', 'a.user_id').select(['a.id', 'a.user_id', 'u.email', 'a.at', 'a.action', 'a.before', 'a.after']).where('a.inspection_id', '=', id).orderBy('a.id').execute();
      return rows.map((r) => ({ id: Number(r.id), userId: r.user_id === null ? null : Number(r.user_id), userEmail: r.email, at: r.at, action: r.action, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) }));
    },
    async duePublications(now) {
      const rows = await db.selectFrom('wf_inspections').select(['id', 'publish_at']).where('state', '=', 'final').where('publish_at', 'is not', null).where('publish_at', '<=', now).execute();
      return rows.map((r) => ({ id: Number(r.id), publishAt: r.publish_at! }));
    },
    async markRecorded(id, reportId, now) {
      await db.transaction().execute(async (tx) => {
        const res = await tx.updateTable('wf_inspections').set({ record_report_id: reportId }).where('id', '=', id).where('record_report_id', 'is', null).executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) await appendAudit(tx, id, null, now, 'publication.record', undefined, { reportId });
      });
    },
    async unrecordedPublications() {
      const rows = await db.selectFrom('wf_inspections').select(['id', 'published_sha256']).where('state', '=', 'published').where('published_sha256', 'is not', null).where('record_report_id', 'is', null).orderBy('id').execute();
      return rows.map((r) => ({ id: Number(r.id), sha256: r.published_sha256! }));
    },
  };
}
