// A published inspection's report in the public record: the SHA-256 of the
// typeset PDF archived before the move to published, and the record's
// report id once it is saved there. A publication whose save failed
// (published_sha256 set, record_report_id null) is saved again by the
// scheduler, from the archived PDF, until it succeeds.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wf_inspections').addColumn('published_sha256', 'text').execute();
  await db.schema.alterTable('wf_inspections').addColumn('record_report_id', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('wf_inspections').dropColumn('record_report_id').execute();
  await db.schema.alterTable('wf_inspections').dropColumn('published_sha256').execute();
}
