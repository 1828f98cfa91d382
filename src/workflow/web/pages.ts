// The workflow's pages, one set for every role, in GOV.UK patterns (task
// list, check answers, error summary, notification banner). Browser
// sessions live in an HttpOnly, Secure, SameSite=Strict cookie scoped to
// /workflow; every form carries a CSRF token (the session's, or before
// sign-in a double-submit cookie's). Every page asks the same service, and
// so the same authorisation table, as the API.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FRAMEWORKS, GRADE_LABELS } from '../../domain/frameworks.ts';
import type { UserRecord } from '../../store/index.ts';
import { createRenderer } from '../../web/render.ts';
import { changePassword, newToken, sameToken, SESSION_HOURS, SESSION_IDLE_MINUTES, sessionFor, signIn, signOut } from '../accounts.ts';
import type { Action } from '../access.ts';
import { EVIDENCE_SOURCES, SOURCE_LABELS } from '../content.ts';
import { ROLES, STATE_LABELS, STATES, type Role, type State } from '../machine.ts';
import { WorkflowError, type InspectionView, type Problem, type WorkflowService } from '../service.ts';

const ROLE_NAMES: Record<Role, string> = { admin: 'Admin: schedules inspections, manages accounts, publishes', inspector: 'Inspector', quality_assurance: 'Quality assurance', council: 'Council: the nominated officer of one council' };
const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), 'templates');
export const SESSION_COOKIE = 'ilacs_session';
const PRE_COOKIE = 'ilacs_csrf';
const COOKIE_PATH = '/workflow';

/** Each page that shows an inspection, and the action of the authorisation table it stands for. */
export const PAGE_ACTIONS: Record<string, Action> = {
  '': 'read',
  '/check': 'read',
  '/evidence': 'evidence.read',
  '/judgements': 'judgements.put',
  '/improvements': 'improvements.put',
  '/sections': 'sections.put',
  '/accuracy': 'comments.read',
};

/** Shown on the sign-in page after a session ends under the user. */
const ENDED = `You have been signed out. A session ends after ${SESSION_IDLE_MINUTES} minutes without activity, and ${SESSION_HOURS} hours after signing in. Sign in again to carry on.`;

/** Fixed texts for the banner after an action (never words from the request). */
const DONE: Record<string, string> = {
  scheduled: 'The inspection is scheduled.',
  evidence: 'The evidence is recorded.',
  judgements: 'The judgements are saved.',
  improvements: 'The items are saved.',
  sections: 'The sections are saved.',
  comment: 'Your comment is recorded.',
  ...Object.fromEntries(STATES.map((s) => [`moved-${s}`, `The inspection is now at: ${STATE_LABELS[s].toLowerCase()}.`])),
  'publish-scheduled': 'Publication is scheduled.',
  'account-added': 'The account is added.',
  'account-disabled': 'The account is disabled and its sessions have ended.',
  'account-enabled': 'The account is enabled.',
};

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const cookie = (name: string, value: string, maxAge: number): string => `${name}=${value}; Path=${COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`;

interface Session {
  user: UserRecord;
  csrf: string;
  token: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

export function registerWorkflowPages(app: FastifyInstance, service: WorkflowService): void {
  const render = createRenderer({}, [TEMPLATES]);
  const formBody = (req: FastifyRequest): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

  async function sessionOf(req: FastifyRequest): Promise<Session | null> {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const s = await sessionFor(service.record, token, service.clock.now());
    return s && s.kind === 'browser' ? { user: s.user, csrf: s.csrf, token } : null;
  }

  function page(reply: FastifyReply, status: number, template: string, ctx: Record<string, unknown>, s: Session | null): FastifyReply {
    const problems = (ctx.problems as Problem[] | undefined) ?? [];
    const fieldErrors: Record<string, string> = {};
    for (const p of problems) fieldErrors[p.field.replace(/\[\d+\]$/, '')] ??= p.message;
    const errors = problems.map((p) => ({ text: p.message, href: `#${(ctx.fieldIds as Record<string, string> | undefined)?.[p.field] ?? p.field.replace(/\[\d+\]$/, '')}` }));
    const html = render(template, { ...ctx, user: s?.user ?? null, csrf: s?.csrf ?? ctx.csrf, errors, fieldErrors, idleSeconds: SESSION_IDLE_MINUTES * 60 });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  function errorPage(reply: FastifyReply, err: WorkflowError, s: Session | null): FastifyReply {
    if (err.status === 401) return reply.redirect('/workflow/sign-in', 303);
    const heading = err.status === 404 ? 'Page not found' : err.status === 403 ? 'You cannot do that' : 'That cannot be done now';
    return page(reply, err.status, 'wf-error.njk', { title: heading, heading, message: err.message }, s);
  }

  /** A page for signed-in users only; runs `fn`, showing the service's refusals as pages. */
  const signedIn =
    (fn: (s: Session, req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>, options: { post?: boolean } = {}) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const s = await sessionOf(req);
      if (!s) {
        // A session cookie the service no longer knows: the session ended (idle, expired or signed out elsewhere). Say so.
        if (!parseCookies(req.headers.cookie)[SESSION_COOKIE]) return reply.redirect('/workflow/sign-in', 303);
        reply.header('set-cookie', cookie(SESSION_COOKIE, '', 0));
        return reply.redirect('/workflow/sign-in?ended=1', 303);
      }
      if (options.post && !sameToken(str(formBody(req)._csrf), s.csrf)) {
        return page(reply, 403, 'wf-error.njk', { title: 'The form has expired', heading: 'The form has expired', message: 'The form was old or did not come from this service. Go back, reload the page and try again.' }, s);
      }
      try {
        return await fn(s, req, reply);
      } catch (err) {
        if (err instanceof WorkflowError) return errorPage(reply, err, s);
        throw err;
      }
    };
  const idOf = (req: FastifyRequest): number => (req.params as { id: number }).id;
  const params = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
  const hide = { hide: true } as const;
  const done = (req: FastifyRequest): { html: string; success: boolean } | null => {
    const code = str((req.query as Record<string, unknown> | undefined)?.done);
    return DONE[code] ? { html: DONE[code]!, success: true } : null;
  };

  // ---- signing in and out
  app.get('/workflow/sign-in', { schema: hide }, async (req, reply) => {
    if (await sessionOf(req)) return reply.redirect('/workflow', 303);
    const csrf = newToken();
    reply.header('set-cookie', cookie(PRE_COOKIE, csrf, 3600));
    const ended = str((req.query as Record<string, unknown> | undefined)?.ended) === '1' ? { html: ENDED } : null;
    return page(reply, 200, 'sign-in.njk', { title: 'Sign in', csrf, banner: ended }, null);
  });
  app.post('/workflow/sign-in', { schema: hide }, async (req, reply) => {
    const b = formBody(req);
    const pre = parseCookies(req.headers.cookie)[PRE_COOKIE] ?? '';
    const csrf = newToken();
    reply.header('set-cookie', cookie(PRE_COOKIE, csrf, 3600));
    if (!pre || !sameToken(str(b._csrf), pre)) return page(reply, 403, 'sign-in.njk', { title: 'Sign in', csrf, problems: [{ field: 'email', message: 'The sign-in form had expired: try again.' }] }, null);
    const email = str(b.email).trim();
    const password = str(b.password);
    const problems: Problem[] = [];
    if (!email) problems.push({ field: 'email', message: 'Enter your email address.' });
    if (!password) problems.push({ field: 'password', message: 'Enter your password.' });
    if (problems.length) return page(reply, 400, 'sign-in.njk', { title: 'Sign in', csrf, email, problems }, null);
    const r = await signIn(service.record, email, password, req.ip, 'browser', service.clock.now());
    if (!r.ok) return page(reply, r.status, 'sign-in.njk', { title: 'Sign in', csrf, email, problems: [{ field: 'email', message: r.message }] }, null);
    reply.header('set-cookie', [cookie(SESSION_COOKIE, r.token, SESSION_HOURS * 3600), cookie(PRE_COOKIE, '', 0)]);
    return reply.redirect('/workflow', 303);
  });
  app.post(
    '/workflow/sign-out',
    { schema: hide },
    signedIn(
      async (s, req, reply) => {
        await signOut(service.record, s.token);
        reply.header('set-cookie', cookie(SESSION_COOKIE, '', 0));
        // Signed out by the page's timeout (workflow.js) rather than by the button: the sign-in page says why.
        return reply.redirect(str(formBody(req).ended) === '1' ? '/workflow/sign-in?ended=1' : '/workflow/sign-in', 303);
      },
      { post: true },
    ),
  );
  // Whether the browser's session is live; asking counts as using it (workflow.js keeps a session in use alive this way).
  app.get('/workflow/session', { schema: hide }, async (req, reply) => {
    const s = await sessionOf(req);
    if (!s) return reply.code(401).send({ signedIn: false });
    return reply.send({ signedIn: true, idleSeconds: SESSION_IDLE_MINUTES * 60 });
  });
  app.get('/workflow/password', { schema: hide }, signedIn(async (s, req, reply) => page(reply, 200, 'password.njk', { title: 'Change your password', nav: 'password', banner: done(req) }, s)));
  app.post(
    '/workflow/password',
    { schema: hide },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const problem = await changePassword(service.record, s.user, str(b.current), str(b.new), s.token);
        if (problem) return page(reply, 400, 'password.njk', { title: 'Change your password', nav: 'password', problems: [{ field: problem.field === 'next' ? 'new' : 'current', message: problem.message }] }, s);
        return page(reply, 200, 'password.njk', { title: 'Change your password', nav: 'password', banner: { html: 'Your password is changed. Your other sessions have ended.', success: true } }, s);
      },
      { post: true },
    ),
  );

  // ---- accounts (admins)
  const accountsPage = async (s: Session, reply: FastifyReply, status: number, form: Record<string, string>, problems: Problem[] = [], banner: unknown = null) => {
    const accounts = await service.accounts(s.user);
    const authorities = await service.record.authorities();
    const roleItems = ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], checked: form.role === r }));
    const authorityItems = [{ value: '', text: 'None' }, ...authorities.map((a) => ({ value: a.slug, text: a.name, selected: a.slug === form.authority }))];
    return page(reply, status, 'accounts.njk', { title: 'Accounts', nav: 'accounts', accounts, form, problems, banner, roleItems, authorityItems, fieldIds: { role: 'role' } }, s);
  };
  app.get('/workflow/accounts', { schema: hide }, signedIn(async (s, req, reply) => accountsPage(s, reply, 200, {}, [], done(req))));
  app.post(
    '/workflow/accounts',
    { schema: hide },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const form = Object.fromEntries(['email', 'name', 'role', 'authority'].map((k) => [k, str(b[k])]));
        try {
          await service.addAccount(s.user, { ...form, password: str(b.password) });
          return reply.redirect('/workflow/accounts?done=account-added', 303);
        } catch (err) {
          if (err instanceof WorkflowError && err.status === 400) return accountsPage(s, reply, 400, form, err.problems);
          throw err;
        }
      },
      { post: true },
    ),
  );
  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/workflow/accounts/${action}`,
      { schema: hide },
      signedIn(
        async (s, req, reply) => {
          await service.setAccountDisabled(s.user, str(formBody(req).email), action === 'disable');
          return reply.redirect(`/workflow/accounts?done=account-${action}d`, 303);
        },
        { post: true },
      ),
    );
  }

  // ---- the list and the admin's schedule
  app.get(
    '/workflow',
    { schema: hide },
    signedIn(async (s, req, reply) => {
      const rows = (await service.list(s.user)).map(({ summary: r, relation }) => ({
        ...r,
        stateLabel: STATE_LABELS[r.state],
        part: { admin: 'Admin', lead: 'Lead inspector', team: 'Team member', quality_assurance: 'Quality assurance', council: 'Your council', other_council: 'Published', inspector: 'Published', anonymous: '' }[relation],
      }));
      return page(reply, 200, 'list.njk', { title: s.user.role === 'admin' ? 'Schedule of inspections' : 'Your inspections', nav: 'list', rows, banner: done(req) }, s);
    }),
  );
  const newForm = async (s: Session, reply: FastifyReply, status: number, form: Record<string, string>, problems: Problem[] = []) => {
    const authorities = await service.record.authorities();
    const authorityItems = [{ value: '', text: 'Choose a council' }, ...authorities.map((a) => ({ value: a.slug, text: a.name, selected: a.slug === form.authority }))];
    const frameworkItems = Object.values(FRAMEWORKS)
      .filter((f) => f.workflow)
      .map((f) => ({ value: f.id, text: f.name, selected: f.id === (form.framework || 'ILACS2026') }));
    return page(reply, status, 'new.njk', { title: 'Schedule an inspection', authorityItems, frameworkItems, form, problems, breadcrumbs: [{ text: 'Schedule', href: '/workflow' }] }, s);
  };
  app.get(
    '/workflow/inspections/new',
    { schema: hide },
    signedIn(async (s, _req, reply) => {
      if (s.user.role !== 'admin') throw new WorkflowError(403, 'Only an admin schedules inspections.');
      return newForm(s, reply, 200, {});
    }),
  );
  app.post(
    '/workflow/inspections/new',
    { schema: hide },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const form = Object.fromEntries(['authority', 'framework', 'type', 'start', 'end', 'leadInspector', 'team'].map((k) => [k, str(b[k]).trim()]));
        try {
          const { id } = await service.create(s.user, { ...form, team: form.team!.split(/[\s,;]+/).filter(Boolean) });
          return reply.redirect(`/workflow/inspections/${id}?done=scheduled`, 303);
        } catch (err) {
          if (err instanceof WorkflowError && err.status === 400) return newForm(s, reply, 400, form, err.problems);
          throw err;
        }
      },
      { post: true },
    ),
  );

  // ---- one inspection
  const inspectionPage = async (s: Session, id: number, action: Action): Promise<InspectionView> => {
    const { i, relation } = await service.gate(s.user, id, action);
    return service.view(i, relation);
  };
  const crumbs = (i: InspectionView) => [
    { text: 'Your inspections', href: '/workflow' },
    { text: i.authority.name, href: `/workflow/inspections/${i.id}` },
  ];
  const taskStatus = (text: string, colour?: string) => (colour ? { tag: { text, classes: `govuk-tag--${colour}` } } : { text });
  const tasks = (i: InspectionView) => {
    const at = STATES.indexOf(i.state);
    const past = (s: State) => at > STATES.indexOf(s);
    const items: Record<string, unknown>[] = [];
    const add = (title: string, href: string | null, status: Record<string, unknown>, hint?: string) => items.push({ title: { text: title }, ...(hint ? { hint: { text: hint } } : {}), ...(href ? { href } : {}), status });
    const base = `/workflow/inspections/${i.id}`;
    add('Notify the council', null, i.notifiedOn ? taskStatus(`Done ${i.notifiedOn}`) : taskStatus('Not yet', 'blue'), `From ${i.timeline.noticeDue}: the working week before fieldwork`);
    if (i.may['evidence.read']) add('Record evidence', `${base}/evidence`, i.evidence?.length ? taskStatus(`${i.evidence.length} recorded`) : taskStatus(i.may['evidence.add'] ? 'Not started' : 'None', 'blue'));
    add('Judgements with rationale', i.may['judgements.put'] ? `${base}/judgements` : null, i.judgements.length ? taskStatus(`${i.judgements.length} of ${FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS].judgements.length}`) : taskStatus('Not started', 'blue'));
    add('What needs to improve', i.may['improvements.put'] ? `${base}/improvements` : null, i.improvements.length ? taskStatus(`${i.improvements.length} items`) : taskStatus('Not started', 'blue'));
    const drafted = i.sections.filter((t) => t.words > 0).length;
    if (i.sections.length) add('Write the report’s sections', i.may['sections.put'] ? `${base}/sections` : null, drafted ? taskStatus(`${drafted} of ${i.sections.length} drafted`) : taskStatus('Not started', 'blue'), i.sections.map((t) => `${t.name}: ${t.words} words (expected ${t.expected.min} to ${t.expected.max})`).join('; '));
    if (i.may['report.pdf']) add(i.state === 'published' ? 'The published report (PDF)' : 'The report as it stands (PDF)', `${base}/report.pdf`, taskStatus('Typeset'));
    add('Check the draft', `${base}/check`, past('drafting') ? taskStatus('Sent') : taskStatus('To do', 'blue'));
    add('Quality assurance', i.state === 'quality_assurance' ? `${base}/check` : null, past('quality_assurance') ? taskStatus('Approved') : i.state === 'quality_assurance' ? taskStatus('In review', 'yellow') : taskStatus('Cannot start yet', 'grey'));
    add('Factual accuracy check', i.may['comments.read'] ? `${base}/accuracy` : null, past('accuracy_check') ? taskStatus('Done') : i.state === 'accuracy_check' ? taskStatus(`Open to ${i.timeline.accuracyDeadline}`, 'yellow') : taskStatus('Cannot start yet', 'grey'));
    add('Publish', null, i.state === 'published' ? taskStatus(`Published ${i.publishedAt?.slice(0, 10)}`) : i.publishAt ? taskStatus(`Scheduled ${i.publishAt}`, 'yellow') : taskStatus(`Expected about ${i.timeline.publication.expected}`, 'grey'));
    return items;
  };
  app.get(
    '/workflow/inspections/:id',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const i = await inspectionPage(s, idOf(req), 'read');
      const t = i.timeline;
      const timelineRows = [
        { key: { text: 'On site' }, value: { text: `${t.onSite.start} to ${t.onSite.end} (${t.onSite.workingDays} working days)` } },
        { key: { text: 'Notice' }, value: { text: `From ${t.noticeDue} (the working week before fieldwork)` } },
        { key: { text: 'Accuracy check closes' }, value: { text: t.accuracyDeadline ?? 'When the check starts: 5 working days' } },
        { key: { text: 'Publication' }, value: { text: `About ${t.publication.expected} (usually ${t.publication.earliest} to ${t.publication.latest})` } },
      ];
      return page(reply, 200, 'inspection.njk', { title: `${i.authority.name} inspection`, i, tasks: tasks(i), timelineRows, banner: done(req), breadcrumbs: crumbs(i).slice(0, 1) }, s);
    }),
  );
  app.post(
    '/workflow/inspections/:id/move',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const r = await service.transition(s.user, idOf(req), str(b.to), str(b.comment), str(b.publishAt) || undefined);
        return reply.redirect(`/workflow/inspections/${idOf(req)}?done=${r.publishAt ? 'publish-scheduled' : `moved-${r.state}`}`, 303);
      },
      { post: true },
    ),
  );

  const areaItems = (i: InspectionView, chosen?: string) => [{ value: '', text: 'Choose an area' }, ...FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS].judgements.map((j) => ({ value: j.key, text: j.short, selected: j.key === chosen }))];
  // The framework's evaluation criteria, each labelled with its area (the criterion is checked against the chosen area).
  const criterionItems = (i: InspectionView, chosen?: string) => [
    { value: '', text: 'Choose a criterion' },
    ...FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS].judgements.flatMap((j) => (j.criteria ?? []).map((c) => ({ value: c, text: `${j.short}: ${c}`, selected: c === chosen }))),
  ];
  const evidencePage = (s: Session, i: InspectionView, reply: FastifyReply, status: number, form: Record<string, string>, problems: Problem[] = [], banner: unknown = null) =>
    page(
      reply,
      status,
      'evidence.njk',
      {
        title: 'Evidence',
        i,
        may: i.may['evidence.add'],
        form,
        problems,
        banner,
        areaItems: areaItems(i, form.area),
        criterionItems: criterionItems(i, form.criterion),
        sourceItems: EVIDENCE_SOURCES.map((v) => ({ value: v, text: SOURCE_LABELS[v], checked: form.source === v })),
        areaNames: Object.fromEntries(FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS].judgements.map((j) => [j.key, j.short])),
        sourceNames: SOURCE_LABELS,
        fieldIds: { source: 'source' },
        breadcrumbs: crumbs(i),
      },
      s,
    );
  app.get('/workflow/inspections/:id/evidence', { schema: { ...hide, params } }, signedIn(async (s, req, reply) => evidencePage(s, await inspectionPage(s, idOf(req), 'evidence.read'), reply, 200, {}, [], done(req))));
  app.post(
    '/workflow/inspections/:id/evidence',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const form = Object.fromEntries(['area', 'criterion', 'source', 'caseRef', 'text'].map((k) => [k, str(b[k])]));
        try {
          await service.addEvidence(s.user, idOf(req), form);
          return reply.redirect(`/workflow/inspections/${idOf(req)}/evidence?done=evidence`, 303);
        } catch (err) {
          if (err instanceof WorkflowError && err.status === 400) return evidencePage(s, await inspectionPage(s, idOf(req), 'evidence.read'), reply, 400, form, err.problems);
          throw err;
        }
      },
      { post: true },
    ),
  );

  const judgementsPage = (s: Session, i: InspectionView, reply: FastifyReply, status: number, values: Record<string, { grade: string; rationale: string; evidence: string }>, problems: Problem[] = []) => {
    const fw = FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS];
    const rows = fw.judgements.map((def) => {
      const v = values[def.key] ?? { grade: '', rationale: '', evidence: '' };
      return { key: def.key, label: def.label, rationale: v.rationale, evidence: v.evidence, items: fw.scale.map((g) => ({ value: g, text: GRADE_LABELS[g], checked: v.grade === g })) };
    });
    const fieldIds = Object.fromEntries(fw.judgements.map((d) => [d.key, `grade_${d.key}`]));
    return page(reply, status, 'judgements.njk', { title: 'Judgements', i, rows, problems, fieldIds, breadcrumbs: crumbs(i) }, s);
  };
  app.get(
    '/workflow/inspections/:id/judgements',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const i = await inspectionPage(s, idOf(req), 'judgements.put');
      return judgementsPage(s, i, reply, 200, Object.fromEntries(i.judgements.map((j) => [j.key, { grade: j.grade, rationale: j.rationale ?? '', evidence: j.evidence.join(', ') }])));
    }),
  );
  app.post(
    '/workflow/inspections/:id/judgements',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const i = await inspectionPage(s, idOf(req), 'judgements.put');
        const fw = FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS];
        const values: Record<string, { grade: string; rationale: string; evidence: string }> = {};
        const judgements: Record<string, string> = {};
        const detail: Record<string, { rationale: string; evidence: number[] }> = {};
        const problems: Problem[] = [];
        for (const def of fw.judgements) {
          const v = { grade: str(b[`grade_${def.key}`]), rationale: str(b[`rationale_${def.key}`]), evidence: str(b[`evidence_${def.key}`]) };
          values[def.key] = v;
          if (!v.grade) continue;
          judgements[def.key] = v.grade;
          const ids = v.evidence.split(/[\s,]+/).filter(Boolean);
          if (ids.some((x) => !/^\d+$/.test(x))) problems.push({ field: def.key, message: `Evidence for ${def.short} is given by number, like 3, 7.` });
          detail[def.key] = { rationale: v.rationale, evidence: ids.map(Number) };
        }
        if (!Object.keys(judgements).length) problems.push({ field: fw.judgements[0]!.key, message: 'Choose at least one grade.' });
        try {
          if (problems.length) throw new WorkflowError(400, '', problems);
          await service.putJudgements(s.user, idOf(req), { judgements, detail });
          return reply.redirect(`/workflow/inspections/${idOf(req)}?done=judgements`, 303);
        } catch (err) {
          if (err instanceof WorkflowError && err.status === 400) return judgementsPage(s, i, reply, 400, values, err.problems);
          throw err;
        }
      },
      { post: true },
    ),
  );

  const sectionsPage = (i: InspectionView, values: Record<string, string>) => ({
    title: 'The report’s sections',
    i,
    sections: i.sections.map((t) => ({ ...t, value: values[t.key] ?? t.text })),
    breadcrumbs: crumbs(i),
  });
  app.get(
    '/workflow/inspections/:id/report.pdf',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const pdf = await service.reportPdf(s.user, idOf(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="inspection-${idOf(req)}-report.pdf"`).send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    }),
  );
  app.get(
    '/workflow/inspections/:id/sections',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const i = await inspectionPage(s, idOf(req), 'sections.put');
      return page(reply, 200, 'sections.njk', sectionsPage(i, {}), s);
    }),
  );
  app.post(
    '/workflow/inspections/:id/sections',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const body = formBody(req);
        const before = await inspectionPage(s, idOf(req), 'sections.put');
        const values: Record<string, string> = {};
        const problems: Problem[] = [];
        // Each section is saved on its own: one that is refused keeps its text on the page, the others are saved.
        for (const t of before.sections) {
          const field = `section_${t.key}`;
          if (body[field] === undefined) continue;
          const text = str(body[field]);
          values[t.key] = text;
          if (text.trim() === t.text) continue;
          try {
            await service.putSection(s.user, idOf(req), t.key, { text });
          } catch (err) {
            if (!(err instanceof WorkflowError && err.status === 400)) throw err;
            problems.push(...err.problems.map((p) => ({ field, message: `${t.name}: ${p.message}` })));
          }
        }
        if (!problems.length) return reply.redirect(`/workflow/inspections/${idOf(req)}?done=sections`, 303);
        const i = await inspectionPage(s, idOf(req), 'sections.put');
        return page(reply, 400, 'sections.njk', { ...sectionsPage(i, values), problems }, s);
      },
      { post: true },
    ),
  );

  app.get(
    '/workflow/inspections/:id/improvements',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const i = await inspectionPage(s, idOf(req), 'improvements.put');
      return page(reply, 200, 'improvements.njk', { title: 'What needs to improve', i, items: i.improvements.join('\n'), breadcrumbs: crumbs(i) }, s);
    }),
  );
  app.post(
    '/workflow/inspections/:id/improvements',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const text = str(formBody(req).items);
        const items = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
        try {
          await service.putImprovements(s.user, idOf(req), { items });
          return reply.redirect(`/workflow/inspections/${idOf(req)}?done=improvements`, 303);
        } catch (err) {
          if (!(err instanceof WorkflowError && err.status === 400)) throw err;
          const i = await inspectionPage(s, idOf(req), 'improvements.put');
          return page(reply, 400, 'improvements.njk', { title: 'What needs to improve', i, items: text, problems: err.problems.map((p) => ({ field: 'items', message: p.message })), breadcrumbs: crumbs(i) }, s);
        }
      },
      { post: true },
    ),
  );

  app.get(
    '/workflow/inspections/:id/check',
    { schema: { ...hide, params } },
    signedIn(async (s, req, reply) => {
      const i = await inspectionPage(s, idOf(req), 'read');
      const change = (href: string, what: string) => (i.may['judgements.put'] ? { actions: { items: [{ href, text: 'Change', visuallyHiddenText: what }] } } : {});
      const judgementRows = FRAMEWORKS[i.framework.id as keyof typeof FRAMEWORKS].judgements.map((def) => {
        const j = i.judgements.find((x) => x.key === def.key);
        return { key: { text: def.label }, value: { text: j ? `${j.gradeLabel}${j.rationale ? `. ${j.rationale}` : ''}` : 'Not graded yet' }, ...change(`/workflow/inspections/${i.id}/judgements`, def.label) };
      });
      const itemRows = i.improvements.length ? i.improvements.map((t, n) => ({ key: { text: `Item ${n + 1}` }, value: { text: t }, ...change(`/workflow/inspections/${i.id}/improvements`, `item ${n + 1}`) })) : [{ key: { text: 'Items' }, value: { text: 'None yet' } }];
      return page(reply, 200, 'check.njk', { title: 'Check the draft', i, judgementRows, itemRows, breadcrumbs: crumbs(i) }, s);
    }),
  );

  const accuracyPage = async (s: Session, id: number, reply: FastifyReply, status: number, problems: Problem[] = [], errorParagraph: number | null = null, banner: unknown = null) => {
    const i = await inspectionPage(s, id, 'comments.read');
    // The draft's paragraphs as they stand: each judgement with its rationale, then each item.
    const texts = [...i.judgements.map((j) => `${j.label}: ${j.gradeLabel}.${j.rationale ? ` ${j.rationale}` : ''}`), ...i.improvements.map((t) => `What needs to improve: ${t}`)];
    const mine = (i.accuracyComments ?? []).filter((c) => s.user.role !== 'council' || c.authorId === s.user.id);
    const paragraphs = texts.map((text, n) => ({ n: n + 1, text, comments: mine.filter((c) => c.paragraph === n + 1) }));
    return page(reply, status, 'accuracy.njk', { title: 'Factual accuracy check', i, paragraphs, mayComment: i.may['comments.add'], problems, errorParagraph, fieldIds: { text: `text-${errorParagraph ?? 1}` }, banner, breadcrumbs: crumbs(i) }, s);
  };
  app.get('/workflow/inspections/:id/accuracy', { schema: { ...hide, params } }, signedIn(async (s, req, reply) => accuracyPage(s, idOf(req), reply, 200, [], null, done(req))));
  app.post(
    '/workflow/inspections/:id/accuracy',
    { schema: { ...hide, params } },
    signedIn(
      async (s, req, reply) => {
        const b = formBody(req);
        const paragraph = str(b.paragraph);
        try {
          await service.addComment(s.user, idOf(req), { text: str(b.text), paragraph });
          return reply.redirect(`/workflow/inspections/${idOf(req)}/accuracy?done=comment`, 303);
        } catch (err) {
          if (err instanceof WorkflowError && err.status === 400) return accuracyPage(s, idOf(req), reply, 400, err.problems, Number(paragraph) || 1);
          throw err;
        }
      },
      { post: true },
    ),
  );
}
