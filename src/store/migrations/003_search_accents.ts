// PostgreSQL's English configuration keeps accents ("café" ≠ "cafe") where
// SQLite's tokenizer folds them. Fold them in the indexed text too, without
// the unaccent extension (which needs a superuser): translate() is immutable,
// so it can feed a generated column. Queries are folded by the store's parser.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.ts';

export const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŠšŽžĀāĂăĄąĆćČčĎďĒēĖėĘęĚěĞğĪīĮįİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŔŕŘřŚśŞşŢţŤťŪūŮůŰűŲųŴŵŶŷŸŹźŻż';
export const PLAIN = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyySsZzAaAaAaCcCcDdEeEeEeEeGgIiIiIiKkLlLlLlLlNnNnNnOoOoRrRrSsSsTtTtUuUuUuUuWwYyYZzZz';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index if exists search_documents_tsv_idx`.execute(db);
  await sql`alter table search_documents drop column tsv`.execute(db);
  await sql`alter table search_documents add column tsv tsvector generated always as (
    setweight(to_tsvector('english', translate(heading, ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)})), 'A') ||
    setweight(to_tsvector('english', translate(body, ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)})), 'B')
  ) stored`.execute(db);
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
}
