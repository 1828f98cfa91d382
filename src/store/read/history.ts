// A report's corrections: every published fact a later read changed, oldest first.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface FactChangeRow {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  oldReaderVersion: number;
  newReaderVersion: number;
  changedAt: string;
}

export async function loadFactChanges(db: Kysely<Database>, reportId: number): Promise<FactChangeRow[]> {
  const rows = await db.selectFrom('fact_changes').selectAll().where('report_id', '=', reportId).orderBy('id').execute();
  return rows.map((r) => ({
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    oldReaderVersion: Number(r.old_reader_version),
    newReaderVersion: Number(r.new_reader_version),
    changedAt: r.changed_at,
  }));
}
