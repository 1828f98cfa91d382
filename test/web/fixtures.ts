// A small record written through the store's own functions into a temporary
// SQLite file: enough reports to exercise every page and representation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/index.ts';
import { buildServer } from '../../src/web/index.ts';
import type { FrameworkId, Grade, JudgementKey } from '../../src/domain/frameworks.ts';
import type { Report } from '../../src/domain/report.ts';
import { dropTestDatabases, testDatabases } from '../fixtures/store-fixtures.ts';

export const HOSTILE = '<script>alert("x")</script> & "quotes"';

interface Spec {
  urn: string;
  name: string;
  framework: FrameworkId;
  start: string;
  end: string;
  judgements: [JudgementKey, Grade][];
  improvements?: string[];
  lscb?: string[];
  sections?: [string, string][];
  flags?: Report['flags'];
}

function report(s: Spec): Report {
  const sha256 = createHash('sha256').update(JSON.stringify(s)).digest('hex');
  return {
    framework: s.framework,
    title: `Inspection of ${s.name} local authority children’s services`,
    localAuthority: { urn: s.urn, name: s.name, printedName: s.name },
    inspection: { start: s.start, end: s.end, leadInspector: 'A Inspector', datesEvidence: { page: 1, text: `Dates of inspection: ${s.start} to ${s.end}` }, leadInspectorEvidence: { page: 1, text: 'Lead inspector: A Inspector' } },
    judgements: s.judgements.map(([key, grade], i) => ({ key, grade, page: 2, text: `${key} line ${i + 1}: ${grade}` })),
    improvements: (s.improvements ?? []).map((text, i) => ({ text, page: 3 + i, tag: i === 0 && s.framework === 'ILACS2023' ? '(Outcome 3, National Framework)' : null })),
    lscbImprovements: (s.lscb ?? []).map((text) => ({ text, page: 9, tag: null })),
    sections: (s.sections ?? [['Headline findings', `${s.name} children’s services were inspected.`]]).map(([heading, text], i) => ({ heading, text, pages: [i + 1, i + 2] as [number, number] })),
    pageCount: 12,
    sha256,
    flags: s.flags ?? [],
  };
}

export const SPECS: Spec[] = [
  {
    urn: '80559', name: 'Southend-on-Sea', framework: 'ILACS2023', start: '2024-03-04', end: '2024-03-15',
    judgements: [['leaders', 'requires_improvement'], ['help_protection', 'requires_improvement'], ['in_care', 'good'], ['care_leavers', 'good'], ['overall', 'requires_improvement']],
    improvements: ['The response to 16- and 17-year-old children who present as homeless.', `Escaping test ${HOSTILE}`],
    sections: [['Headline findings', 'Leaders know their services well.'], ['The experiences and progress of children who need help and protection', 'Too many 16- and 17-year-olds who present as homeless wait too long for an assessment.']],
  },
  {
    urn: '80559', name: 'Southend-on-Sea', framework: 'ILACS2018', start: '2019-06-03', end: '2019-06-14',
    judgements: [['leaders', 'good'], ['help_protection', 'good'], ['in_care_and_leavers', 'good'], ['overall', 'good']],
    improvements: ['The quality of supervision.'],
  },
  {
    urn: '80559', name: 'Southend-on-Sea', framework: 'SIF', start: '2016-01-11', end: '2016-02-04',
    judgements: [['overall', 'inadequate'], ['help_protection', 'inadequate'], ['looked_after', 'requires_improvement'], ['adoption', 'good'], ['care_leavers', 'requires_improvement'], ['leadership', 'inadequate'], ['lscb', 'requires_improvement']],
    improvements: ['Ensure that strategy meetings are held promptly.'],
    lscb: ['Monitor the quality of multi-agency audits.'],
  },
  {
    urn: '80571', name: 'Thurrock', framework: 'ILACS2023', start: '2025-01-13', end: '2025-01-24',
    judgements: [['leaders', 'good'], ['help_protection', 'good'], ['in_care', 'good'], ['care_leavers', 'outstanding'], ['overall', 'good']],
    improvements: ['Help for homeless care leavers.'],
    flags: [{ code: 'missing_lead_inspector', message: 'The lead inspector’s name was not found on page 1, where this framework prints it.' }],
  },
  {
    urn: '121939', name: 'Northamptonshire', framework: 'SIF', start: '2019-01-07', end: '2019-01-18',
    judgements: [['overall', 'inadequate'], ['help_protection', 'inadequate'], ['looked_after', 'inadequate'], ['adoption', 'requires_improvement'], ['care_leavers', 'inadequate'], ['leadership', 'inadequate']],
    improvements: ['Stabilise the workforce.'],
  },
  {
    urn: '2637539', name: 'North Northamptonshire', framework: 'ILACS2026', start: '2026-05-11', end: '2026-05-22',
    judgements: [['leaders', 'good'], ['help_protection', 'requires_improvement'], ['in_care', 'good'], ['care_leavers', 'good']],
    improvements: ['Earlier help for families.'],
  },
];

export interface TestStore {
  store: Store;
  dir: string;
  reportIds: number[];
  cleanup(): Promise<void>;
}

/** Fills a new store (a temporary SQLite file unless `url` names another empty database). */
export async function openTestStore(url?: string): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'ilacs-web-'));
  const store = await openStore(url ?? `sqlite:${join(dir, 'test.db')}`);
  const reportIds: number[] = [];
  for (const [i, s] of SPECS.entries()) {
    const r = await store.saveReport(report(s), { sourceUrl: `https://files.ofsted.gov.uk/v1/file/${5000000 + i}`, listingDate: s.end.replace(/-(\d\d)$/, '-28'), fileName: `${s.name}.pdf` }, { fullText: true, readerVersion: 1 });
    reportIds.push(r.reportId);
  }
  return {
    store,
    dir,
    reportIds,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The web service over a fresh test store, for a test file: opened before
 * its tests and closed after them. `get` answers a GET as a browser would ask.
 */
export interface TestSite {
  readonly t: TestStore;
  readonly app: FastifyInstance;
  get(url: string, headers?: Record<string, string>): Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
}

/**
 * Registers `tests` once per test database (SQLite, and PostgreSQL when a
 * test server is configured), each suite with its own store and web service
 * opened before and closed after it; the returned site is the one of the
 * suite running.
 */
export function forEachTestSite(title: (database: string) => string, tests: () => void): TestSite {
  let current: { t: TestStore; app: FastifyInstance } | null = null;
  const open = (): { t: TestStore; app: FastifyInstance } => {
    if (!current) throw new Error('no test site is open: use the site inside a test');
    return current;
  };
  for (const database of testDatabases()) {
    describe(title(database.name), () => {
      before(async () => {
        const t = await openTestStore(await database.create());
        current = { t, app: await buildServer({ store: t.store, versionTtlMs: 0, apiRateLimit: 1000 }) };
      });
      after(async () => {
        await open().app.close();
        await open().t.cleanup();
        current = null;
      });
      tests();
    });
  }
  after(() => dropTestDatabases());
  return {
    get t() {
      return open().t;
    },
    get app() {
      return open().app;
    },
    get: async (url, headers = {}) => open().app.inject({ method: 'GET', url, headers }),
  };
}

export function testSite(): { readonly t: TestStore; readonly app: FastifyInstance; get(url: string): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> } {
  let t: TestStore;
  let app: FastifyInstance;
  before(async () => {
    t = await openTestStore();
    app = await buildServer({ store: t.store, versionTtlMs: 0, apiRateLimit: 1000 });
  });
  after(async () => {
    await app.close();
    await t.cleanup();
  });
  return {
    get t() {
      return t;
    },
    get app() {
      return app;
    },
    get: async (url) => app.inject({ method: 'GET', url }),
  };
}
