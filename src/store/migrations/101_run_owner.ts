// Who is running an ingest run: the process id and host name, so a later run
// on the same host can tell a run whose process was killed (kill -9, power
// loss) from one still going, and record it as interrupted.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ingest_runs').addColumn('pid', 'integer').execute();
  await db.schema.alterTable('ingest_runs').addColumn('host', 'text').execute();
}
