// The workflow's pages: cookie sessions (HttpOnly, Secure, SameSite=Strict),
// CSRF on every form, the error summary and banner, and every page ×
// relation × state answering as the one authorisation table says.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { outcome, RELATIONS, type Relation } from '../../src/workflow/access.ts';
import { STATES, type State } from '../../src/workflow/machine.ts';
import { PAGE_ACTIONS } from '../../src/workflow/web/pages.ts';
import { dropTestDatabases, testDatabases } from '../fixtures/store-fixtures.ts';
import { SESSION_HOURS, SESSION_IDLE_MINUTES } from '../../src/workflow/accounts.ts';
import { ACCOUNTS, AFTER, BEFORE, PASSWORD, workflowHarness, type Harness } from './fixtures.ts';

const csrfIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const setCookies = (h: string | string[] | undefined): string[] => (Array.isArray(h) ? h : h ? [h] : []);

async function browserSignIn(h: Harness, email: string, password = PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const form = await h.app.inject('/workflow/sign-in');
  const pre = setCookies(form.headers['set-cookie'])[0]!.split(';')[0]!;
  const res = await h.app.inject({ method: 'POST', url: '/workflow/sign-in', headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfIn(form.body), email, password }).toString() });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const session = setCookies(res.headers['set-cookie']).find((c) => c.startsWith('ilacs_session='))!;
  const cookie = session.split(';')[0]!;
  const list = await h.app.inject({ url: '/workflow', headers: { cookie } });
  return { cookie, csrf: csrfIn(list.body) };
}

const post = (h: Harness, url: string, cookie: string, fields: Record<string, string>) =>
  h.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

for (const db of testDatabases()) {
  describe(`workflow pages on ${db.name}`, () => {
    after(dropTestDatabases);
    let h: Harness;

    test('sign-in: a cookie that scripts cannot read, sent only to this site’s workflow over HTTPS; CSRF on the form', async () => {
      h = await workflowHarness(await db.create());
      const form = await h.app.inject('/workflow/sign-in');
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      const pre = setCookies(form.headers['set-cookie'])[0]!;
      assert.match(pre, /^ilacs_csrf=[A-Za-z0-9_-]+; Path=\/workflow; HttpOnly; Secure; SameSite=Strict/);
      // No token, or another's: refused before the password is even looked at.
      const forged = await h.app.inject({ method: 'POST', url: '/workflow/sign-in', headers: { cookie: pre.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=forged&email=${ACCOUNTS.admin.email}&password=${encodeURIComponent(PASSWORD)}` });
      assert.equal(forged.statusCode, 403);
      assert.equal(setCookies(forged.headers['set-cookie']).some((c) => c.startsWith('ilacs_session=')), false);
      const wrong = await h.app.inject({ method: 'POST', url: '/workflow/sign-in', headers: { cookie: pre.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrfIn(form.body), email: ACCOUNTS.admin.email, password: 'wrong' }).toString() });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /govuk-error-summary/);
      assert.match(wrong.body, /href="#email">The email address or password is not right\./);
      const { cookie, csrf } = await browserSignIn(h, ACCOUNTS.admin.email);
      assert.ok(csrf.length > 20);
      const list = await h.app.inject({ url: '/workflow', headers: { cookie } });
      assert.match(list.body, /Schedule of inspections/);
      // A bearer token is not a browser session, and a browser cookie is not an API token.
      assert.equal((await h.app.inject({ url: '/workflow', headers: { authorization: `Bearer ${h.tokens.admin}` } })).statusCode, 303);
      assert.equal((await h.app.inject({ url: '/api/inspections', headers: { cookie } })).statusCode, 401);
      // Sign out needs the token too; then the cookie is dead.
      assert.equal((await post(h, '/workflow/sign-out', cookie, {})).statusCode, 403);
      const out = await post(h, '/workflow/sign-out', cookie, { _csrf: csrf });
      assert.equal(out.statusCode, 303);
      assert.match(setCookies(out.headers['set-cookie'])[0]!, /^ilacs_session=; Path=\/workflow; HttpOnly; Secure; SameSite=Strict; Max-Age=0/);
      const dead = await h.app.inject({ url: '/workflow', headers: { cookie } });
      assert.equal(dead.headers.location, '/workflow/sign-in?ended=1');
      assert.match(setCookies(dead.headers['set-cookie'])[0]!, /^ilacs_session=; .*Max-Age=0/);
    });

    test(`a session left alone for ${SESSION_IDLE_MINUTES} minutes ends, saying so; one in use lasts to its ${SESSION_HOURS} hours; the same for API tokens`, async () => {
      const at = (minutes: number) => new Date(Date.parse(AFTER) + minutes * 60_000).toISOString();
      h.clock.at = at(0);
      const { cookie } = await browserSignIn(h, ACCOUNTS.inspector.email);
      const api = await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: ACCOUNTS.inspector.email, password: PASSWORD } });
      const bearer = { authorization: `Bearer ${(api.json() as { token: string }).token}` };
      const apiToken = async (minutes: number) => ((h.clock.at = at(minutes)), (await h.app.inject({ url: '/api/inspections', headers: bearer })).statusCode);
      const browser = async (minutes: number) => ((h.clock.at = at(minutes)), h.app.inject({ url: '/workflow', headers: { cookie } }));
      // Each use keeps it alive for another stretch, up to the absolute limit.
      let minutes = 0;
      while (minutes + SESSION_IDLE_MINUTES - 1 < SESSION_HOURS * 60) {
        minutes += SESSION_IDLE_MINUTES - 1;
        assert.equal((await browser(minutes)).statusCode, 200, `browser, ${minutes} minutes after sign-in`);
        assert.equal(await apiToken(minutes), 200, `API, ${minutes} minutes after sign-in`);
      }
      assert.equal((await browser(SESSION_HOURS * 60)).headers.location, '/workflow/sign-in?ended=1', 'past its hours, however busy');
      assert.equal(await apiToken(SESSION_HOURS * 60), 401);

      // Fresh sessions, then left alone one minute too long.
      h.clock.at = at(0);
      const idle = await browserSignIn(h, ACCOUNTS.inspector.email);
      const token = ((await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: ACCOUNTS.inspector.email, password: PASSWORD } })).json() as { token: string }).token;
      h.clock.at = at(SESSION_IDLE_MINUTES + 1);
      assert.equal((await h.app.inject({ url: '/api/inspections', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
      const ended = await h.app.inject({ url: '/workflow', headers: { cookie: idle.cookie } });
      assert.equal(ended.headers.location, '/workflow/sign-in?ended=1');
      const page = await h.app.inject({ url: ended.headers.location });
      assert.match(page.body, new RegExp(`You have been signed out\\. A session ends after ${SESSION_IDLE_MINUTES} minutes without activity`));
      // Ended for good: going back in time does not revive it.
      h.clock.at = at(1);
      assert.equal((await h.app.inject({ url: '/workflow', headers: { cookie: idle.cookie } })).statusCode, 303);
      // A plain visit to the sign-in page says nothing of the kind.
      assert.doesNotMatch((await h.app.inject('/workflow/sign-in')).body, /You have been signed out/);

      // The page's script asks whether its session is live (which counts as use), and signs out with the reason when it is not.
      h.clock.at = at(0);
      const live = await browserSignIn(h, ACCOUNTS.inspector.email);
      const list = await h.app.inject({ url: '/workflow', headers: { cookie: live.cookie } });
      assert.match(list.body, new RegExp(`<form method="post" action="/workflow/sign-out" class="app-sign-out" data-module="app-session-timeout" data-idle-seconds="${SESSION_IDLE_MINUTES * 60}">`));
      assert.match(list.body, /<script type="module" src="\/static\/workflow.js"><\/script>/);
      assert.doesNotMatch((await h.app.inject('/workflow/sign-in')).body, /workflow\.js/, 'no script for people not signed in');
      h.clock.at = at(SESSION_IDLE_MINUTES - 2);
      const asked = await h.app.inject({ url: '/workflow/session', headers: { cookie: live.cookie } });
      assert.deepEqual([asked.statusCode, asked.json()], [200, { signedIn: true, idleSeconds: SESSION_IDLE_MINUTES * 60 }]);
      assert.equal(asked.headers['cache-control'], 'no-store');
      h.clock.at = at(2 * SESSION_IDLE_MINUTES - 3);
      assert.equal((await h.app.inject({ url: '/workflow', headers: { cookie: live.cookie } })).statusCode, 200, 'asking kept it alive');
      const timedOut = await post(h, '/workflow/sign-out', live.cookie, { _csrf: live.csrf, ended: '1' });
      assert.equal(timedOut.headers.location, '/workflow/sign-in?ended=1');
      assert.deepEqual([(await h.app.inject({ url: '/workflow/session', headers: { cookie: live.cookie } })).statusCode, (await h.app.inject('/workflow/session')).statusCode], [401, 401]);
    });

    test('every form refuses a post without the session’s CSRF token, and changes nothing', async () => {
      h.clock.at = BEFORE;
      const id = await h.inspectionIn('on_site');
      h.clock.at = AFTER;
      const { cookie, csrf } = await browserSignIn(h, ACCOUNTS.lead.email);
      const forms: [string, Record<string, string>][] = [
        [`/workflow/inspections/${id}/evidence`, { area: 'leaders', criterion: 'Partnership working', source: 'meeting', text: 'Seen.' }],
        [`/workflow/inspections/${id}/judgements`, { grade_leaders: 'good' }],
        [`/workflow/inspections/${id}/improvements`, { items: 'An item.' }],
        [`/workflow/inspections/${id}/sections`, { section_headline: 'Children are helped.' }],
        [`/workflow/inspections/${id}/move`, { to: 'drafting' }],
        [`/workflow/inspections/${id}/accuracy`, { text: 'x', paragraph: '1' }],
        ['/workflow/inspections/new', { authority: 'thurrock' }],
        ['/workflow/password', { current: PASSWORD, new: 'a new long password' }],
        ['/workflow/sign-out', {}],
      ];
      for (const [url, fields] of forms) {
        for (const token of [undefined, 'x'.repeat(43)]) {
          const r = await post(h, url, cookie, token ? { ...fields, _csrf: token } : fields);
          assert.equal(r.statusCode, 403, url);
          assert.match(r.body, /The form has expired/);
        }
      }
      const after = await h.call('admin', 'GET', `/api/inspections/${id}`);
      assert.equal(after.body.state, 'on_site');
      assert.deepEqual(after.body.evidence, []);
      assert.deepEqual(after.body.judgements, []);
      // With the token the same forms work, and a refusal shows the error summary linked to its field.
      const bad = await post(h, `/workflow/inspections/${id}/evidence`, cookie, { _csrf: csrf, area: 'leaders', criterion: 'Leaders know the quality of practice and act on what they find', source: 'meeting', text: 'Mrs Patel said so.' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>Error: Evidence/);
      assert.match(bad.body, /href="#text">The evidence seems to contain a name with a title/);
      const ok = await post(h, `/workflow/inspections/${id}/evidence`, cookie, { _csrf: csrf, area: 'leaders', criterion: 'Leaders know the quality of practice and act on what they find', source: 'meeting', text: 'Leaders described the audit cycle.' });
      assert.equal(ok.statusCode, 303);
      const banner = await h.app.inject({ url: ok.headers.location as string, headers: { cookie } });
      assert.match(banner.body, /govuk-notification-banner--success/);
      assert.match(banner.body, /The evidence is recorded\./);
      const moved = await post(h, `/workflow/inspections/${id}/move`, cookie, { _csrf: csrf, to: 'drafting' });
      assert.equal(moved.statusCode, 303);
      const wrongMove = await post(h, `/workflow/inspections/${id}/move`, cookie, { _csrf: csrf, to: 'published' });
      assert.equal(wrongMove.statusCode, 409);
      assert.match(wrongMove.body, /cannot move to &quot;published&quot;/);
    });

    test('accounts: admins add, disable and enable them from the page; nobody else may', async () => {
      h.clock.at = AFTER;
      const lead = await browserSignIn(h, ACCOUNTS.lead.email);
      assert.equal((await h.app.inject({ url: '/workflow/accounts', headers: { cookie: lead.cookie } })).statusCode, 403);
      assert.equal((await post(h, '/workflow/accounts', lead.cookie, { _csrf: lead.csrf, email: 'x@test.example', name: 'X', role: 'admin', password: 'a long enough password' })).statusCode, 403);
      const admin = await browserSignIn(h, ACCOUNTS.admin.email);
      const page = await h.app.inject({ url: '/workflow/accounts', headers: { cookie: admin.cookie } });
      assert.match(page.body, /Ada Admin/);
      const bad = await post(h, '/workflow/accounts', admin.cookie, { _csrf: admin.csrf, email: ACCOUNTS.team.email, name: '', role: 'council', authority: '', password: 'short' });
      assert.equal(bad.statusCode, 400);
      for (const [field, words] of [['email', 'already an account'], ['name', 'Enter the person’s name'], ['authority', 'Choose the council'], ['password', 'at least 12 characters']]) assert.match(bad.body, new RegExp(`href="#${field}">[^<]*${words}`));
      const added = await post(h, '/workflow/accounts', admin.cookie, { _csrf: admin.csrf, email: 'new@test.example', name: 'Nia New', role: 'council', authority: 'thurrock', password: 'a long enough password' });
      assert.equal(added.statusCode, 303);
      const fresh = await browserSignIn(h, 'new@test.example', 'a long enough password');
      assert.equal(await post(h, '/workflow/accounts/disable', admin.cookie, { _csrf: admin.csrf, email: 'new@test.example' }).then((r) => r.statusCode), 303);
      assert.equal((await h.app.inject({ url: '/workflow', headers: { cookie: fresh.cookie } })).statusCode, 303);
      assert.equal(await post(h, '/workflow/accounts/disable', admin.cookie, { _csrf: admin.csrf, email: ACCOUNTS.admin.email }).then((r) => r.statusCode), 409);
      assert.equal(await post(h, '/workflow/accounts/enable', admin.cookie, { _csrf: admin.csrf, email: 'new@test.example' }).then((r) => r.statusCode), 303);
      assert.deepEqual((await h.store.workflow.listUsers()).find((u) => u.email === 'new@test.example')?.disabledAt, null);
    });

    test('every page × relation × state answers as the table says', async () => {
      const cookies = {} as Record<Exclude<Relation, 'anonymous'>, string>;
      h.clock.at = AFTER;
      for (const [rel, a] of Object.entries(ACCOUNTS)) cookies[rel as keyof typeof cookies] = (await browserSignIn(h, a.email)).cookie;
      let checked = 0;
      for (const state of STATES) {
        const id = await h.inspectionIn(state as State);
        h.clock.at = AFTER;
        for (const [suffix, action] of Object.entries(PAGE_ACTIONS)) {
          for (const rel of RELATIONS) {
            const r = await h.app.inject({ url: `/workflow/inspections/${id}${suffix}`, headers: rel === 'anonymous' ? {} : { cookie: cookies[rel] } });
            const o = outcome(action, rel, state as State);
            const expected = { allow: 200, unauthenticated: 303, hidden: 404, forbidden: 403, conflict: 409 }[o];
            assert.equal(r.statusCode, expected, `${suffix || '/'} for ${rel} in ${state}`);
            if (o === 'unauthenticated') assert.equal(r.headers.location, '/workflow/sign-in');
            if (o === 'allow') assert.match(r.body, /<main/);
            checked++;
          }
        }
        // The report as it stands, for the signed-in people the table lets read it (the public read the published one at its stable address).
        for (const rel of RELATIONS) {
          const r = await h.app.inject({ url: `/workflow/inspections/${id}/report.pdf`, headers: rel === 'anonymous' ? {} : { cookie: cookies[rel] } });
          const o = rel === 'anonymous' ? 'unauthenticated' : outcome('report.pdf', rel, state as State);
          assert.equal(r.statusCode, { allow: 200, unauthenticated: 303, hidden: 404, forbidden: 403, conflict: 409 }[o], `report.pdf for ${rel} in ${state}`);
          if (o === 'allow') assert.equal(r.headers['content-type'], 'application/pdf');
        }
      }
      assert.equal(checked, STATES.length * Object.keys(PAGE_ACTIONS).length * RELATIONS.length);
      await h.close();
    });
  });
}
