// A cheap fingerprint of the record: it changes whenever a report is added,
// replaced or removed, or the authorities or meta facts change, so views and
// rendered pages can be cached until it does.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { syncDb } from '../sync-repo.ts';

export async function dataVersion(db: Kysely<Database>): Promise<string> {
  const r = await db
    .selectFrom('reports')
    .select([
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`max(id)`.as('max_id'),
      sql<string | null>`max(updated_at)`.as('updated'),
    ])
    .executeTakeFirst();
  const a = await db.selectFrom('authorities').select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
  const m = await db.selectFrom('meta').select(['key', 'value']).orderBy('key').execute();
  const metaPart = m.map((x) => `${x.key}=${x.value}`).join(';');
  // Sync runs change what the pages say about freshness even when no report is new.
  const d = await syncDb(db).selectFrom('sync_documents').select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
  const s = await syncDb(db).selectFrom('sync_runs').select(['id', 'outcome', 'finished_at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return `${r?.n ?? 0}.${r?.max_id ?? 0}.${r?.updated ?? ''}.${a?.n ?? 0}.${metaPart}.${s ? `${s.id}:${s.outcome}:${s.finished_at ?? ''}` : ''}.${d?.n ?? 0}`;
}
