// `ilacs extract`: read report PDFs and print what each holds, one line of
// JSON per file (--json) or a short readable summary.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FRAMEWORKS, gradeLabel } from '../../domain/frameworks.ts';
import { ReaderPool, type ReadResult, type Report } from '../../reader/index.ts';
import { UsageError, type Command, type CommandContext } from '../command.ts';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function pdfsUnder(folder: string, seen: Set<string>, out: string[]): Promise<void> {
  // A symlinked folder pointing back up the tree must not loop forever.
  const real = await realpath(folder);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await pdfsUnder(path, seen, out);
    else if (isFile && entry.name.toLowerCase().endsWith('.pdf')) out.push(path);
  }
}

/**
 * The files to read, in a stable order: the order of the arguments, and
 * sorted by name within folders. A path that does not exist is a usage error.
 */
export async function expandInputs(inputs: string[], warn: (msg: string) => void): Promise<string[]> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      missing.push(info.code === 'EACCES' ? `${input} (permission denied)` : input);
      continue;
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await pdfsUnder(input, new Set(), found);
      if (found.length === 0) warn(`no PDF files found in folder ${input}`);
      files.push(...found);
    } else {
      files.push(input);
    }
  }
  if (missing.length > 0) {
    throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  }
  return files;
}

function positiveNumber(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, not "${String(value)}"`);
  return n;
}

function summary(file: string, result: ReadResult): string {
  if (!result.ok) return `${file}\n  not read (${result.error.code}): ${result.error.message}\n`;
  const r: Report = result.report;
  const fw = FRAMEWORKS[r.framework];
  const la = r.localAuthority;
  const who = la.urn ? `${la.name} (URN ${la.urn})` : `${la.printedName} (not matched to a known authority)`;
  const dates = r.inspection.start || r.inspection.end ? `inspected ${r.inspection.start ?? '?'} to ${r.inspection.end ?? '?'}` : 'inspection dates not found';
  const lines = [file, `  ${who}`, `  ${fw.name} (${r.framework}), ${dates}${r.inspection.leadInspector ? `, lead inspector ${r.inspection.leadInspector}` : ''}`];
  for (const j of r.judgements) {
    const label = fw.judgements.find((d) => d.key === j.key)?.short ?? j.key;
    lines.push(`  ${label}: ${gradeLabel(j.grade, r.framework)} (page ${j.page})`);
  }
  const items = r.improvements.length;
  let improve = `  ${items} improvement item${items === 1 ? '' : 's'}`;
  if (r.lscbImprovements.length > 0) improve += `, and ${r.lscbImprovements.length} for the LSCB`;
  lines.push(improve, `  ${r.pageCount} pages, ${r.sections.length} sections`);
  if (r.flags.length > 0) {
    lines.push(`  PARTLY READ: ${r.flags.length} thing${r.flags.length === 1 ? '' : 's'} the reader could not read:`);
    for (const f of r.flags) lines.push(`    - ${f.code}: ${f.message}`);
  }
  return lines.join('\n') + '\n';
}

function jsonLine(file: string, result: ReadResult): string {
  const obj = result.ok ? { file, ok: true, report: result.report } : { file, ok: false, error: { code: result.error.code, message: result.error.message } };
  return JSON.stringify(obj) + '\n';
}

/** Writes with backpressure; resolves false once the reader has gone (e.g. `| head`). */
function writer(stream: NodeJS.WritableStream): { write(text: string): Promise<boolean> } {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return {
    async write(text: string) {
      if (gone) return false;
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            stream.off('drain', done);
            stream.off('error', done);
            stream.off('close', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
          stream.on('close', done);
        });
      }
      return !gone;
    },
  };
}

async function run(ctx: CommandContext): Promise<number> {
  const json = ctx.values.json === true;
  const workers = positiveNumber(ctx.values.workers, 'workers');
  const timeout = positiveNumber(ctx.values.timeout, 'timeout');
  const files = await expandInputs(ctx.positionals, (msg) => ctx.stderr.write(`ilacs extract: ${msg}\n`));
  if (files.length === 0) {
    ctx.stderr.write('ilacs extract: nothing to read\n');
    return 1;
  }
  const pool = new ReaderPool({
    ...(workers !== undefined ? { workers: Math.floor(workers) } : {}),
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
  });
  const out = writer(ctx.stdout);
  let failed = 0;
  let partly = 0;
  try {
    // Read in parallel, print in input order as soon as each file's turn comes.
    const pending = files.map((file) => pool.readFile(file));
    for (const [i, file] of files.entries()) {
      const result = await pending[i]!;
      if (!result.ok) failed++;
      else if (result.report.flags.length > 0) partly++;
      const open = await out.write(json ? jsonLine(file, result) : summary(file, result));
      // Nobody is reading any more (e.g. `| head`): stop instead of reading the rest.
      if (!open) break;
    }
  } finally {
    await pool.close();
  }
  if (!json) {
    const whole = files.length - failed - partly;
    ctx.stderr.write(`${whole} of ${files.length} file${files.length === 1 ? '' : 's'} read completely${partly ? `, ${partly} partly read` : ''}${failed ? `, ${failed} not read` : ''}\n`);
  }
  return failed > 0 || partly > 0 ? 1 : 0;
}

export const extractCommand: Command = {
  name: 'extract',
  summary: 'Read inspection report PDFs and print what each holds',
  usage: '[--json] <file|folder>...',
  description: [
    'Reads every PDF given; folders are searched recursively for *.pdf files.',
    'Every file is read even when some fail. With --json, prints one JSON object',
    'per file per line: {"file","ok":true,"report":{...}} or',
    '{"file","ok":false,"error":{"code","message"}}, in the order of the arguments',
    '(sorted by name within folders). A report the reader could not read completely',
    'is printed with its "flags" (what is missing and where the reader looked).',
    'Exit status: 0 when every file was read completely, 1 when any was not read or',
    'only partly read, 2 on a usage error.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print JSON Lines: one object per file' },
    workers: { type: 'string', value: 'N', description: 'Reader processes (default: one per core)' },
    timeout: { type: 'string', value: 'SECONDS', description: 'Processor time limit per file (default 30)' },
  },
  minArgs: 1,
  run,
};
