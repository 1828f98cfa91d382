// The record: authorities, reports and their facts, ingest runs.
import type { Kysely } from 'kysely';
import { idColumn } from './dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, id] = idColumn(db);
  const s = db.schema;

  await s
    .createTable('authorities')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('urn', 'text', (c) => c.unique())
    .addColumn('la_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('official_name', 'text')
    .addColumn('region', 'text')
    .addColumn('region_code', 'text')
    .addColumn('type', 'text')
    .addColumn('gss', 'text')
    .addColumn('former_gss', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('alt_names', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('trusts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('population_0_25', 'integer')
    .execute();

  await s
    .createTable('authority_links')
    .addColumn('predecessor_slug', 'text', (c) => c.notNull().references('authorities.slug').onDelete('cascade'))
    .addColumn('successor_slug', 'text', (c) => c.notNull().references('authorities.slug').onDelete('cascade'))
    .addColumn('effective', 'text')
    .addPrimaryKeyConstraint('authority_links_pk', ['predecessor_slug', 'successor_slug'])
    .execute();

  await s
    .createTable('authority_neighbours')
    .addColumn('slug', 'text', (c) => c.notNull().references('authorities.slug').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('neighbour_slug', 'text', (c) => c.notNull().references('authorities.slug').onDelete('cascade'))
    .addPrimaryKeyConstraint('authority_neighbours_pk', ['slug', 'position'])
    .execute();

  await s
    .createTable('reports')
    .addColumn('id', idType, id)
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('authority_urn', 'text', (c) => c.references('authorities.urn'))
    .addColumn('printed_name', 'text', (c) => c.notNull())
    .addColumn('framework', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('inspection_start', 'text')
    .addColumn('inspection_end', 'text')
    .addColumn('lead_inspector', 'text')
    .addColumn('dates_page', 'integer')
    .addColumn('dates_text', 'text')
    .addColumn('lead_inspector_page', 'integer')
    .addColumn('lead_inspector_text', 'text')
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('headline_grade', 'text')
    .addColumn('source_url', 'text')
    .addColumn('listing_date', 'text')
    .addColumn('file_name', 'text')
    .addColumn('has_full_text', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('reports_authority_idx').on('reports').columns(['authority_urn', 'inspection_start']).execute();
  await s.createIndex('reports_framework_idx').on('reports').column('framework').execute();
  await s.createIndex('reports_end_idx').on('reports').column('inspection_end').execute();

  await s
    .createTable('judgements')
    .addColumn('id', idType, id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('source_text', 'text', (c) => c.notNull())
    .addUniqueConstraint('judgements_report_key', ['report_id', 'key'])
    .execute();
  await s.createIndex('judgements_key_grade_idx').on('judgements').columns(['key', 'grade']).execute();

  await s
    .createTable('improvements')
    .addColumn('id', idType, id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text')
    .execute();
  await s.createIndex('improvements_report_idx').on('improvements').columns(['report_id', 'list', 'position']).execute();

  await s
    .createTable('sections')
    .addColumn('id', idType, id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('page_from', 'integer', (c) => c.notNull())
    .addColumn('page_to', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('sections_report_idx').on('sections').columns(['report_id', 'position']).execute();

  // No foreign key on report_id: sync's non-report documents share this table.
  await s
    .createTable('search_documents')
    .addColumn('id', idType, id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('report_id', 'integer')
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('page', 'integer')
    .execute();
  await s.createIndex('search_documents_report_idx').on('search_documents').column('report_id').execute();
  await s.createIndex('search_documents_ref_idx').on('search_documents').columns(['kind', 'ref_id']).execute();

  await s
    .createTable('ingest_runs')
    .addColumn('id', idType, id)
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await s
    .createTable('ingest_files')
    .addColumn('id', idType, id)
    .addColumn('run_id', 'integer', (c) => c.notNull().references('ingest_runs.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('report_id', 'integer')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('ingest_files_run_idx').on('ingest_files').column('run_id').execute();
  await s.createIndex('ingest_files_sha_idx').on('ingest_files').column('sha256').execute();

  await s
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
