// Telling, from a record in the database, whether the process that wrote it
// is gone (killed with kill -9, or the machine restarted). That can only be
// known on the same machine and in the same PID namespace (containers on one
// host share its name but not their process ids), so a process is named by
// its host, its PID namespace and its id; records from anywhere else are
// never judged.
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? 'x';
  } catch {
    return 'x';
  }
}

/** This process's PID namespace ('x' where it cannot be told, e.g. not Linux). */
export const PID_NAMESPACE = pidNamespace();

/** Where this process runs: host name and PID namespace, as recorded beside its pid. */
export function processPlace(): string {
  return `${hostname()}#${PID_NAMESPACE}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True only when `pid` ran here (same host and PID namespace, as `processPlace()` gave) and no longer exists. */
export function processGone(place: string | null, pid: number | null): boolean {
  if (place === null || pid === null || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (PID_NAMESPACE === 'x' || place !== processPlace() || pid === process.pid) return false;
  return !pidAlive(pid);
}
