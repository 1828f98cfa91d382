// The snapshot: the record's facts (authorities, reports with their source
// addresses, dates, judgements with evidence, improvement items; no full
// text) as gzipped JSON Lines. The project ships one so a fresh install has
// data before anyone has a PDF; `ilacs snapshot export|import` write and
// load the same format. Reports are keyed by their PDF's SHA-256, so
// ingesting the PDFs later adds their full text to the same reports.
//
// Line 1: {"format":"ilacs-snapshot","version":1,"builtAt",...,"attribution"}
// Then:   {"type":"authority",...} and {"type":"report","report":{...},"sourceUrl","listingDate","fileName"}
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import { DATA_SOURCES } from '../domain/authorities.ts';
import { isFrameworkId, isGrade, JUDGEMENT_KEYS, type JudgementKey } from '../domain/frameworks.ts';
import type { ImprovementItem, Report } from '../domain/report.ts';
import type { AuthoritySeed } from './authorities.ts';
import { saveReport } from './reports.ts';
import { finishRun, recordFile, startRun } from './runs.ts';
import type { Database } from './schema.ts';

export const SNAPSHOT_FORMAT = 'ilacs-snapshot';
export const SNAPSHOT_VERSION = 1;
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
  /** A Report without sections (facts only). */
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
  const authorities = await db.selectFrom('authorities').selectAll().orderBy('slug').execute();
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

  const lines: string[] = [JSON.stringify(header)];
  for (const a of authorities) {
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
    lines.push(JSON.stringify({ ...seed, type: 'authority', authorityType: seed.type }));
  }

  const jByReport = groupBy(judgements, (j) => j.report_id);
  const iByReport = groupBy(improvements, (i) => i.report_id);
  for (const r of reports) {
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
      sections: [],
      pageCount: r.page_count,
      sha256: r.sha256,
      flags: [],
    };
    const line: SnapshotReport = { type: 'report', sourceUrl: r.source_url, listingDate: r.listing_date, fileName: r.file_name, report };
    lines.push(JSON.stringify(line));
  }

  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await pipeline(Readable.from([lines.join('\n') + '\n']), zlib.createGzip({ level: 9 }), fs.createWriteStream(tmp));
  fs.renameSync(tmp, file);
  return header;
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
  added: number;
  unchanged: number;
  failed: { file: string; code: string; message: string }[];
}

/**
 * Loads a snapshot: each report in its own transaction, keyed by hash, so a
 * report already stored (from an earlier import or from its PDF) is left as
 * it is, and an interrupted import can simply be run again.
 */
export async function importSnapshot(db: Kysely<Database>, file: string): Promise<ImportSummary> {
  let input: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    input = fs.createReadStream(file);
  } catch {
    throw new SnapshotError(`${file}: no such file, or it cannot be read`);
  }
  const gunzip = zlib.createGunzip();
  const lines = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  const unreadable = (err: unknown): SnapshotError =>
    new SnapshotError(`${file} is not a readable snapshot (${(err as Error).message}); snapshots are gzipped JSON Lines written by ilacs snapshot export`);
  const streamError = new Promise<never>((_, reject) => {
    input.on('error', (err) => reject(unreadable(err)));
    gunzip.on('error', (err) => reject(unreadable(err)));
  });
  streamError.catch(() => {});
  // readline may surface a stream's error itself, before the race sees it.
  const nextLine = (it: AsyncIterator<string>): Promise<IteratorResult<string>> =>
    Promise.race([it.next(), streamError]).catch((err: unknown) => {
      throw err instanceof SnapshotError ? err : unreadable(err);
    });

  let header: SnapshotHeader | null = null;
  let runId = 0;
  const summary = { seen: 0, added: 0, unchanged: 0, failed: [] as ImportSummary['failed'] };
  const iterator = lines[Symbol.asyncIterator]();
  let lineNo = 0;
  try {
    for (;;) {
      const next = await nextLine(iterator);
      if (next.done) break;
      lineNo++;
      const text = next.value.trim();
      if (!text) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        if (!header) throw new SnapshotError(`${file} is not a snapshot: its first line is not JSON`);
        summary.seen++;
        summary.failed.push({ file: `line ${lineNo}`, code: 'invalid_line', message: 'not valid JSON' });
        continue;
      }
      if (!header) {
        header = checkHeader(value, file);
        runId = await startRun(db, 'snapshot import');
        continue;
      }
      const obj = value as { type?: unknown };
      if (obj.type === 'authority') {
        await importAuthority(db, value as Record<string, unknown>);
        continue;
      }
      if (obj.type !== 'report') continue;
      summary.seen++;
      const problem = checkReport(value);
      const label = `line ${lineNo}`;
      if (problem) {
        summary.failed.push({ file: label, code: 'invalid_line', message: problem });
        await recordFile(db, runId, { path: `${file}#${label}`, sha256: null, outcome: 'failed', errorCode: 'invalid_line', errorMessage: problem });
        continue;
      }
      const line = value as SnapshotReport;
      const saved = await saveReport(db, { ...line.report, sections: [] }, { sourceUrl: line.sourceUrl, listingDate: line.listingDate, fileName: line.fileName }, { fullText: false });
      const outcome = saved.outcome === 'unchanged' ? 'unchanged' : 'added';
      summary[outcome]++;
      await recordFile(db, runId, { path: `${file}#${line.fileName ?? label}`, sha256: line.report.sha256, outcome, reportId: saved.reportId });
    }
  } catch (err) {
    if (runId) await finishRun(db, runId, { seen: summary.seen, added: summary.added, unchanged: summary.unchanged, failed: summary.failed.length }, 'failed').catch(() => {});
    throw err;
  } finally {
    lines.close();
    input.destroy();
  }
  if (!header) throw new SnapshotError(`${file} is empty: it holds no snapshot`);
  await finishRun(db, runId, { seen: summary.seen, added: summary.added, unchanged: summary.unchanged, failed: summary.failed.length });
  for (const [key, value] of [
    ['snapshot_built_at', header.builtAt],
    ['data_refreshed_at', header.builtAt],
  ] as const) {
    const current = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    if (!current || current.value < value) {
      await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
  }
  return { header, runId, ...summary };
}

/** The first line of a snapshot, read without loading the rest. */
export async function readSnapshotHeader(file: string): Promise<SnapshotHeader> {
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input: input.pipe(zlib.createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) return checkHeader(JSON.parse(line), file);
    throw new SnapshotError(`${file} is empty: it holds no snapshot`);
  } finally {
    lines.close();
    input.destroy();
  }
}

function checkHeader(value: unknown, file: string): SnapshotHeader {
  const h = value as Partial<SnapshotHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`${file} is not an ilacs snapshot (its first line has no "format": "${SNAPSHOT_FORMAT}")`);
  if (h.version !== SNAPSHOT_VERSION) throw new SnapshotError(`${file} is snapshot format version ${String(h.version)}; this version of ilacs reads version ${SNAPSHOT_VERSION}`);
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
