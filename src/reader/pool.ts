// Reads many files at once in reader processes: child processes, each
// reading one file at a time and reused from file to file. Each file is
// bounded in memory (everything the process holds, buffers outside the
// JavaScript heap included), processor time and output; a file that passes
// a bound gets a `too_large` or `too_complex` error, its process is ended
// and replaced, and the rest of the batch carries on.
//
// How the bounds hold (Linux; see README "Reading reports"):
// - pdf.js stops decoding a stream past 128 MB, and the reader stops a
//   document whose text runs past its limit (both inside the process, which
//   then carries on with the next file);
// - the pool samples each busy process's resident memory and processor
//   time from /proc every few milliseconds and kills one that passes its
//   limits;
// - each process runs under a hard data-segment limit (setrlimit, through
//   the shell's `ulimit -d`), so even an allocation faster than the sampling
//   fails instead of taking the machine's memory.
// Elsewhere only the time limit (wall-clock) and the JavaScript heap limit hold.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sha256Of, sha256OfFile } from './digest.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HEAP_MB, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_PAGES, DEFAULT_MAX_TEXT_UNITS, DEFAULT_TIMEOUT_MS } from './limits.ts';
import type { ReadErrorCode, ReadResult } from '../domain/report.ts';
import type { TextResult } from './read.ts';
import { CONFIG_ENV, type WorkerConfig, type WorkerReply, type WorkerRequest } from './worker-protocol.ts';

export interface ReaderPoolOptions {
  /** Reader processes; default one per core. */
  workers?: number;
  /**
   * Per-file time limit in milliseconds; default 30 000. Counted in the
   * reader process's processor time where the system reports it (Linux),
   * so a busy machine does not fail files; a file also fails after twice
   * this in wall-clock time, whatever it is waiting for.
   */
  timeoutMs?: number;
  /** Per-process JavaScript heap limit in MB; default 512 (at most maxMemoryMb). */
  maxHeapMb?: number;
  /** Per-process resident memory limit in MB, everything counted; default 512. */
  maxMemoryMb?: number;
  /** Page cap passed to the reader; default 200. */
  maxPages?: number;
  /** Page cap for documents read as plain text (readText); default 500. */
  maxTextPages?: number;
  /** Size cap passed to the reader; default 100 MB. */
  maxBytes?: number;
  /** Text cap passed to the reader, in characters plus one per text item; default 8 million. */
  maxTextUnits?: number;
}

type Source = { path: string } | { bytes: Uint8Array };
type Mode = 'report' | 'text';

interface Task {
  id: number;
  mode: Mode;
  source: Source;
  /** Hashed up front for bytes, which are gone from this process once sent. */
  sha256: string;
  resolve: (r: ReadResult | TextResult) => void;
}

interface Slot {
  child: ChildProcess;
  task: Task | null;
  /** Wall-clock backstop (or, before the process is ready, its start-up limit). */
  timer: NodeJS.Timeout | null;
  /** Set once the slot's process is being torn down, so its exit is not mistaken for a crash. */
  retired: boolean;
  /** The process has loaded the reader; files are sent, and clocks start, only then. */
  ready: boolean;
  /** Processor time (clock ticks) the process had used when its current file was sent. */
  cpuAtStart: number;
  /** The last lines the process wrote to stderr: how a crash says it ran out of memory. */
  stderrTail: string;
}

const WORKER_PATH = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** Loading pdf.js takes a second or so, much longer on a busy machine; this bounds a process that never comes up. */
const STARTUP_LIMIT_MS = 120_000;
/** How often busy processes' memory and processor time are sampled. */
const SAMPLE_MS = 25;
/** Linux reports processor time in clock ticks of 1/100 s (USER_HZ) to user space. */
const TICKS_PER_SECOND = 100;
/**
 * The hard data-segment limit is the memory limit plus this: V8 reserves
 * (without using) about 600 MB of address space that counts as data, so the
 * process can still start and read, while a runaway allocation fails.
 */
const DATA_LIMIT_HEADROOM_MB = 1024;
const PROC = existsSync('/proc/self/stat');
const SHELL = process.platform !== 'win32' && existsSync('/bin/sh') ? '/bin/sh' : null;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Resident memory (bytes) and processor time (ticks) of a process, from /proc; null when gone or not Linux. */
export function processUsage(pid: number): { rss: number; cpuTicks: number } | null {
  if (!PROC) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { rss: rssKb * 1024, cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

/** Whether a process's last words say it ran out of memory (V8's heap, or an allocation refused by the data limit). */
function outOfMemory(stderrTail: string, signal: NodeJS.Signals | null): boolean {
  return /out of memory|allocation failed|bad_alloc|Cannot allocate memory|Reached heap limit|Array buffer allocation/i.test(stderrTail) || (signal === 'SIGABRT' && stderrTail === '');
}

export class ReaderPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly maxHeapMb: number;
  readonly maxMemoryMb: number;
  readonly maxPages: number;
  readonly maxTextPages: number;
  readonly maxBytes: number;
  readonly maxTextUnits: number;
  #slots: Slot[] = [];
  #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  #sampler: NodeJS.Timeout | null = null;
  /** How many processes were replaced after a limit or a crash (for tests and diagnostics). */
  replacements = 0;

  constructor(options: ReaderPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxMemoryMb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    this.maxHeapMb = Math.min(options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB, this.maxMemoryMb);
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.maxTextPages = options.maxTextPages ?? 500;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxTextUnits = options.maxTextUnits ?? DEFAULT_MAX_TEXT_UNITS;
  }

  /** Process ids of the reader processes now running (for tests and memory measurements). */
  get pids(): number[] {
    return this.#slots.flatMap((s) => (s.child.pid !== undefined && !s.retired ? [s.child.pid] : []));
  }

  /** Reads a file by path; the reader process reads the file itself. */
  readFile(path: string): Promise<ReadResult> {
    return this.#submit('report', { path }) as Promise<ReadResult>;
  }

  /**
   * Reads bytes the caller holds; they are copied to a reader process. With
   * `transfer` the caller gives them up: a whole buffer is detached once
   * sent, so its memory goes as soon as it can. A caller that has hashed
   * the bytes already passes `sha256`, saving a second pass over them.
   */
  readBytes(bytes: Uint8Array, options: { transfer?: boolean; sha256?: string } = {}): Promise<ReadResult> {
    return this.#submit('report', { bytes }, options) as Promise<ReadResult>;
  }

  /**
   * A document's plain text (not read as a report): for letters and other
   * publications kept for search. The same bounds apply.
   */
  readText(bytes: Uint8Array, options: { transfer?: boolean; sha256?: string } = {}): Promise<TextResult> {
    return this.#submit('text', { bytes }, options) as Promise<TextResult>;
  }

  /** Ends the reader processes. Files still queued get an error saying the pool closed. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopSampler();
    for (const task of this.#queue.splice(0)) {
      task.resolve(this.#failure(task, 'damaged', 'the reader was shut down before this file was read'));
    }
    const slots = this.#slots.splice(0);
    await Promise.all(
      slots.map((slot) => {
        slot.retired = true;
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.task) slot.task.resolve(this.#failure(slot.task, 'damaged', 'the reader was shut down before this file was read'));
        slot.task = null;
        return this.#kill(slot);
      }),
    );
  }

  #submit(mode: Mode, source: Source, options: { transfer?: boolean; sha256?: string } = {}): Promise<ReadResult | TextResult> {
    return new Promise((resolve) => {
      // Bytes not handed over are copied now: they are sent only when a
      // reader is free, and the caller may reuse its buffer meanwhile.
      const src = 'bytes' in source && !options.transfer ? { bytes: new Uint8Array(source.bytes) } : source;
      const task: Task = { id: this.#nextId++, mode, source: src, sha256: options.sha256 ?? ('bytes' in src ? sha256Of(src.bytes) : ''), resolve };
      if (this.#closed) {
        resolve(this.#failure(task, 'damaged', 'the reader has been shut down'));
        return;
      }
      this.#queue.push(task);
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((s) => s.ready && s.task === null && !s.retired);
      if (slot) {
        this.#dispatch(slot, this.#queue.shift()!);
        continue;
      }
      // Start processes only for files no starting process will take.
      const starting = this.#slots.filter((s) => !s.ready && !s.retired).length;
      if (this.#slots.length < this.size && starting < this.#queue.length) {
        this.#spawn();
        continue;
      }
      return;
    }
  }

  #spawn(): Slot {
    const config: WorkerConfig = { maxPages: this.maxPages, maxTextPages: this.maxTextPages, maxBytes: this.maxBytes, maxTextUnits: this.maxTextUnits };
    // V8 sizes its first heap, and so how often it collects, from the limit:
    // under a 512 MB limit it starts small and collects so often that the
    // garbage collector took a third of a reader's processor time. Starting
    // at a quarter of the limit (at most 128 MB) cut the whole corpus from
    // 44 to 33 processor seconds with the same peak memory (about 320 MB);
    // the limit itself is unchanged.
    const nodeArgs = [`--max-old-space-size=${this.maxHeapMb}`, `--initial-heap-size=${Math.max(1, Math.min(128, Math.floor(this.maxHeapMb / 4)))}`, WORKER_PATH];
    const dataLimitKb = (this.maxMemoryMb + DATA_LIMIT_HEADROOM_MB) * 1024;
    const [cmd, args] = SHELL
      ? [SHELL, ['-c', `ulimit -d ${dataLimitKb} && exec "$0" "$@"`, process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    const child = spawn(cmd, args, {
      env: { ...process.env, [CONFIG_ENV]: JSON.stringify(config) },
      // pdf.js prints warnings to stdout; they must never reach ours, where
      // results go as JSON Lines. stderr is kept for how a crash ends.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const slot: Slot = { child, task: null, timer: null, retired: false, ready: false, cpuAtStart: 0, stderrTail: '' };
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      slot.stderrTail = (slot.stderrTail + d).slice(-4000);
    });
    child.on('message', (reply: WorkerReply | { ready: true }) => {
      if ('ready' in reply) this.#onReady(slot);
      else this.#onReply(slot, reply);
    });
    let spawnError: Error | null = null;
    child.on('error', (err: Error) => {
      spawnError = err;
    });
    // 'close', not 'exit': by then stderr has been read to its end.
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.#onExit(slot, code, signal, spawnError));
    // A process that never comes up fails the file waiting longest, rather than leave it waiting.
    slot.timer = setTimeout(() => this.#failStartup(slot), STARTUP_LIMIT_MS);
    this.#slots.push(slot);
    return slot;
  }

  #failStartup(slot: Slot): void {
    // Nothing was sent to it: the file waiting longest fails rather than wait on.
    const task = this.#queue.shift();
    if (task) task.resolve(this.#failure(task, 'damaged', `the reader did not start within ${seconds(STARTUP_LIMIT_MS)}, so this file was not read; try again when the machine is less busy`));
    this.#retire(slot);
  }

  #onReady(slot: Slot): void {
    if (slot.retired) return;
    slot.ready = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.#idle(slot);
    this.#pump();
  }

  /** A process with no file does not keep this one alive. */
  #idle(slot: Slot): void {
    slot.child.unref();
    slot.child.channel?.unref();
    (slot.child.stderr as unknown as { unref?: () => void }).unref?.();
  }

  #busy(slot: Slot): void {
    slot.child.ref();
    slot.child.channel?.ref();
    (slot.child.stderr as unknown as { ref?: () => void }).ref?.();
  }

  #dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    this.#busy(slot);
    slot.cpuAtStart = (slot.child.pid !== undefined ? processUsage(slot.child.pid)?.cpuTicks : undefined) ?? 0;
    // Processor time is the limit where it can be measured; wall-clock time
    // only backs it up (a file waiting on nothing forever).
    const wallMs = PROC ? this.timeoutMs * 2 : this.timeoutMs;
    slot.timer = setTimeout(() => {
      this.#limitHit(slot, 'too_complex', `reading took longer than ${seconds(wallMs)}, so it was stopped; the file may be malformed or built to exhaust readers`);
    }, wallMs);
    const req: WorkerRequest = 'path' in task.source ? { id: task.id, mode: task.mode, path: task.source.path } : { id: task.id, mode: task.mode, bytes: task.source.bytes };
    try {
      slot.child.send(req);
    } catch (err) {
      // e.g. the process died a moment ago: its exit replaces it; this file fails now.
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.task = null;
      task.resolve(this.#failure(task, 'damaged', `the file could not be passed to the reader (${(err as Error).message})`));
      this.#retire(slot);
      return;
    }
    // Sent (serialised into the channel): the caller's bytes are not needed
    // any more, and a caller that handed them over gets its memory back now.
    if ('bytes' in task.source) {
      const b = task.source.bytes;
      if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer && !b.buffer.detached) {
        try {
          b.buffer.transfer(0);
        } catch {
          // Not detachable (e.g. a Buffer from Node's pool): left to the collector.
        }
      }
      task.source = { bytes: new Uint8Array(0) };
    }
    this.#startSampler();
  }

  #startSampler(): void {
    if (this.#sampler || !PROC) return;
    this.#sampler = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#sampler.unref();
  }

  #stopSampler(): void {
    if (this.#sampler) clearInterval(this.#sampler);
    this.#sampler = null;
  }

  #sample(): void {
    let busy = 0;
    for (const slot of [...this.#slots]) {
      if (!slot.task || slot.retired || slot.child.pid === undefined) continue;
      busy++;
      const usage = processUsage(slot.child.pid);
      if (!usage) continue;
      if (usage.rss > this.maxMemoryMb * 1024 * 1024) {
        this.#limitHit(slot, 'too_large', this.#memoryMessage());
      } else if (((usage.cpuTicks - slot.cpuAtStart) * 1000) / TICKS_PER_SECOND > this.timeoutMs) {
        this.#limitHit(slot, 'too_complex', `reading needed more than ${seconds(this.timeoutMs)} of processor time, so it was stopped; the file is far more complex than any report (it may be malformed or built to exhaust readers)`);
      }
    }
    if (busy === 0) this.#stopSampler();
  }

  #memoryMessage(): string {
    return `reading needed more than ${this.maxMemoryMb} MB of memory, so it was stopped; the file is far larger inside than any report (it may be malformed, or a compression bomb)`;
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    if (!task || task.id !== reply.id || slot.retired) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    this.#idle(slot);
    if ('ioError' in reply) task.resolve({ ok: false, error: { code: 'damaged', message: `the file could not be read from disk (${reply.ioError})` }, sha256: '' });
    else task.resolve(reply.result);
    if ('result' in reply && !reply.result.ok && (reply.result.error.code === 'too_large' || reply.result.error.code === 'too_complex')) {
      // The reader stopped the file itself at one of its bounds, and may
      // have left pdf.js's work on it unfinished: a fresh process takes over.
      this.#retire(slot);
      this.replacements++;
    }
    this.#pump();
  }

  #onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null): void {
    if (slot.retired) return;
    if (!slot.ready && !slot.task) {
      // It died starting up (no file was sent): the waiting files fail
      // rather than wait for a reader that cannot start.
      const why = spawnError?.message ?? (slot.stderrTail.trim().split('\n').slice(-3).join(' ') || `exit ${code ?? signal}`);
      this.#retire(slot);
      for (const task of this.#queue.splice(0)) task.resolve(this.#failure(task, 'damaged', `the reader could not start (${why}), so this file was not read`));
      return;
    }
    if (outOfMemory(slot.stderrTail, signal)) {
      const heap = /heap/i.test(slot.stderrTail);
      this.#limitHit(slot, 'too_large', heap ? `reading needed more than the ${this.maxHeapMb} MB of JavaScript heap allowed, so it was stopped; the file is far larger inside than any report (it may be malformed, or a compression bomb)` : this.#memoryMessage());
    } else {
      this.#limitHit(slot, 'damaged', `the reader stopped unexpectedly on this file (${signal ? `signal ${signal}` : `exit code ${code}`}); the file may be malformed`);
    }
  }

  /** Fails the slot's file, ends its process and lets a fresh one take its place. */
  #limitHit(slot: Slot, code: ReadErrorCode, message: string): void {
    if (slot.retired) return;
    const task = slot.task;
    slot.task = null;
    this.#retire(slot);
    this.replacements++;
    if (task) void this.#failureHashed(task, code, message).then((r) => task.resolve(r));
    this.#pump();
  }

  #retire(slot: Slot): void {
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    void this.#kill(slot);
  }

  #kill(slot: Slot): Promise<void> {
    const child = slot.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      // An idle process is unreferenced; its exit must still be waited for.
      child.ref();
      child.kill('SIGKILL');
    });
  }

  #failure(task: Task, code: ReadErrorCode, message: string): ReadResult {
    return { ok: false, error: { code, message }, sha256: task.sha256 };
  }

  async #failureHashed(task: Task, code: ReadErrorCode, message: string): Promise<ReadResult> {
    const sha256 = 'path' in task.source ? await sha256OfFile(task.source.path) : task.sha256;
    return { ok: false, error: { code, message }, sha256 };
  }
}
