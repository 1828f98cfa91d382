// What people can do with an inspection, one function per action, each
// asking the authorisation table first: the JSON API and the pages are two
// faces of these. Errors carry the HTTP status and words to show.
import { FRAMEWORKS, frameworkInForce, GRADE_LABELS, isFrameworkId, type Framework, type JudgementKey } from '../domain/frameworks.ts';
import { INSPECTION_TYPES, isRole, type InspectionType, type Role } from '../domain/workflow.ts';
import { DuplicateEmailError } from '../store/index.ts';
import { hashPassword, passwordProblem } from './accounts.ts';
import type { InspectionRecord, InspectionSummary, UserRecord, WorkflowRecord } from '../store/index.ts';
import type { Report } from '../domain/report.ts';
import { actorOf, allowed, createOutcome, HTTP_STATUS, outcome, SEES, transitionOutcome, type Action, type Relation } from './access.ts';
import { checkComment, checkEvidence, checkImprovements, checkJudgements, checkSection, wordCount } from './content.ts';
import { availableMoves, decide, STATE_LABELS, type Move, type State } from './machine.ts';
import { archivePublished, publishedPdf, recordPublished, type Publication } from './publish.ts';
import { roundTrip, type ReadPdf, type RoundTrip } from './roundtrip.ts';
import { PrinterUnavailableError } from './chromium.ts';
import { describeChar, TypesetError, typesetReport, unprintableIn, type ReportSource } from './typeset.ts';
import { readReport } from '../reader/index.ts';
import { accuracyCheckOpen, checkMoveTiming, isIsoDate, scheduleProblems, timeline, type Timeline } from './timings.ts';

export interface Problem {
  field: string;
  message: string;
}

export class WorkflowError extends Error {
  readonly status: number;
  readonly problems: Problem[];
  constructor(status: number, message: string, problems: Problem[] = []) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

const invalid = (problems: Problem[]): WorkflowError => new WorkflowError(400, problems.map((p) => p.message).join(' '), problems);

/** The caller's relation to one inspection, as the authorisation table names it. */
export function relationOf(user: UserRecord | null, i: InspectionSummary): Relation {
  if (!user) return 'anonymous';
  if (user.role === 'admin') return 'admin';
  if (user.role === 'quality_assurance') return 'quality_assurance';
  if (user.role === 'council') return user.authoritySlug === i.authoritySlug ? 'council' : 'other_council';
  if (i.leadUserId === user.id) return 'lead';
  return i.teamUserIds.includes(user.id) ? 'team' : 'inspector';
}

const MESSAGES: Record<401 | 403, string> = {
  401: 'Sign in first: send "Authorization: Bearer <token>" with a token from POST /api/session.',
  403: 'Your account may not do that to this inspection at this stage.',
};

function refuse(status: number, id: number, action: string, state: State): WorkflowError {
  if (status === 404) return new WorkflowError(404, `There is no inspection ${id}.`);
  if (status === 401) return new WorkflowError(401, MESSAGES[401]);
  return new WorkflowError(403, `${MESSAGES[403]} (${action}, while it is ${STATE_LABELS[state].toLowerCase()}).`);
}

export interface Clock {
  now(): Date;
}
const today = (c: Clock): string => c.now().toISOString().slice(0, 10);

export interface InspectionView {
  id: number;
  authority: { slug: string; name: string };
  framework: { id: string; name: string };
  type: InspectionType;
  start: string;
  end: string;
  state: State;
  stateLabel: string;
  leadInspector: { email: string; name: string } | null;
  team: { email: string; name: string; lead: boolean }[];
  timeline: Timeline;
  notifiedOn: string | null;
  accuracyStartedOn: string | null;
  publishAt: string | null;
  publishedAt: string | null;
  judgements: { key: string; label: string; grade: string; gradeLabel: string; rationale: string | null; evidence: number[] }[];
  improvements: string[];
  /** The report's sections as a task list: each with its text, its word count and the framework's expected length. */
  sections: SectionTask[];
  /** Present only for those the table lets read evidence. */
  evidence?: InspectionRecord['evidence'];
  /** Present only for those the table lets read the council's comments. */
  accuracyComments?: InspectionRecord['comments'];
  /** The moves the caller could make now. */
  moves: { to: State; name: string }[];
  /** What the caller may do now, by action (for the pages' task list). */
  may: Partial<Record<Action, boolean>>;
}

export interface SectionTask {
  key: string;
  name: string;
  text: string;
  words: number;
  expected: { min: number; max: number };
  /** not_started, too_short, within or too_long (against the expected length: guidance, never a refusal). */
  status: 'not_started' | 'too_short' | 'within' | 'too_long';
}

/** The framework's sections of the report with what has been drafted of each. */
export function sectionTasks(i: Pick<InspectionRecord, 'framework' | 'sections'>): SectionTask[] {
  return (FRAMEWORKS[i.framework].sections ?? []).map((d) => {
    const text = i.sections[d.key] ?? '';
    const words = wordCount(text);
    const status = !words ? 'not_started' : words < d.words.min ? 'too_short' : words > d.words.max ? 'too_long' : 'within';
    return { key: d.key, name: d.name, text, words, expected: d.words, status };
  });
}

export class WorkflowService {
  readonly record: WorkflowRecord;
  readonly clock: Clock;
  /** Where published reports enter the public record; without it, publishing changes only the inspection's state. */
  readonly publication: Publication | null;
  /** How the round trip reads the typeset PDF back: the web service passes its reader pool's (child processes), so a read never stalls it. */
  readonly readPdf: ReadPdf;
  constructor(record: WorkflowRecord, clock: Clock = { now: () => new Date() }, publication: Publication | null = null, read: ReadPdf = readReport) {
    this.record = record;
    this.clock = clock;
    this.publication = publication;
    this.readPdf = read;
  }

  /** Loads an inspection and checks the caller may do `action` to it; a nonexistent one and a hidden one look alike. */
  async gate(user: UserRecord | null, id: number, action: Action): Promise<{ i: InspectionRecord; relation: Relation }> {
    const i = Number.isSafeInteger(id) && id > 0 ? await this.record.inspection(id) : undefined;
    if (!i) throw user ? new WorkflowError(404, `There is no inspection ${id}.`) : refuse(401, id, action, 'planned');
    const relation = relationOf(user, i);
    const o = outcome(action, relation, i.state);
    if (o !== 'allow') throw refuse(HTTP_STATUS[o], id, action, i.state);
    return { i, relation };
  }

  view(i: InspectionRecord, relation: Relation): InspectionView {
    const fw = FRAMEWORKS[i.framework];
    const lead = i.team.find((t) => t.lead);
    const may: Partial<Record<Action, boolean>> = {};
    for (const a of ['evidence.read', 'comments.read', 'evidence.add', 'judgements.put', 'improvements.put', 'sections.put', 'comments.add', 'report.pdf', 'audit'] as const) may[a] = allowed(a, relation, i.state);
    const moves = relation === 'anonymous' ? [] : availableMoves(i.state, actorOf(relation));
    return {
      id: i.id,
      authority: { slug: i.authoritySlug, name: i.authorityName },
      framework: { id: fw.id, name: fw.name },
      type: i.type,
      start: i.start,
      end: i.end,
      state: i.state,
      stateLabel: STATE_LABELS[i.state],
      leadInspector: lead ? { email: lead.email, name: lead.name } : null,
      team: i.team.map((t) => ({ email: t.email, name: t.name, lead: t.lead })),
      timeline: timeline(fw.workflow!, { start: i.start, end: i.end, accuracyStarted: i.accuracyStartedOn }),
      notifiedOn: i.notifiedOn,
      accuracyStartedOn: i.accuracyStartedOn,
      publishAt: i.publishAt,
      publishedAt: i.publishedAt,
      judgements: fw.judgements.flatMap((def) => {
        const j = i.judgements.find((x) => x.key === def.key);
        return j ? [{ key: j.key, label: def.label, grade: j.grade, gradeLabel: GRADE_LABELS[j.grade], rationale: j.rationale, evidence: j.evidenceIds }] : [];
      }),
      improvements: i.improvements,
      sections: sectionTasks(i),
      ...(may['evidence.read'] ? { evidence: i.evidence } : {}),
      ...(may['comments.read'] ? { accuracyComments: i.comments } : {}),
      moves: moves.map((m) => ({ to: m.to, name: m.name })),
      may,
    };
  }

  async read(user: UserRecord | null, id: number): Promise<InspectionView> {
    const { i, relation } = await this.gate(user, id, 'read');
    return this.view(i, relation);
  }

  /** The inspections the user may know of, newest first. */
  async list(user: UserRecord): Promise<{ summary: InspectionSummary; relation: Relation }[]> {
    const all = await this.record.listInspections();
    return all.map((summary) => ({ summary, relation: relationOf(user, summary) })).filter(({ summary, relation }) => SEES[relation].includes(summary.state));
  }

  async create(user: UserRecord | null, body: Record<string, unknown>): Promise<{ id: number; state: State }> {
    const o = createOutcome(!user ? 'anonymous' : user.role === 'admin' ? 'admin' : 'team');
    if (o === 'unauthenticated') throw new WorkflowError(401, MESSAGES[401]);
    if (o !== 'allow') throw new WorkflowError(403, 'Only an admin schedules inspections.');
    const problems: Problem[] = [];
    const str = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const authority = str('authority');
    const authorityName = authority ? await this.record.authorityName(authority) : undefined;
    if (!authorityName) problems.push({ field: 'authority', message: authority ? `There is no current council with the slug "${authority}".` : 'Choose the council to inspect.' });
    const fwId = str('framework');
    let fw: Framework | null = null;
    if (!isFrameworkId(fwId) || !FRAMEWORKS[fwId].workflow) {
      const usable = Object.values(FRAMEWORKS).filter((f) => f.workflow).map((f) => f.id);
      problems.push({ field: 'framework', message: `The framework must be one the workflow can run: ${usable.join(', ')}${fwId ? `, not "${fwId}"` : ''}.` });
    } else fw = FRAMEWORKS[fwId];
    const type = str('type');
    if (!(INSPECTION_TYPES as readonly string[]).includes(type)) problems.push({ field: 'type', message: 'The type is "short" (one week on site) or "standard" (two weeks).' });
    const start = str('start');
    const end = str('end');
    if (!isIsoDate(start)) problems.push({ field: 'start', message: 'The first day on site is a date written YYYY-MM-DD.' });
    if (!isIsoDate(end)) problems.push({ field: 'end', message: 'The last day on site is a date written YYYY-MM-DD.' });
    if (fw && isIsoDate(start) && isIsoDate(end) && (INSPECTION_TYPES as readonly string[]).includes(type)) {
      const inForce = frameworkInForce(fw.family, start);
      if (inForce && inForce.id !== fw.id) problems.push({ field: 'framework', message: `An inspection starting on ${start} is under ${inForce.id} (${inForce.name}), not ${fw.id}.` });
      for (const p of scheduleProblems(fw, type as InspectionType, start, end)) problems.push({ field: p.startsWith('Fieldwork starts') ? 'start' : 'end', message: p });
    }
    const leadEmail = str('leadInspector').toLowerCase();
    const teamEmails = Array.isArray(body.team) ? body.team.filter((e): e is string => typeof e === 'string').map((e) => e.trim().toLowerCase()).filter(Boolean) : [];
    if (body.team !== undefined && !Array.isArray(body.team)) problems.push({ field: 'team', message: 'The team is a list of inspectors’ email addresses.' });
    const users = await this.record.usersByEmail([leadEmail, ...teamEmails].filter(Boolean));
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const lead = byEmail.get(leadEmail);
    if (!lead || lead.role !== 'inspector' || lead.disabledAt) problems.push({ field: 'leadInspector', message: leadEmail ? `${leadEmail} is not an enabled inspector’s account.` : 'Name the lead inspector by email.' });
    for (const e of teamEmails) {
      const u = byEmail.get(e);
      if (!u || u.role !== 'inspector' || u.disabledAt) problems.push({ field: 'team', message: `${e} is not an enabled inspector’s account.` });
    }
    if (problems.length) throw invalid(problems);
    const id = await this.record.createInspection(
      { authoritySlug: authority, framework: fw!.id, type: type as InspectionType, start, end, leadUserId: lead!.id, teamUserIds: teamEmails.map((e) => byEmail.get(e)!.id) },
      user!.id,
      this.clock.now().toISOString(),
    );
    return { id, state: 'planned' };
  }

  async transition(user: UserRecord | null, id: number, to: unknown, comment: unknown, publishAt?: unknown): Promise<{ state: State; warnings: string[]; publishAt: string | null }> {
    const i = Number.isSafeInteger(id) && id > 0 ? await this.record.inspection(id) : undefined;
    if (!i) throw user ? new WorkflowError(404, `There is no inspection ${id}.`) : new WorkflowError(401, MESSAGES[401]);
    const relation = relationOf(user, i);
    const target = typeof to === 'string' ? to : '';
    const o = transitionOutcome(relation, i.state, target);
    if (o === 'unauthenticated') throw new WorkflowError(401, MESSAGES[401]);
    if (o === 'hidden') throw new WorkflowError(404, `There is no inspection ${id}.`);
    const d = decide(i.state, target, actorOf(relation as Exclude<Relation, 'anonymous'>));
    if (!d.ok) throw new WorkflowError(o === 'conflict' ? 409 : 403, d.message);
    const note = typeof comment === 'string' && comment.trim() ? comment.trim().slice(0, 2000) : null;
    const fw = FRAMEWORKS[i.framework];
    const day = today(this.clock);
    const check = checkMoveTiming(fw.workflow!, { start: i.start, end: i.end, accuracyStarted: i.accuracyStartedOn }, d.move, day);
    let when: string | null = null;
    if (d.move.to === 'published' && publishAt !== undefined && publishAt !== null && publishAt !== '') {
      const t = typeof publishAt === 'string' ? Date.parse(publishAt) : NaN;
      if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(String(publishAt))) throw invalid([{ field: 'publishAt', message: 'publishAt is a date and time, like 2027-03-01T09:30:00Z.' }]);
      if (t > this.clock.now().getTime()) when = new Date(t).toISOString();
    }
    const rt = d.move.to === 'accuracy_check' || d.move.to === 'published' ? await this.checkRoundTrip(i, d.move.to) : null;
    if (when) {
      // Scheduled: stays final until the scheduler publishes it at publishAt.
      if (when.slice(0, 10) <= i.end) throw new WorkflowError(409, `A report is published after fieldwork: the last day on site is ${i.end}.`);
      const ok = await this.record.move(id, i.state, i.state, user!.id, note, { publishAt: when }, this.clock.now().toISOString());
      if (!ok) throw new WorkflowError(409, 'The inspection changed while you were working: reload it and try again.');
      return { state: i.state, warnings: check.warnings, publishAt: when };
    }
    if (check.errors.length) throw new WorkflowError(409, check.errors.join(' '));
    const archived = d.move.to === 'published' && rt ? await this.archive(rt) : null;
    const stamp = d.move.to === 'notified' ? { notifiedOn: day } : d.move.to === 'accuracy_check' ? { accuracyStartedOn: day } : d.move.to === 'published' ? { publishedAt: this.clock.now().toISOString(), publishAt: null, ...(archived ? { publishedSha256: archived } : {}) } : {};
    const ok = await this.record.move(id, i.state, d.move.to, user!.id, note, stamp, this.clock.now().toISOString());
    if (!ok) throw new WorkflowError(409, 'The inspection changed while you were working: reload it and try again.');
    const warnings = [...check.warnings];
    if (archived && rt?.report) {
      const failed = await this.enterRecord(i.id, rt.report);
      if (failed) warnings.push(failed);
    }
    return { state: d.move.to, warnings, publishAt: null };
  }

  /**
   * Publishes every final inspection whose publishAt has come, and saves in
   * the public record any published report whose save failed before (the
   * server's scheduler calls this every minute).
   */
  async publishDue(): Promise<number[]> {
    const now = this.clock.now().toISOString();
    const done: number[] = [];
    const refused: string[] = [];
    for (const { id } of await this.record.duePublications(now)) {
      const i = await this.record.inspection(id);
      if (!i) continue;
      // Checked when it was scheduled; checked again, since the reader may have changed since.
      const rt = await roundTrip(reportSource(i), { read: this.readPdf });
      if (rt.differences.length) {
        refused.push(`Inspection ${id} was not published at its scheduled time: ${rt.differences.join(' ')}`);
        continue;
      }
      const archived = await this.archive(rt);
      if (await this.record.move(id, 'final', 'published', null, 'published at its scheduled time', { publishedAt: now, publishAt: null, ...(archived ? { publishedSha256: archived } : {}) }, now)) {
        done.push(id);
        if (archived && rt.report) {
          const failed = await this.enterRecord(id, rt.report);
          if (failed) refused.push(failed);
        }
      }
    }
    refused.push(...(await this.recordPending()));
    // The others are published; those refused stay final (and are tried again), and the scheduler logs why.
    if (refused.length) throw new WorkflowError(409, refused.join(' '));
    return done;
  }

  /**
   * Saves in the public record each published report whose save failed
   * (its PDF read back from the archive, by the reader); returns a sentence
   * for each that failed again.
   */
  async recordPending(): Promise<string[]> {
    if (!this.publication) return [];
    const failures: string[] = [];
    for (const { id, sha256 } of await this.record.unrecordedPublications()) {
      const pdf = await publishedPdf(this.publication.archiveDir, sha256);
      if (!pdf) {
        failures.push(`Inspection ${id} is published, but its report PDF (${sha256}) is missing from the archive in ${this.publication.archiveDir}: restore the file, or its report cannot enter the public record.`);
        continue;
      }
      const r = await this.readPdf(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      if (!r.ok) {
        failures.push(`Inspection ${id} is published, but its archived report PDF could not be read: ${r.error.message}.`);
        continue;
      }
      const failed = await this.enterRecord(id, r.report);
      if (failed) failures.push(failed);
    }
    return failures;
  }

  async addEvidence(user: UserRecord | null, id: number, body: Record<string, unknown>): Promise<{ id: number }> {
    const { i } = await this.gate(user, id, 'evidence.add');
    const c = checkEvidence(i.framework, body);
    if (!c.ok) throw invalid(c.problems);
    return { id: await this.record.addEvidence(id, user!.id, c.value, this.clock.now().toISOString()) };
  }

  async putJudgements(user: UserRecord | null, id: number, body: Record<string, unknown>): Promise<{ judgements: InspectionView['judgements'] }> {
    const { i, relation } = await this.gate(user, id, 'judgements.put');
    const detail = body.detail && typeof body.detail === 'object' ? (body.detail as Record<string, { rationale?: unknown; evidence?: unknown }>) : {};
    const c = checkJudgements(i.framework, body.judgements, detail, new Set(i.evidence.map((e) => e.id)));
    if (!c.ok) throw invalid(c.problems);
    await this.record.putJudgements(id, user!.id, c.value, this.clock.now().toISOString());
    return { judgements: this.view((await this.record.inspection(id))!, relation).judgements };
  }

  async putImprovements(user: UserRecord | null, id: number, body: Record<string, unknown>): Promise<{ items: string[] }> {
    await this.gate(user, id, 'improvements.put');
    const c = checkImprovements(body.items);
    if (!c.ok) throw invalid(c.problems);
    const unprintable: Problem[] = [];
    for (const [n, item] of c.value.entries()) {
      const bad = await unprintableIn(item);
      if (bad.length) unprintable.push({ field: `items[${n}]`, message: `Item ${n + 1} holds characters the report’s font cannot print (${bad.map(describeChar).join(', ')}): replace them.` });
    }
    if (unprintable.length) throw invalid(unprintable);
    await this.record.putImprovements(id, user!.id, c.value, this.clock.now().toISOString());
    return { items: c.value };
  }

  /** Drafts one section of the report (the lead inspector, on site and drafting); returns the section as the task list shows it. */
  async putSection(user: UserRecord | null, id: number, key: string, body: Record<string, unknown>): Promise<SectionTask> {
    const { i } = await this.gate(user, id, 'sections.put');
    const c = checkSection(i.framework, key, body.text);
    if (!c.ok) throw invalid(c.problems);
    const bad = await unprintableIn(c.value.text);
    if (bad.length) throw invalid([{ field: 'text', message: `The section holds characters the report’s font cannot print (${bad.map(describeChar).join(', ')}): replace them.` }]);
    await this.record.putSection(id, user!.id, c.value.key, c.value.text, this.clock.now().toISOString());
    return sectionTasks({ framework: i.framework, sections: { ...i.sections, [c.value.key]: c.value.text } }).find((t) => t.key === c.value.key)!;
  }

  async addComment(user: UserRecord | null, id: number, body: Record<string, unknown>): Promise<{ id: number }> {
    const { i } = await this.gate(user, id, 'comments.add');
    const open = accuracyCheckOpen(FRAMEWORKS[i.framework].workflow!, { start: i.start, end: i.end, accuracyStarted: i.accuracyStartedOn }, today(this.clock));
    if (!open.open) throw new WorkflowError(409, open.message);
    const c = checkComment(body.text, body.paragraph);
    if (!c.ok) throw invalid(c.problems);
    return { id: await this.record.addComment(id, user!.id, c.value.paragraph, c.value.text, this.clock.now().toISOString()) };
  }

  async audit(user: UserRecord | null, id: number) {
    await this.gate(user, id, 'audit');
    return this.record.audit(id);
  }

  /** Accounts, for admins: everyone's, newest last. */
  async accounts(user: UserRecord | null): Promise<UserRecord[]> {
    if (!user) throw new WorkflowError(401, MESSAGES[401]);
    if (user.role !== 'admin') throw new WorkflowError(403, 'Only an admin manages accounts.');
    return this.record.listUsers();
  }

  /** Adds an account (admins); the problems say what to change. */
  async addAccount(user: UserRecord | null, body: Record<string, unknown>): Promise<UserRecord> {
    await this.accounts(user);
    const str = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const problems: Problem[] = [];
    const email = str('email').toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'email', message: 'Enter an email address, like name@example.org.' });
    else if (await this.record.findUserForSignIn(email)) problems.push({ field: 'email', message: `There is already an account for ${email}.` });
    const name = str('name');
    if (!name) problems.push({ field: 'name', message: 'Enter the person’s name.' });
    const role = str('role');
    if (!isRole(role)) problems.push({ field: 'role', message: 'Choose a role.' });
    const authority = str('authority') || null;
    if (role === 'council' && !(authority && (await this.record.authorityName(authority)))) problems.push({ field: 'authority', message: 'Choose the council whose nominated officer this is.' });
    const password = typeof body.password === 'string' ? body.password : '';
    const pw = passwordProblem(password);
    if (pw) problems.push({ field: 'password', message: pw });
    if (problems.length) throw invalid(problems);
    try {
      return await this.record.addUser({ email, name, role: role as Role, authoritySlug: role === 'council' ? authority : null, passwordHash: await hashPassword(password) }, this.clock.now().toISOString(), user!.id);
    } catch (err) {
      if (err instanceof DuplicateEmailError) throw invalid([{ field: 'email', message: `There is already an account for ${email}.` }]);
      throw err;
    }
  }

  async setAccountDisabled(user: UserRecord | null, email: string, disabled: boolean): Promise<void> {
    await this.accounts(user);
    if (disabled && email.toLowerCase() === user!.email) throw new WorkflowError(409, 'You cannot disable your own account.');
    if (!(await this.record.setUserDisabled(email, disabled, this.clock.now().toISOString(), user!.id))) throw new WorkflowError(404, `There is no account for ${email}.`);
  }

  /** The report PDF as it stands: typeset from the inspection's judgements, improvement items and section texts. */
  async reportPdf(user: UserRecord | null, id: number): Promise<Uint8Array> {
    const { i } = await this.gate(user, id, 'report.pdf');
    // Once published, the PDF is the one published (archived under its hash), byte for byte.
    if (i.state === 'published' && i.publishedSha256 && this.publication) {
      const archived = await publishedPdf(this.publication.archiveDir, i.publishedSha256);
      if (archived) return new Uint8Array(archived.buffer, archived.byteOffset, archived.byteLength);
    }
    try {
      return await typesetReport(reportSource(i));
    } catch (err) {
      if (err instanceof TypesetError) throw new WorkflowError(409, `The report cannot be typeset: ${err.message}`);
      throw unavailable(err);
    }
  }

  /**
   * The gate before the council's accuracy check and before publication:
   * the typeset report, read back by ilacs's own reader, must give every
   * fact exactly as entered; otherwise the move is refused with the differences.
   */
  async checkRoundTrip(i: InspectionRecord, to: State): Promise<RoundTrip> {
    let rt: RoundTrip;
    try {
      rt = await roundTrip(reportSource(i), { read: this.readPdf });
    } catch (err) {
      throw unavailable(err);
    }
    if (rt.differences.length) {
      throw new WorkflowError(
        409,
        `The report cannot move to "${to}": read back from its typeset PDF, it does not give exactly what was entered. ${rt.differences.join(' ')}`,
        rt.differences.map((message) => ({ field: 'report', message })),
      );
    }
    return rt;
  }

  /** Archives the report PDF to be published (when this service publishes to a public record); its hash, or null. A failure refuses the move (503): nothing has changed yet. */
  private async archive(rt: RoundTrip): Promise<string | null> {
    if (!this.publication || !rt.pdf || !rt.report) return null;
    try {
      await archivePublished(this.publication, rt.pdf, rt.report.sha256);
    } catch (err) {
      throw new WorkflowError(503, `The report cannot be published now: its PDF could not be archived in ${this.publication.archiveDir} (${(err as Error).message}). Nothing has changed; try again once the archive folder is writable.`);
    }
    return rt.report.sha256;
  }

  /**
   * The published report enters the public record: its facts saved like any
   * report's, then marked on the inspection. Returns null, or (when the
   * save failed) a sentence saying so: the inspection stays published and
   * the save is retried by the scheduler (recordPending).
   */
  private async enterRecord(id: number, report: Report): Promise<string | null> {
    if (!this.publication) return null;
    try {
      const { reportId } = await recordPublished(this.publication, report, { inspectionId: id, listingDate: today(this.clock) });
      await this.record.markRecorded(id, reportId, this.clock.now().toISOString());
      return null;
    } catch (err) {
      return `Inspection ${id} is published, but its report could not be saved in the public record yet (${(err as Error).message}); ilacs tries again every minute.`;
    }
  }
}

/** Chromium missing or failing to start: the service cannot typeset now (503), in words that name the setting and the package. */
function unavailable(err: unknown): unknown {
  return err instanceof PrinterUnavailableError ? new WorkflowError(503, err.message) : err;
}

/** What the typesetter prints for an inspection: the lead inspector's name from their account, the drafted sections. */
export function reportSource(i: InspectionRecord): ReportSource {
  const lead = i.team.find((t) => t.lead);
  const sections: ReportSource['sections'] = {};
  for (const [key, text] of Object.entries(i.sections)) if (key !== 'headline' && text) sections[key as JudgementKey] = paragraphs(text);
  return {
    framework: i.framework,
    authorityName: i.authorityName,
    start: i.start,
    end: i.end,
    leadInspector: lead?.name ?? '',
    judgements: i.judgements.map((j) => ({ key: j.key, grade: j.grade })),
    headline: i.sections.headline ? paragraphs(i.sections.headline) : [],
    improvements: i.improvements,
    sections,
  };
}

const paragraphs = (text: string): string[] => text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

export type { Move };
