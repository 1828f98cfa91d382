// Shared set-up for the sync tests: databases (SQLite always, PostgreSQL
// when ILACS_TEST_POSTGRES_URL is set), a standard fake site, and a dump of
// everything a sync stores, for comparing runs.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { AUTHORITIES } from '../../src/domain/authorities.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { resolveSyncConfig, type SyncConfig } from '../../src/sync/index.ts';
import { buildIlacsPdf, buildPdf, ilacs2023Rows } from '../fixtures/ilacs-pdf.ts';
import { FakeOfstedSite, type FakeProvider } from './fake-site.ts';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new, empty database; returns its URL and a clean-up. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

export function backends(): Backend[] {
  const list: Backend[] = [
    {
      name: 'sqlite',
      async create() {
        const dir = mkdtempSync(path.join(tmpdir(), 'ilacs-sync-db-'));
        return { url: `sqlite:${path.join(dir, 'ilacs.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
  ];
  const admin = process.env.ILACS_TEST_POSTGRES_URL;
  if (admin) {
    list.push({
      name: 'postgres',
      async create() {
        const name = `ilacs_sync_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
        const client = new pg.Client({ connectionString: admin });
        await client.connect();
        await client.query(`create database ${name}`);
        await client.end();
        const url = new URL(admin);
        url.pathname = `/${name}`;
        return {
          url: url.toString(),
          async drop() {
            const c = new pg.Client({ connectionString: admin });
            await c.connect();
            await c.query(`drop database if exists ${name} with (force)`);
            await c.end();
          },
        };
      },
    });
  } else {
    console.log('# sync tests: PostgreSQL skipped (set ILACS_TEST_POSTGRES_URL, e.g. `source scripts/ci-postgres.sh`)');
  }
  return list;
}

/** Reference authorities for the tests: four on the fake site, one missing from it, and a predecessor. */
export const TEST_AUTHORITY_URNS = ['2532283', '80545', '80513', '80559', '80428', '137316'];

export async function openTestStore(url: string, allAuthorities = false): Promise<Store> {
  const seeds = allAuthorities ? AUTHORITIES : AUTHORITIES.filter((a) => a.urn !== null && TEST_AUTHORITY_URNS.includes(String(a.urn)));
  return openStore(url, { authorities: seeds });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function testConfig(site: FakeOfstedSite, archiveDir: string, overrides: Partial<SyncConfig> = {}): SyncConfig {
  const base = resolveSyncConfig({ siteUrl: site.siteUrl, filesUrl: site.filesUrl, archiveDir, contact: 'sync-tests@example.org', spacing: '20ms', timeout: '400ms', retries: '3' }, {});
  return { ...base, listingRows: 2, backoffMs: 20, ...overrides };
}

export async function inspectionPdf(name: string, dates: string, grade = 'Good'): Promise<Buffer> {
  return Buffer.from(
    await buildIlacsPdf({
      title: [`Inspection of ${name}`, 'local authority children’s services'],
      dates,
      inspector: 'Alex Example, His Majesty’s Inspector',
      rows: ilacs2023Rows([grade, grade, grade, grade, grade]),
      improvements: [[`How well ${name} supports care leavers into work and education.`]],
    }),
  );
}

/** A letter or other non-report publication: any PDF whose text says what it is. */
export async function letterPdf(heading: string, body: string): Promise<Buffer> {
  return Buffer.from(
    await buildPdf([
      [
        { text: heading, x: 71, y: 760, size: 16, bold: true },
        { text: body, x: 71, y: 720, size: 11 },
        { text: 'Yours sincerely, an inspector', x: 71, y: 690, size: 11 },
      ],
    ]),
  );
}

/** Four authorities and a newcomer, with reports, letters and a report shared by two councils' pages. */
export async function standardProviders(): Promise<FakeProvider[]> {
  const kingston = await inspectionPdf('Kingston upon Thames', '4 March to 8 March 2024');
  return [
    {
      urn: '2532283',
      name: 'Dorset',
      publications: [
        { fileId: '50276411', type: "Children's services inspection", date: '09 May 2025', bytes: await inspectionPdf('Dorset', '17 March to 21 March 2025') },
        { fileId: '50201001', type: "Children's services focused visit", date: '12 January 2023', bytes: await letterPdf('Focused visit to Dorset children’s services', 'This letter summarises the findings of the focused visit about care leavers in Dorset.') },
      ],
    },
    {
      urn: '80545',
      name: 'Kingston upon Thames',
      publications: [{ fileId: '50250001', type: "Children's services inspection", date: '19 April 2024', bytes: kingston }],
    },
    {
      // Achieving for Children's report, published on both councils' pages under its own id.
      urn: '80513',
      name: 'Richmond upon Thames',
      publications: [
        { fileId: '50250002', type: "Children's services inspection", date: '19 April 2024', bytes: kingston },
        { fileId: '50190003', type: 'Joint targeted area inspection', date: '02 June 2022', bytes: await letterPdf('Joint targeted area inspection of Richmond upon Thames', 'The multi-agency response to children experiencing domestic abuse.') },
      ],
    },
    {
      urn: '80559',
      name: 'Southend-on-Sea',
      publications: [
        { fileId: '50260004', type: "Children's services inspection", date: '30 January 2025', bytes: await inspectionPdf('Southend-on-Sea', '2 December to 6 December 2024', 'Requires improvement to be good') },
        { fileId: '50230005', type: 'Monitoring visit', date: '15 August 2023', bytes: await letterPdf('Monitoring visit to Southend-on-Sea children’s services', 'Inspectors looked at the help given to homeless 16- and 17-year-olds.') },
      ],
    },
    {
      urn: '9990001',
      name: 'Newtown Borough Council',
      publications: [{ fileId: '50299006', type: 'Area SEND inspection', date: '01 October 2025', bytes: await letterPdf('Area SEND inspection of Newtown', 'Outcomes for children and young people with special educational needs.') }],
    },
  ];
}

export async function startSite(): Promise<FakeOfstedSite> {
  const site = new FakeOfstedSite();
  site.providers = await standardProviders();
  await site.start();
  return site;
}

export function archiveFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}

/** Everything a sync stores, without timestamps and run ids, in a stable order. */
export async function dumpRecord(store: Store, archiveDir: string): Promise<unknown> {
  const db = store.db.withTables<{
    sync_files: { file_id: string; url: string; sha256: string | null; state: string; kind: string | null; failure_code: string | null };
    sync_listings: { urn: string; file_id: string; type: string; published: string | null; label: string; withdrawn_at: string | null };
    sync_documents: { sha256: string; type: string; published: string | null; authority_urn: string | null; file_id: string; source_url: string; archive_path: string; page_count: number; text: string };
  }>();
  const reports = await db
    .selectFrom('reports')
    .select(['sha256', 'authority_urn', 'framework', 'title', 'inspection_start', 'inspection_end', 'source_url', 'listing_date', 'page_count', 'has_full_text'])
    .orderBy('sha256')
    .execute();
  const counts = await sql<{ t: string; n: number | string }>`
    select 'judgements' as t, count(*) as n from judgements
    union all select 'improvements', count(*) from improvements
    union all select 'sections', count(*) from sections
    union all select 'search_documents', count(*) from search_documents`.execute(store.db);
  return {
    reports,
    counts: Object.fromEntries(counts.rows.map((r) => [r.t, Number(r.n)])),
    search: await db.selectFrom('search_documents').select(['kind', 'heading', 'page']).orderBy('kind').orderBy('heading').orderBy('page').execute(),
    files: await db.selectFrom('sync_files').select(['file_id', 'url', 'sha256', 'state', 'kind', 'failure_code']).orderBy('file_id').execute(),
    listings: (await db.selectFrom('sync_listings').select(['urn', 'file_id', 'type', 'published', 'label', 'withdrawn_at']).orderBy('urn').orderBy('file_id').execute()).map((l) => ({ ...l, withdrawn_at: l.withdrawn_at !== null })),
    documents: await db.selectFrom('sync_documents').select(['sha256', 'type', 'published', 'authority_urn', 'file_id', 'source_url', 'archive_path', 'page_count', 'text']).orderBy('sha256').execute(),
    archive: archiveFiles(archiveDir),
  };
}
