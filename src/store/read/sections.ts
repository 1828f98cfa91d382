// A report's text by section, for the report page (only stored once the PDF
// itself was ingested; a snapshot carries facts only).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SectionRow {
  heading: string;
  text: string;
  pageFrom: number;
  pageTo: number;
}

export async function loadSections(db: Kysely<Database>, reportId: number): Promise<SectionRow[]> {
  const rows = await db
    .selectFrom('sections')
    .select(['heading', 'text', 'page_from', 'page_to'])
    .where('report_id', '=', reportId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ heading: r.heading, text: r.text, pageFrom: Number(r.page_from), pageTo: Number(r.page_to) }));
}
