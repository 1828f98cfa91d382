// What produced each report's facts and what the record has corrected:
// the reader version that read it, what it could not read (flags), when
// Ofsted withdrew it, and a history of every published fact a later read
// changed.
import type { Kysely } from 'kysely';
import { idColumn } from './dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, id] = idColumn(db);
  // 0: read before reader versions were recorded, so older than any versioned reader.
  await db.schema.alterTable('reports').addColumn('reader_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('reports').addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('reports').addColumn('withdrawn_at', 'text').execute();
  // Runs count reports that gained their text, and reports re-read, apart from new ones.
  await db.schema.alterTable('ingest_runs').addColumn('text_added', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('ingest_runs').addColumn('reread', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('reports_reader_version_idx').on('reports').column('reader_version').execute();

  await db.schema
    .createTable('fact_changes')
    .addColumn('id', idType, id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('old_reader_version', 'integer', (c) => c.notNull())
    .addColumn('new_reader_version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fact_changes_report_idx').on('fact_changes').columns(['report_id', 'id']).execute();
}
