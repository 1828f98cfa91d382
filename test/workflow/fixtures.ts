// A workflow under test: a fresh store (SQLite or PostgreSQL), one account
// for every relation the authorisation table names, a server with a clock
// the test sets, and helpers to walk an inspection to any state through the API.
import type { FastifyInstance } from 'fastify';
import { openStore, type Store } from '../../src/store/index.ts';
import { buildServer } from '../../src/web/index.ts';
import { hashPassword } from '../../src/workflow/accounts.ts';
import type { Relation } from '../../src/workflow/access.ts';
import { STATES, type State } from '../../src/workflow/machine.ts';
import type { Publication } from '../../src/workflow/publish.ts';

export const PASSWORD = 'a long test password';
export const AUTHORITY = 'southend-on-sea';
export const OTHER_AUTHORITY = 'thurrock';

export const ACCOUNTS: Record<Exclude<Relation, 'anonymous'>, { email: string; name: string; role: 'admin' | 'inspector' | 'quality_assurance' | 'council'; authority?: string }> = {
  admin: { email: 'admin@test.example', name: 'Ada Admin', role: 'admin' },
  lead: { email: 'lead@test.example', name: 'Leila Hart', role: 'inspector' },
  team: { email: 'team@test.example', name: 'Tam Team', role: 'inspector' },
  inspector: { email: 'other@test.example', name: 'Otto Other', role: 'inspector' },
  quality_assurance: { email: 'qa@test.example', name: 'Quinn Assurance', role: 'quality_assurance' },
  council: { email: 'dcs@southend.example', name: 'Cass Council', role: 'council', authority: AUTHORITY },
  other_council: { email: 'dcs@thurrock.example', name: 'Olly Council', role: 'council', authority: OTHER_AUTHORITY },
};

/** An inspection under ILACS 2026: a short one, Monday 11 to Friday 15 January 2027. */
export const SCHEDULE = { authority: AUTHORITY, framework: 'ILACS2026', type: 'short', start: '2027-01-11', end: '2027-01-15', leadInspector: ACCOUNTS.lead.email, team: [ACCOUNTS.team.email] };
/** Before fieldwork (notice is given then); after it, for everything else. */
export const BEFORE = '2027-01-06T10:00:00Z';
export const AFTER = '2027-02-26T10:00:00Z';

export interface Harness {
  store: Store;
  app: FastifyInstance;
  tokens: Record<Exclude<Relation, 'anonymous'>, string>;
  clock: { at: string; now(): Date };
  call(relation: Relation, method: string, url: string, payload?: unknown): Promise<{ status: number; body: Record<string, unknown> & { message?: string }; bytes: Uint8Array; type: string | undefined }>;
  /** A new inspection moved through the API to `state`. */
  inspectionIn(state: State): Promise<number>;
  /** Where published reports go (with an archive folder), and how many of the next saves into the record fail, as a database outage would. */
  publication: (Publication & { failNext: number; saves: number }) | null;
  close(): Promise<void>;
}

/** The grades the walk gives (every ILACS 2026 judgement), so the report reads back whole. */
export const WALK_GRADES = { leaders: 'good', help_protection: 'good', in_care: 'requires_improvement', care_leavers: 'good' };

/** Who makes each forward move of the walk. */
const WALK: [State, Relation][] = [
  ['notified', 'admin'],
  ['on_site', 'lead'],
  ['drafting', 'lead'],
  ['quality_assurance', 'lead'],
  ['accuracy_check', 'quality_assurance'],
  ['final', 'lead'],
  ['published', 'admin'],
];

export async function workflowHarness(url: string, options: { logger?: unknown; archiveDir?: string } = {}): Promise<Harness> {
  const store = await openStore(url, { searchPool: false, shippedSnapshot: false });
  // With an archive folder, published reports enter the public record (and the public pages see a new version at once).
  const publication: Harness['publication'] = options.archiveDir
    ? {
        archiveDir: options.archiveDir,
        baseUrl: 'https://ilacs.test',
        failNext: 0,
        saves: 0,
        save: async (...args) => {
          if (publication!.failNext > 0) {
            publication!.failNext--;
            throw new Error('the database is not answering (a test outage)');
          }
          publication!.saves++;
          return store.saveReport(...args);
        },
      }
    : null;
  const hash = await hashPassword(PASSWORD);
  for (const a of Object.values(ACCOUNTS)) await store.workflow.addUser({ email: a.email, name: a.name, role: a.role, authoritySlug: a.authority ?? null, passwordHash: hash }, '2027-01-01T00:00:00Z');
  const clock = { at: BEFORE, now: () => new Date(clock.at) };
  const app = await buildServer({ store, workflow: { record: store.workflow, clock, publishCheckMs: 0, ...(publication ? { publication } : {}) }, ...(publication ? { versionTtlMs: 0 } : {}), ...(options.logger ? { logger: options.logger as { level: string } } : {}) });
  // Sessions last hours and the clock jumps weeks: one set of tokens for each time the clock is set to.
  const byTime = new Map<string, Harness['tokens']>();
  const tokensNow = async (): Promise<Harness['tokens']> => {
    let tokens = byTime.get(clock.at);
    if (tokens) return tokens;
    tokens = {} as Harness['tokens'];
    for (const [rel, a] of Object.entries(ACCOUNTS)) {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: a.email, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in failed for ${a.email}: ${res.body}`);
      tokens[rel as keyof Harness['tokens']] = (res.json() as { token: string }).token;
    }
    byTime.set(clock.at, tokens);
    return tokens;
  };
  const tokens = await tokensNow();
  const call: Harness['call'] = async (relation, method, url, payload) => {
    const current = await tokensNow();
    const res = await app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}), headers: relation === 'anonymous' ? {} : { authorization: `Bearer ${current[relation]}` } });
    let body: Record<string, unknown>;
    try {
      body = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    } catch {
      body = { raw: res.body };
    }
    return { status: res.statusCode, body, bytes: new Uint8Array(res.rawPayload), type: res.headers['content-type'] as string | undefined };
  };
  const inspectionIn = async (state: State): Promise<number> => {
    const saved = clock.at;
    clock.at = BEFORE;
    const created = await call('admin', 'POST', '/api/inspections', SCHEDULE);
    if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
    const id = created.body.id as number;
    for (const [to, by] of WALK.slice(0, STATES.indexOf(state))) {
      if (to !== 'notified') clock.at = AFTER;
      if (to === 'quality_assurance') {
        // What the round trip before the accuracy check needs: every judgement and the list of what needs to improve.
        const j = await call('lead', 'PUT', `/api/inspections/${id}/judgements`, { judgements: WALK_GRADES });
        const im = await call('lead', 'PUT', `/api/inspections/${id}/improvements`, { items: ['The timeliness of assessments.'] });
        if (j.status !== 200 || im.status !== 200) throw new Error(`draft: ${JSON.stringify([j.body, im.body])}`);
      }
      const r = await call(by, 'POST', `/api/inspections/${id}/transitions`, { to });
      if (r.status !== 200) throw new Error(`walk to ${to}: ${JSON.stringify(r.body)}`);
    }
    clock.at = saved;
    return id;
  };
  return {
    store,
    app,
    tokens,
    clock,
    call,
    inspectionIn,
    publication,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
