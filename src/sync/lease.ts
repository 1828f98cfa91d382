// Who holds the sync lease. A holder id names the host, process and PID
// namespace, so a process on the same machine (and in the same container)
// can tell that a holder killed with kill -9 is gone and take over at once,
// instead of waiting for the lease to expire. Holders elsewhere are only
// ever replaced when their lease expires.
import { hostname } from 'node:os';
import { PID_NAMESPACE, processGone } from '../store/process-owner.ts';
import { SYNC_LEASE, type SyncRecord } from '../store/index.ts';

export const LEASE_NAME = SYNC_LEASE;

export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${PID_NAMESPACE}:${Math.random().toString(36).slice(2, 10)}`;
}

/** The holder, when it is a process on this machine and in our PID namespace that no longer exists. */
export function deadLocalHolder(holder: string | null): string | null {
  if (!holder) return null;
  const [host, pid, ns] = holder.split(':');
  if (!pid || !/^\d+$/.test(pid)) return null;
  return processGone(`${host}#${ns}`, Number(pid)) ? holder : null;
}

export async function acquireSyncLease(rec: Pick<SyncRecord, 'readLease' | 'tryAcquireLease'>, holder: string, ttlMs: number): Promise<boolean> {
  const current = await rec.readLease(LEASE_NAME);
  return rec.tryAcquireLease(LEASE_NAME, holder, ttlMs, Date.now(), deadLocalHolder(current?.holder ?? null));
}
