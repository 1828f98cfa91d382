// Sync's bookkeeping: which Ofsted files it has fetched (by file id and
// content hash), where each publication is listed, the non-report
// documents it keeps, every run, and the lease that keeps syncs one at a
// time across processes sharing a database.
import type { Kysely } from 'kysely';
import { idColumn } from './dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const [idType, id] = idColumn(db);
  const s = db.schema;

  await s
    .createTable('sync_runs')
    .addColumn('id', idType, id)
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('pages_fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('providers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('withdrawn', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('authorities', 'text', (c) => c.notNull().defaultTo('{"unlisted":[],"missing":[]}'))
    .addColumn('error', 'text')
    .execute();
  await s.createIndex('sync_runs_started_idx').on('sync_runs').column('started_at').execute();

  await s
    .createTable('sync_files')
    .addColumn('file_id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'integer')
    .execute();
  await s.createIndex('sync_files_sha_idx').on('sync_files').column('sha256').execute();

  await s
    .createTable('sync_listings')
    .addColumn('urn', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addPrimaryKeyConstraint('sync_listings_pk', ['urn', 'file_id'])
    .execute();
  await s.createIndex('sync_listings_file_idx').on('sync_listings').column('file_id').execute();

  await s
    .createTable('sync_documents')
    .addColumn('id', idType, id)
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('authority_urn', 'text')
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('archive_path', 'text', (c) => c.notNull())
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sync_documents_authority_idx').on('sync_documents').columns(['authority_urn', 'published']).execute();

  await s
    .createTable('sync_lease')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('acquired_at', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
