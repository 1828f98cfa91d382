// The inspection workflow's tables: accounts and their sessions, failed
// sign-ins (for throttling), inspections with their team, evidence,
// judgements, improvement items and the council's comments, and the audit
// trail. All prefixed wf_: none of them is part of the public record, and
// nothing that builds public pages, searches, feeds, downloads or
// snapshots reads them. The audit is append-only in the database itself.
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn } from './dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, id] = idColumn(db);
  const s = db.schema;

  await s
    .createTable('wf_users')
    .addColumn('id', idType, id)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('authority_slug', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await s
    .createTable('wf_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('wf_users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('wf_sessions_user_idx').on('wf_sessions').column('user_id').execute();

  await s
    .createTable('wf_sign_in_failures')
    .addColumn('id', idType, id)
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('wf_sign_in_failures_account_idx').on('wf_sign_in_failures').columns(['account', 'at']).execute();
  await s.createIndex('wf_sign_in_failures_address_idx').on('wf_sign_in_failures').columns(['address', 'at']).execute();

  await s
    .createTable('wf_inspections')
    .addColumn('id', idType, id)
    .addColumn('authority_slug', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('lead_user_id', 'integer', (c) => c.notNull().references('wf_users.id'))
    .addColumn('notified_on', 'text')
    .addColumn('accuracy_started_on', 'text')
    .addColumn('publish_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('wf_team')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('wf_users.id'))
    .addPrimaryKeyConstraint('wf_team_pk', ['inspection_id', 'user_id'])
    .execute();
  await s.createIndex('wf_team_user_idx').on('wf_team').column('user_id').execute();

  await s
    .createTable('wf_evidence')
    .addColumn('id', idType, id)
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('wf_users.id'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('wf_evidence_inspection_idx').on('wf_evidence').column('inspection_id').execute();

  await s
    .createTable('wf_judgements')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text')
    .addColumn('evidence_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('wf_judgements_pk', ['inspection_id', 'key'])
    .execute();

  await s
    .createTable('wf_improvements')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wf_improvements_pk', ['inspection_id', 'position'])
    .execute();

  await s
    .createTable('wf_comments')
    .addColumn('id', idType, id)
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('wf_users.id'))
    .addColumn('paragraph', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('wf_comments_inspection_idx').on('wf_comments').column('inspection_id').execute();

  await s
    .createTable('wf_audit')
    .addColumn('id', idType, id)
    .addColumn('inspection_id', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await s.createIndex('wf_audit_inspection_idx').on('wf_audit').columns(['inspection_id', 'id']).execute();

  // Append-only, whoever holds the database: an UPDATE or DELETE on the audit fails.
  if (dialectOf(db) === 'postgres') {
    await sql`CREATE FUNCTION wf_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER wf_audit_no_change BEFORE UPDATE OR DELETE ON wf_audit FOR EACH ROW EXECUTE FUNCTION wf_audit_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER wf_audit_no_update BEFORE UPDATE ON wf_audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER wf_audit_no_delete BEFORE DELETE ON wf_audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END`.execute(db);
  }
}
