// The report's sections as the lead inspector drafts them (the headline
// findings and each judgement area's section: the frameworks table says
// which), one text each. Part of the workflow's record (wf_), never of the
// public record until the report is published.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wf_sections')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('wf_inspections.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wf_sections_pk', ['inspection_id', 'key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wf_sections').execute();
}
