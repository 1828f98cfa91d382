// The snapshot: the record (authorities, reports with their source
// addresses, dates, judgements with evidence, improvement items, what the
// reader could not read, and each report's text by section) as gzipped JSON
// Lines. The project ships one so a fresh install has the record, and
// search over every report's words, before anyone has a PDF;
// `ilacs snapshot export|import` write and load the same format. Reports are
// keyed by their PDF's SHA-256, so ingesting the PDFs later finds them.
//
// Line 1: {"format":"ilacs-snapshot","version":2,"builtAt",...,"attribution"}
// Then:   {"type":"authority",...} and
//         {"type":"report","report":{...},"sourceUrl","listingDate","fileName","readerVersion","hasFullText"}
// Version 1 (no text, no reader version, no flags) still loads.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import { DATA_SOURCES } from '../domain/authorities.ts';
import { isFrameworkId, isGrade, JUDGEMENT_KEYS, type JudgementKey } from '../domain/frameworks.ts';
import { READ_FLAG_CODES, type ImprovementItem, type ReadFlag, type ReadFlagCode, type Report, type Section } from '../domain/report.ts';
import type { AuthoritySeed } from './authorities.ts';
import { FILE_OUTCOME, inWriteTransaction, markRefreshed, parseFlags, saveInTransaction } from './reports.ts';
import { finishRun, recordFile, startRun } from './runs.ts';
import type { Database } from './schema.ts';
import { makeFolders } from '../files.ts';

export const SNAPSHOT_FORMAT = 'ilacs-snapshot';
export const SNAPSHOT_VERSION = 2;
/** Older formats this version still loads. */
const READABLE_VERSIONS = [1, 2];
export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0. Source: Ofsted inspection reports on local authority children’s services (https://reports.ofsted.gov.uk/).';

/** The snapshot committed with the project, loaded into a new default database. */
export const SHIPPED_SNAPSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data-snapshot/ilacs-snapshot.jsonl.gz');

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  builtAt: string;
  attribution: string;
  /** How it was made, e.g. "ilacs reader over 452 PDFs of ../shared/corpus". */
  source: string;
  counts: { authorities: number; reports: number };
  /** Where the authorities' reference data comes from, with each source's licence and attribution. */
  authoritySources?: { title: string; url: string; licence: string; attribution: string }[];
}

export interface SnapshotReport {
  type: 'report';
  sourceUrl: string | null;
  listingDate: string | null;
  fileName: string | null;
  /** The reader version that read it (absent in version 1 snapshots: 0, older than any). */
  readerVersion?: number;
  /** True when report.sections is the report's full text (absent in version 1: false). */
  hasFullText?: boolean;
  report: Report;
}

export class SnapshotError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.userMessage = message;
  }
}

export async function exportSnapshot(db: Kysely<Database>, file: string, info: { source: string; builtAt?: string }): Promise<SnapshotHeader> {
  const authorities = await loadAuthorities(db);
  const links = await db.selectFrom('authority_links').selectAll().execute();
  const neighbours = await db.selectFrom('authority_neighbours').selectAll().orderBy('slug').orderBy('position').execute();
  const reports = await db.selectFrom('reports').selectAll().orderBy('authority_urn').orderBy('inspection_start').orderBy('sha256').execute();
  const judgements = await db.selectFrom('judgements').selectAll().orderBy('report_id').orderBy('position').execute();
  const improvements = await db.selectFrom('improvements').selectAll().orderBy('report_id').orderBy('list').orderBy('position').execute();
  const bySlug = new Map(authorities.map((a) => [a.slug, a]));
  const byUrn = new Map(authorities.filter((a) => a.urn).map((a) => [a.urn!, a]));

  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    builtAt: info.builtAt ?? new Date().toISOString(),
    attribution: OGL_ATTRIBUTION,
    source: info.source,
    counts: { authorities: authorities.length, reports: reports.length },
    authoritySources: DATA_SOURCES.map((d) => ({ title: d.title, url: d.url, licence: d.licence, attribution: d.attribution })),
  };

  makeFolders(path.dirname(path.resolve(file)));
  const tmp = `${file}.tmp-${process.pid}`;
  const jByReport = groupBy(judgements, (j) => j.report_id);
  const iByReport = groupBy(improvements, (i) => i.report_id);
  async function* lines(): AsyncGenerator<string> {
    yield JSON.stringify(header) + '\n';
    for (const a of authorities) yield JSON.stringify(authorityLine(a, bySlug, links, neighbours)) + '\n';
    for (const r of reports) {
      // Sections are read a report at a time: the whole corpus's text need not sit in memory.
      const sections = r.has_full_text === 1 ? await db.selectFrom('sections').select(['heading', 'text', 'page_from', 'page_to']).where('report_id', '=', r.id).orderBy('position').execute() : [];
      const items = iByReport.get(r.id) ?? [];
      const toItem = (i: (typeof items)[number]): ImprovementItem => ({ text: i.text, page: i.page, tag: i.tag });
      const authority = r.authority_urn ? byUrn.get(r.authority_urn) : undefined;
      const report: Report = {
        framework: r.framework,
        title: r.title,
        localAuthority: { urn: r.authority_urn ?? '', name: authority?.name ?? r.printed_name, printedName: r.printed_name },
        inspection: {
          start: r.inspection_start,
          end: r.inspection_end,
          leadInspector: r.lead_inspector,
          datesEvidence: r.dates_page !== null && r.dates_text !== null ? { page: r.dates_page, text: r.dates_text } : null,
          leadInspectorEvidence: r.lead_inspector_page !== null && r.lead_inspector_text !== null ? { page: r.lead_inspector_page, text: r.lead_inspector_text } : null,
        },
        judgements: (jByReport.get(r.id) ?? []).map((j) => ({ key: j.key, grade: j.grade, page: j.page, text: j.source_text })),
        improvements: items.filter((i) => i.list === 'main').map(toItem),
        lscbImprovements: items.filter((i) => i.list === 'lscb').map(toItem),
        sections: sections.map((x) => ({ heading: x.heading, text: x.text, pages: [Number(x.page_from), Number(x.page_to)] })),
        pageCount: r.page_count,
        sha256: r.sha256,
        flags: parseFlags(r.flags),
      };
      const line: SnapshotReport = {
        type: 'report',
        sourceUrl: r.source_url,
        listingDate: r.listing_date,
        fileName: r.file_name,
        readerVersion: Number(r.reader_version),
        hasFullText: r.has_full_text === 1,
        report,
      };
      yield JSON.stringify(line) + '\n';
    }
  }
  await pipeline(Readable.from(lines()), zlib.createGzip({ level: 9 }), fs.createWriteStream(tmp));
  fs.renameSync(tmp, file);
  return header;
}

type AuthorityDbRow = Awaited<ReturnType<typeof loadAuthorities>>[number];
const loadAuthorities = (db: Kysely<Database>) => db.selectFrom('authorities').selectAll().orderBy('slug').execute();

function authorityLine(
  a: AuthorityDbRow,
  bySlug: Map<string, AuthorityDbRow>,
  links: { predecessor_slug: string; successor_slug: string; effective: string | null }[],
  neighbours: { slug: string; position: number; neighbour_slug: string }[],
): Record<string, unknown> {
  const seed: AuthoritySeed & { type: string } = {
    urn: a.urn,
    slug: a.slug,
    name: a.name,
    officialName: a.official_name ?? a.name,
    laCode: a.la_code ?? '',
    gss: a.gss ?? '',
    formerGss: JSON.parse(a.former_gss) as string[],
    region: a.region ?? '',
    regionCode: a.region_code ?? '',
    type: (a.type ?? 'unitary') as AuthoritySeed['type'],
    current: a.is_current === 1,
    start: a.start_date,
    end: a.end_date,
    names: JSON.parse(a.alt_names) as string[],
    trusts: JSON.parse(a.trusts) as string[],
    statisticalNeighbours: neighbours
      .filter((n) => n.slug === a.slug)
      .map((n) => ({ slug: n.neighbour_slug, urn: bySlug.get(n.neighbour_slug)?.urn ?? null, laCode: bySlug.get(n.neighbour_slug)?.la_code ?? '' })),
    population0to25: a.population_0_25,
    predecessors: links
      .filter((l) => l.successor_slug === a.slug)
      .map((l) => ({ slug: l.predecessor_slug, urn: bySlug.get(l.predecessor_slug)?.urn ?? null, name: bySlug.get(l.predecessor_slug)?.name ?? l.predecessor_slug, date: l.effective ?? '' })),
  };
  return { ...seed, type: 'authority', authorityType: seed.type };
}

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export interface ImportSummary {
  header: SnapshotHeader;
  runId: number;
  seen: number;
  /** Reports the record did not have. */
  added: number;
  /** Reports the record had as facts only that gained their text. */
  textAdded: number;
  /** Reports whose facts a newer reader's (the snapshot's) replaced. */
  reread: number;
  unchanged: number;
}

export interface ImportOptions {
  /** Longest line accepted, in bytes (default 64 MiB): a longer one is not a snapshot line, and is never held in memory whole. */
  maxLineBytes?: number;
  /** The present, for refusing build dates in the future (tests). */
  now?: Date;
}

export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Clocks differ: a build date this far ahead of ours is still accepted. */
const CLOCK_SKEW_MS = 10 * 60 * 1000;
/** How many bad lines an error lists before "and N more". */
const PROBLEMS_SHOWN = 10;

/**
 * The lines of a gzipped file, streamed: each line's bytes are gathered only
 * up to maxLineBytes, so a file of one huge line costs no more memory than
 * that. Errors (unreadable file, broken or cut-short gzip, a line too long,
 * bytes that are not UTF-8) are SnapshotErrors naming the file.
 */
async function* snapshotLines(file: string, maxLineBytes: number): AsyncGenerator<{ lineNo: number; text: string }> {
  let input: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    input = fs.createReadStream(file);
  } catch {
    throw new SnapshotError(`${file}: no such file, or it cannot be read`);
  }
  const gunzip = zlib.createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNo = 0;
  let parts: Buffer[] = [];
  let size = 0;
  const finish = (): { lineNo: number; text: string } => {
    lineNo++;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    try {
      return { lineNo, text: decoder.decode(bytes) };
    } catch {
      throw new SnapshotError(`${file}: line ${lineNo} is not UTF-8 text; snapshots are gzipped JSON Lines written by ilacs snapshot export`);
    }
  };
  const tooLong = (): SnapshotError =>
    new SnapshotError(`${file}: line ${lineNo + 1} is longer than ${Math.round(maxLineBytes / 1024 / 1024)} MiB, far more than any report takes; this is not a snapshot ilacs wrote (nothing was imported)`);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(10, from);
        const end = nl === -1 ? chunk.length : nl;
        if (size + (end - from) > maxLineBytes) throw tooLong();
        if (end > from) {
          parts.push(chunk.subarray(from, end));
          size += end - from;
        }
        if (nl === -1) break;
        yield finish();
        from = nl + 1;
      }
    }
  } catch (err) {
    if (err instanceof SnapshotError) throw err;
    const message = (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'the file ends early: it was cut short' : (err as Error).message;
    throw new SnapshotError(`${file} is not a readable snapshot (${message}); snapshots are gzipped JSON Lines written by ilacs snapshot export`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (size > 0) yield finish();
}

type SnapshotLine = { lineNo: number; kind: 'header'; header: SnapshotHeader } | { lineNo: number; kind: 'authority'; value: Record<string, unknown> } | { lineNo: number; kind: 'report'; value: SnapshotReport };

/** Each line parsed and checked; a line that cannot be loaded is a problem (thrown for the header, passed to onProblem for the rest). */
async function* parsedLines(file: string, options: ImportOptions, onProblem: (lineNo: number, problem: string) => void): AsyncGenerator<SnapshotLine> {
  let header: SnapshotHeader | null = null;
  for await (const { lineNo, text } of snapshotLines(file, options.maxLineBytes ?? MAX_LINE_BYTES)) {
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (!header) throw new SnapshotError(`${file} is not a snapshot: its first line is not JSON`);
      onProblem(lineNo, 'not valid JSON');
      continue;
    }
    if (!header) {
      header = checkHeader(value, file, options.now ?? new Date());
      yield { lineNo, kind: 'header', header };
      continue;
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (type === 'authority') {
      const problem = checkAuthority(value);
      if (problem) onProblem(lineNo, problem);
      else yield { lineNo, kind: 'authority', value: value as Record<string, unknown> };
    } else if (type === 'report') {
      const problem = checkReport(value);
      if (problem) onProblem(lineNo, problem);
      else yield { lineNo, kind: 'report', value: value as SnapshotReport };
    } else {
      onProblem(lineNo, `a line of type ${JSON.stringify(type ?? null)}, which a snapshot does not have`);
    }
  }
  if (!header) throw new SnapshotError(`${file} is empty: it holds no snapshot`);
}

/**
 * Loads a snapshot, all or nothing. The whole file is read and every line
 * checked first; then every report, authority and the refresh date are
 * applied in one transaction. A file that is cut short, holds a bad line or
 * a line too long, or any failure while applying, leaves the record exactly
 * as it was; the run is recorded as failed, never left running. Reports are
 * keyed by hash: one already stored (from an earlier import or its PDF) is
 * left as it is, so importing twice adds nothing.
 */
export async function importSnapshot(db: Kysely<Database>, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const header = await readSnapshotHeader(file, options);
  const runId = await startRun(db, 'snapshot import');
  const summary = { seen: 0, added: 0, textAdded: 0, reread: 0, unchanged: 0 };
  try {
    // First pass: read and check everything, writing nothing.
    const problems: string[] = [];
    let bad = 0;
    const onProblem = (lineNo: number, problem: string): void => {
      bad++;
      if (problems.length < PROBLEMS_SHOWN) problems.push(`line ${lineNo}: ${problem}`);
    };
    for await (const line of parsedLines(file, options, onProblem)) if (line.kind === 'report') summary.seen++;
    if (bad > 0) {
      throw new SnapshotError(
        `${file}: ${bad === 1 ? 'a line' : `${bad} lines`} cannot be loaded, so nothing was imported:\n  ${problems.join('\n  ')}${bad > problems.length ? `\n  and ${bad - problems.length} more` : ''}`,
      );
    }
    // Second pass: apply it all in one transaction (the file is checked again as it is read, in case it changed).
    await inWriteTransaction(db, async (trx) => {
      const failOnProblem = (lineNo: number, problem: string): never => {
        throw new SnapshotError(`${file} changed while it was imported (line ${lineNo}: ${problem}); nothing was imported`);
      };
      let seen = 0;
      for await (const line of parsedLines(file, options, failOnProblem)) {
        if (line.kind === 'authority') await importAuthority(trx, line.value);
        if (line.kind !== 'report') continue;
        seen++;
        const { report, sourceUrl, listingDate, fileName, readerVersion, hasFullText } = line.value;
        const fullText = hasFullText === true;
        const saved = await saveInTransaction(
          trx,
          { ...report, sections: fullText ? report.sections : [], flags: report.flags ?? [] },
          { sourceUrl, listingDate, fileName },
          { fullText, readerVersion: readerVersion ?? 0 },
        );
        summary[saved.outcome]++;
        await recordFile(trx, runId, { path: `${file}#${fileName ?? `line ${line.lineNo}`}`, sha256: report.sha256, outcome: FILE_OUTCOME[saved.outcome], reportId: saved.reportId });
      }
      if (seen !== summary.seen) throw new SnapshotError(`${file} changed while it was imported; nothing was imported`);
      const built = await trx.selectFrom('meta').select('value').where('key', '=', 'snapshot_built_at').executeTakeFirst();
      if (!built || built.value < header.builtAt) {
        await trx
          .insertInto('meta')
          .values({ key: 'snapshot_built_at', value: header.builtAt })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: header.builtAt }))
          .execute();
      }
      // The snapshot's reports were read when it was built: that is the record's refresh date, not now.
      await markRefreshed(trx, header.builtAt);
    });
  } catch (err) {
    await finishRun(db, runId, { seen: summary.seen, added: 0, unchanged: 0, failed: summary.seen }, 'failed').catch(() => {});
    throw err;
  }
  await finishRun(db, runId, { ...summary, failed: 0 });
  return { header, runId, ...summary };
}

/** The first line of a snapshot, read without loading the rest. */
export async function readSnapshotHeader(file: string, options: ImportOptions = {}): Promise<SnapshotHeader> {
  for await (const line of parsedLines(file, options, () => {})) {
    if (line.kind === 'header') return line.header;
  }
  throw new SnapshotError(`${file} is empty: it holds no snapshot`);
}

function checkHeader(value: unknown, file: string, now: Date): SnapshotHeader {
  const h = value as Partial<SnapshotHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`${file} is not an ilacs snapshot (its first line has no "format": "${SNAPSHOT_FORMAT}")`);
  if (!READABLE_VERSIONS.includes(h.version as number)) throw new SnapshotError(`${file} is snapshot format version ${String(h.version)}; this version of ilacs reads versions ${READABLE_VERSIONS.join(' and ')}`);
  // The build date becomes "data last refreshed": it must be a real time, and not one still to come.
  const built = isStr(h.builtAt) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(h.builtAt) ? Date.parse(h.builtAt) : NaN;
  if (Number.isNaN(built)) throw new SnapshotError(`${file}: the build date ${JSON.stringify(h.builtAt ?? null)} is not a UTC date and time (e.g. 2026-01-31T12:00:00Z); nothing was imported`);
  if (built > now.getTime() + CLOCK_SKEW_MS) throw new SnapshotError(`${file} says it was built on ${h.builtAt}, which is in the future (it is now ${now.toISOString()}); nothing was imported. Check the clock of the machine that built it, or of this one.`);
  return h as SnapshotHeader;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isPage = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

/** Why a report line cannot be loaded, or null when it can. */
export function checkReport(value: unknown): string | null {
  const line = value as Partial<SnapshotReport>;
  const r = line.report as Partial<Report> | undefined;
  if (!r || typeof r !== 'object') return 'no "report" object';
  if (!isStr(r.sha256) || !/^[0-9a-f]{64}$/.test(r.sha256)) return 'report.sha256 is not a SHA-256 hex digest';
  if (!isFrameworkId(r.framework)) return `report.framework ${JSON.stringify(r.framework)} is not a known framework`;
  if (!isStr(r.title)) return 'report.title is missing';
  if (!r.localAuthority || !isStr(r.localAuthority.urn) || !isStr(r.localAuthority.printedName)) return 'report.localAuthority is incomplete';
  if (!r.inspection || !isStrOrNull(r.inspection.start) || !isStrOrNull(r.inspection.end) || !isStrOrNull(r.inspection.leadInspector)) return 'report.inspection is incomplete';
  if (!Number.isInteger(r.pageCount)) return 'report.pageCount is not a number';
  if (!Array.isArray(r.judgements) || !r.judgements.every((j) => JUDGEMENT_KEYS.includes(j?.key as JudgementKey) && isGrade(j?.grade) && isPage(j?.page) && isStr(j?.text))) return 'report.judgements are malformed';
  const items = (v: unknown): boolean => Array.isArray(v) && v.every((i: Partial<ImprovementItem>) => isStr(i?.text) && isPage(i?.page) && isStrOrNull(i?.tag));
  if (!items(r.improvements) || !items(r.lscbImprovements)) return 'report improvement items are malformed';
  if (!isStrOrNull(line.sourceUrl ?? null) || !isStrOrNull(line.listingDate ?? null)) return 'sourceUrl or listingDate is malformed';
  if (line.readerVersion !== undefined && !(Number.isInteger(line.readerVersion) && line.readerVersion >= 0)) return 'readerVersion is not a whole number';
  if (line.hasFullText !== undefined && typeof line.hasFullText !== 'boolean') return 'hasFullText is not true or false';
  if (line.hasFullText === true && !(Array.isArray(r.sections) && r.sections.every((x: Partial<Section>) => isStr(x?.heading) && isStr(x?.text) && Array.isArray(x?.pages) && isPage(x.pages[0]) && isPage(x.pages[1])))) return 'report.sections are malformed';
  if (r.flags !== undefined && !(Array.isArray(r.flags) && r.flags.every((f: Partial<ReadFlag>) => READ_FLAG_CODES.includes(f?.code as ReadFlagCode) && isStr(f?.message)))) return 'report.flags are malformed';
  return null;
}

/** Why an authority line cannot be loaded, or null when it can. */
export function checkAuthority(value: unknown): string | null {
  const a = value as Record<string, unknown>;
  if (!isStr(a.slug) || !/^[a-z0-9][a-z0-9-]{0,80}$/.test(a.slug)) return 'authority.slug is missing or not an address key';
  if (!isStr(a.name) || !a.name.trim()) return 'authority.name is missing';
  for (const key of ['urn', 'laCode', 'officialName', 'region', 'regionCode', 'authorityType', 'gss', 'start', 'end'] as const) {
    if (a[key] !== undefined && !isStrOrNull(a[key])) return `authority.${key} is not text`;
  }
  for (const key of ['formerGss', 'names', 'trusts'] as const) {
    if (a[key] !== undefined && !(Array.isArray(a[key]) && (a[key] as unknown[]).every(isStr))) return `authority.${key} is not a list of text`;
  }
  if (a.population0to25 !== undefined && a.population0to25 !== null && typeof a.population0to25 !== 'number') return 'authority.population0to25 is not a number';
  return null;
}

async function importAuthority(db: Kysely<Database>, a: Record<string, unknown>): Promise<void> {
  // The project's own reference data wins: the snapshot only adds an authority this database lacks.
  if (!isStr(a.slug) || !isStr(a.name)) return;
  await db
    .insertInto('authorities')
    .values({
      slug: a.slug,
      urn: isStr(a.urn) ? a.urn : null,
      la_code: isStr(a.laCode) ? a.laCode : null,
      name: a.name,
      official_name: isStr(a.officialName) ? a.officialName : null,
      region: isStr(a.region) ? a.region : null,
      region_code: isStr(a.regionCode) ? a.regionCode : null,
      type: isStr(a.authorityType) ? a.authorityType : null,
      gss: isStr(a.gss) ? a.gss : null,
      former_gss: JSON.stringify(Array.isArray(a.formerGss) ? a.formerGss : []),
      alt_names: JSON.stringify(Array.isArray(a.names) ? a.names : []),
      trusts: JSON.stringify(Array.isArray(a.trusts) ? a.trusts : []),
      is_current: a.current === false ? 0 : 1,
      start_date: isStr(a.start) ? a.start : null,
      end_date: isStr(a.end) ? a.end : null,
      population_0_25: typeof a.population0to25 === 'number' ? a.population0to25 : null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
