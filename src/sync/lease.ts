// Who holds the sync lease. A holder id names the host, process and PID
// namespace, so a process on the same machine (and in the same container)
// can tell that a holder killed with kill -9 is gone and take over at once,
// instead of waiting for the lease to expire. Holders elsewhere are only
// ever replaced when their lease expires.
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { readLease, tryAcquireLease, type SyncDb } from '../store/sync-repo.ts';

export const LEASE_NAME = 'sync';

function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? 'x';
  } catch {
    return 'x';
  }
}

const PID_NS = pidNamespace();

export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${PID_NS}:${Math.random().toString(36).slice(2, 10)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder, when it is a process on this machine and in our PID namespace that no longer exists. */
export function deadLocalHolder(holder: string | null): string | null {
  if (!holder) return null;
  const [host, pid, ns] = holder.split(':');
  if (host !== hostname() || ns !== PID_NS || PID_NS === 'x' || !pid || !/^\d+$/.test(pid)) return null;
  return pidAlive(Number(pid)) ? null : holder;
}

export async function acquireSyncLease(db: SyncDb, holder: string, ttlMs: number): Promise<boolean> {
  const current = await readLease(db, LEASE_NAME);
  return tryAcquireLease(db, LEASE_NAME, holder, ttlMs, Date.now(), deadLocalHolder(current?.holder ?? null));
}
