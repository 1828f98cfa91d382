// Every migration, by name. Kysely runs them in name order, once each, and
// records them in kysely_migration. Add a module and a line here; a new
// name must sort after every name already run (101 follows 100_sync, then 102).
import type { Migration } from 'kysely/migration';
import * as m001 from './001_record.ts';
import * as m002 from './002_search.ts';
import * as m003 from './003_search_accents.ts';
import * as m100 from './100_sync.ts';
import * as m101 from './101_run_owner.ts';
import * as m102 from './102_reader_version.ts';
import * as m200 from './200_workflow.ts';
import * as m201 from './201_report_sections.ts';
import * as m202 from './202_published_report.ts';
import * as m203 from './203_session_last_seen.ts';

export const migrations: Record<string, Migration> = {
  '001_record': m001,
  '002_search': m002,
  '003_search_accents': m003,
  '100_sync': m100,
  '101_run_owner': m101,
  '102_reader_version': m102,
  '200_workflow': m200,
  '201_report_sections': m201,
  '202_published_report': m202,
  '203_session_last_seen': m203,
};
