// The workflow's JSON API: bearer tokens from POST /api/session, JSON
// bodies, errors as {statusCode, error, message, problems?}. Every route
// asks the service, which asks the authorisation table. Registered inside
// the workflow plugin (plugin.ts), so its parsers, limits and headers stay
// out of the public site.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UserRecord } from '../../store/index.ts';
import { changePassword, sessionFor, signIn, signOut } from '../accounts.ts';
import { STATES } from '../machine.ts';
import { WorkflowError, type WorkflowService } from '../service.ts';

const ERROR = { type: 'object', properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } } } } as const;
const errs = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: DESCRIPTIONS[c] ?? 'Error', content: { 'application/json': { schema: ERROR } } }]));
const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid body: the problems say what to change',
  401: 'No valid bearer token',
  403: 'Your role may not do this to this inspection now',
  404: 'No such inspection, or not one you may know of',
  409: 'Not possible from the inspection’s current state (or its timings)',
  429: 'Too many failed sign-ins',
  501: 'Not built yet',
  503: 'The report cannot be typeset now (Chromium is missing: see ILACS_CHROMIUM) or, for publication, its PDF cannot be archived',
};
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, description: 'The inspection’s number' } } } as const;
const BEARER = [{ bearer: [] }];
const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
// Fastify serialises by the response schema: an object schema without properties must allow them all, or they are dropped.
const json = (status: number, description: string, schema: Record<string, unknown> = ANY_OBJECT) => ({ [status]: { description, content: { 'application/json': { schema } } } });
const OK = (status = 200) => ({ ...json(status, 'Done') });

export interface ApiDeps {
  service: WorkflowService;
}

/** The signed-in user behind "Authorization: Bearer <token>", or null. */
export async function bearerUser(service: WorkflowService, req: FastifyRequest): Promise<{ user: UserRecord; token: string } | null> {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{20,100})\s*$/.exec(h) : null;
  if (!m) return null;
  const s = await sessionFor(service.record, m[1]!, service.clock.now());
  return s && s.kind === 'api' ? { user: s.user, token: m[1]! } : null;
}

function sendError(reply: FastifyReply, err: WorkflowError): FastifyReply {
  const names: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 501: 'Not Implemented', 503: 'Service Unavailable' };
  if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="ilacs"');
  return reply.code(err.status).send({ statusCode: err.status, error: names[err.status] ?? 'Error', message: err.message, ...(err.problems.length ? { problems: err.problems } : {}) });
}

export function registerWorkflowApi(app: FastifyInstance, { service }: ApiDeps): void {
  const body = (req: FastifyRequest): Record<string, unknown> => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});
  const id = (req: FastifyRequest): number => (req.params as { id: number }).id;
  /** Runs an action as the bearer's user (null when there is none: the service answers 401 or, for public things, serves). */
  const as =
    (status: number, fn: (user: UserRecord | null, req: FastifyRequest) => Promise<unknown>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const who = await bearerUser(service, req);
        const out = await fn(who?.user ?? null, req);
        return reply.code(status).send(out);
      } catch (err) {
        if (err instanceof WorkflowError) return sendError(reply, err);
        throw err;
      }
    };
  const tags = ['workflow'];

  app.post(
    '/api/session',
    {
      schema: {
        summary: 'Sign in: exchange an email and password for a bearer token',
        description: 'Failed sign-ins are throttled per account and per address (429).',
        tags,
        body: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 200 } } },
        response: { ...json(200, 'Signed in', { type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string' }, user: { type: 'object', properties: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } } } }), ...errs(400, 401, 429) },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body as { email: string; password: string };
      const r = await signIn(service.record, email.trim(), password, req.ip, 'api', service.clock.now());
      if (!r.ok) return sendError(reply, new WorkflowError(r.status, r.message));
      return reply.send({ token: r.token, expiresAt: r.expiresAt, user: { email: r.user.email, name: r.user.name, role: r.user.role } });
    },
  );
  app.delete('/api/session', { schema: { summary: 'Sign out: the bearer token stops working', tags, security: BEARER, response: { 204: { description: 'Signed out', type: 'null' }, ...errs(401) } } }, async (req, reply) => {
    const who = await bearerUser(service, req);
    if (!who) return sendError(reply, new WorkflowError(401, 'Sign in first: send "Authorization: Bearer <token>".'));
    await signOut(service.record, who.token);
    return reply.code(204).send();
  });
  app.put(
    '/api/session/password',
    { schema: { summary: 'Change your password (your other sessions end)', tags, security: BEARER, body: { type: 'object', required: ['current', 'new'], properties: { current: { type: 'string', maxLength: 200 }, new: { type: 'string', maxLength: 200 } } }, response: { 204: { description: 'Changed', type: 'null' }, ...errs(400, 401) } } },
    async (req, reply) => {
      const who = await bearerUser(service, req);
      if (!who) return sendError(reply, new WorkflowError(401, 'Sign in first: send "Authorization: Bearer <token>".'));
      const b = req.body as { current: string; new: string };
      const problem = await changePassword(service.record, who.user, b.current, b.new, who.token);
      if (problem) return sendError(reply, new WorkflowError(400, problem.message, [{ field: problem.field === 'next' ? 'new' : 'current', message: problem.message }]));
      return reply.code(204).send();
    },
  );

  app.get('/api/inspections', { schema: { summary: 'The inspections you may know of', tags, security: BEARER, response: { ...json(200, 'Inspections', { type: 'array', items: ANY_OBJECT }), ...errs(401) } } }, as(200, async (user) => {
    if (!user) throw new WorkflowError(401, 'Sign in first: send "Authorization: Bearer <token>" with a token from POST /api/session.');
    return (await service.list(user)).map(({ summary: s }) => ({ id: s.id, authority: s.authoritySlug, framework: s.framework, type: s.type, start: s.start, end: s.end, state: s.state }));
  }));
  app.post(
    '/api/inspections',
    {
      schema: {
        summary: 'Schedule an inspection (admin)',
        tags,
        security: BEARER,
        body: {
          type: 'object',
          required: ['authority', 'framework', 'type', 'start', 'end', 'leadInspector'],
          properties: {
            authority: { type: 'string', description: 'The council’s slug', maxLength: 100 },
            framework: { type: 'string', description: 'A framework the workflow can run (ILACS2018, ILACS2023, ILACS2026), in force on the start date', maxLength: 40 },
            type: { type: 'string', enum: ['short', 'standard'] },
            start: { type: 'string', description: 'First day on site (a Monday), YYYY-MM-DD', maxLength: 10 },
            end: { type: 'string', description: 'Last day on site (a Friday), YYYY-MM-DD', maxLength: 10 },
            leadInspector: { type: 'string', description: 'The lead inspector’s email', maxLength: 320 },
            team: { type: 'array', items: { type: 'string', maxLength: 320 }, maxItems: 20, description: 'The other inspectors’ emails' },
          },
        },
        response: { ...json(201, 'Scheduled', { type: 'object', properties: { id: { type: 'integer' }, state: { type: 'string' } } }), ...errs(400, 401, 403) },
      },
    },
    as(201, (user, req) => service.create(user, body(req))),
  );
  app.get('/api/inspections/:id', { schema: { summary: 'One inspection as you may see it (evidence only for the team, quality assurance and admins)', tags, security: BEARER, params: ID_PARAMS, response: { ...OK(), ...errs(401, 404) } } }, as(200, (user, req) => service.read(user, id(req))));
  app.post(
    '/api/inspections/:id/transitions',
    {
      schema: {
        summary: 'Move the inspection to another state',
        description: `States: ${STATES.join(' → ')}; quality_assurance and accuracy_check can return to drafting. final → published with a future publishAt schedules publication.`,
        tags,
        security: BEARER,
        params: ID_PARAMS,
        body: { type: 'object', required: ['to'], properties: { to: { type: 'string', maxLength: 40 }, comment: { type: 'string', maxLength: 2000 }, publishAt: { type: 'string', maxLength: 40, description: 'For final → published: when to publish (ISO date-time); the server publishes then' } } },
        response: { ...json(200, 'Moved', { type: 'object', properties: { state: { type: 'string' }, warnings: { type: 'array', items: { type: 'string' } }, publishAt: { type: ['string', 'null'] } } }), ...errs(400, 401, 403, 404, 409, 503) },
      },
    },
    as(200, (user, req) => service.transition(user, id(req), body(req).to, body(req).comment, body(req).publishAt)),
  );
  app.post(
    '/api/inspections/:id/evidence',
    {
      schema: {
        summary: 'Record evidence (team members, on site and drafting)',
        tags,
        security: BEARER,
        params: ID_PARAMS,
        body: { type: 'object', required: ['area', 'criterion', 'source', 'text'], properties: { area: { type: 'string', maxLength: 60 }, criterion: { type: 'string', maxLength: 400 }, source: { type: 'string', enum: ['case_file', 'meeting', 'observation', 'data'] }, caseRef: { type: 'string', maxLength: 20, description: 'Pseudonymous, like C-0042' }, text: { type: 'string', maxLength: 6000 } } },
        response: { ...json(201, 'Recorded', { type: 'object', properties: { id: { type: 'integer' } } }), ...errs(400, 401, 403, 404) },
      },
    },
    as(201, (user, req) => service.addEvidence(user, id(req), body(req))),
  );
  app.put(
    '/api/inspections/:id/judgements',
    {
      schema: {
        summary: 'Set judgements (the lead inspector, on site and drafting)',
        description: 'Keys and grades are the reader’s: leaders, help_protection, in_care, care_leavers, overall (as the framework has them); outstanding, good, requires_improvement, inadequate. detail.<key> may give the rationale and the evidence ids it rests on.',
        tags,
        security: BEARER,
        params: ID_PARAMS,
        body: { type: 'object', required: ['judgements'], properties: { judgements: { type: 'object', additionalProperties: { type: 'string' } }, detail: { type: 'object', additionalProperties: { type: 'object', properties: { rationale: { type: 'string', maxLength: 6000 }, evidence: { type: 'array', items: { type: 'integer' }, maxItems: 200 } } } } } },
        response: { ...OK(), ...errs(400, 401, 403, 404) },
      },
    },
    as(200, (user, req) => service.putJudgements(user, id(req), body(req))),
  );
  app.put(
    '/api/inspections/:id/improvements',
    { schema: { summary: 'Set the items of what needs to improve (the lead inspector, on site and drafting)', tags, security: BEARER, params: ID_PARAMS, body: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'string', maxLength: 1200 }, maxItems: 40 } } }, response: { ...OK(), ...errs(400, 401, 403, 404) } } },
    as(200, (user, req) => service.putImprovements(user, id(req), body(req))),
  );
  app.post(
    '/api/inspections/:id/accuracy-comments',
    { schema: { summary: 'Comment on the draft for factual accuracy (the council, during its accuracy check)', tags, security: BEARER, params: ID_PARAMS, body: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 6000 }, paragraph: { type: 'integer', minimum: 1, maximum: 10000 } } }, response: { ...json(201, 'Recorded', { type: 'object', properties: { id: { type: 'integer' } } }), ...errs(400, 401, 403, 404, 409) } } },
    as(201, (user, req) => service.addComment(user, id(req), body(req))),
  );
  app.put(
    '/api/inspections/:id/sections/:key',
    {
      schema: {
        summary: 'Draft one section of the report (the lead inspector, on site and drafting): the headline findings ("headline") or a judgement area (its key); paragraphs separated by a blank line; an empty text clears it',
        tags,
        security: BEARER,
        params: { type: 'object', required: ['id', 'key'], properties: { ...ID_PARAMS.properties, key: { type: 'string', maxLength: 60, description: 'headline, or a judgement area’s key' } } },
        body: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 40000 } } },
        response: { ...json(200, 'The section as the task list shows it: its words and the expected length', ANY_OBJECT), ...errs(400, 401, 403, 404) },
      },
    },
    as(200, (user, req) => service.putSection(user, id(req), (req.params as { key: string }).key, body(req))),
  );
  app.get(
    '/api/inspections/:id/report.pdf',
    { schema: { summary: 'The report as it stands, typeset as Ofsted prints it (team, QA and admins from drafting on; the council from its accuracy check; everyone once published)', tags, security: BEARER, params: ID_PARAMS, response: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errs(401, 403, 404, 409, 503) } } },
    async (req, reply) => {
      try {
        const who = await bearerUser(service, req);
        const pdf = await service.reportPdf(who?.user ?? null, id(req));
        return reply.code(200).type('application/pdf').header('content-disposition', `inline; filename="inspection-${id(req)}-report.pdf"`).send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      } catch (err) {
        if (err instanceof WorkflowError) return sendError(reply, err);
        throw err;
      }
    },
  );
  app.get(
    '/api/inspections/:id/audit',
    { schema: { summary: 'Every action on the inspection: who, when, what, before and after (admins; append-only)', tags, security: BEARER, params: ID_PARAMS, response: { ...json(200, 'The audit trail', { type: 'array', items: ANY_OBJECT }), ...errs(401, 403, 404) } } },
    as(200, (user, req) => service.audit(user, id(req))),
  );
}
