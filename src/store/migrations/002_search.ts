// Full-text search over search_documents. SQLite: an FTS5 index kept in step
// by triggers (porter stemming, diacritics folded). PostgreSQL: a generated
// English tsvector with a GIN index. Both weight the heading above the body.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table search_documents add column tsv tsvector generated always as (
      setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', body), 'B')
    ) stored`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
    return;
  }
  await sql`create virtual table search_fts using fts5(
    heading, body,
    content='search_documents', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_fts(rowid, heading, body) values (new.id, new.heading, new.body);
  end`.execute(db);
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_fts(search_fts, rowid, heading, body) values ('delete', old.id, old.heading, old.body);
  end`.execute(db);
  await sql`create trigger search_documents_au after update on search_documents begin
    insert into search_fts(search_fts, rowid, heading, body) values ('delete', old.id, old.heading, old.body);
    insert into search_fts(rowid, heading, body) values (new.id, new.heading, new.body);
  end`.execute(db);
}
