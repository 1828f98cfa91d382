// Accounts: passwords hashed with argon2id (the `argon2` package, memory-
// hard, OWASP's minimum settings), sessions as random tokens of which only
// a SHA-256 is stored, and sign-in throttled per account and per address.
// Single sign-on (an OpenID Connect provider) would add a second way to
// reach createSession(); see README "Inspection workflow".
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { SessionRecord, UserRecord, WorkflowRecord } from '../store/index.ts';

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_RULES = { min: 12, max: 200 } as const;

/** Why a new password cannot be used, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_RULES.min) return `The password must be at least ${PASSWORD_RULES.min} characters long.`;
  if (password.length > PASSWORD_RULES.max) return `The password must be ${PASSWORD_RULES.max} characters or fewer.`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified against when the account does not exist, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | null = null;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A session ends this long after sign-in, however busy. */
export const SESSION_HOURS = 12;
/** A session not used for this long ends (a browser left open, a token left in a script). */
export const SESSION_IDLE_MINUTES = 30;
/** How stale a session's last-used time may get before a request rewrites it. */
const TOUCH_SECONDS = 60;
/** Failed sign-ins allowed in the window before further attempts are refused. */
export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 20 } as const;

export type SignInResult =
  | { ok: true; user: UserRecord; token: string; csrf: string; expiresAt: string }
  | { ok: false; status: 401 | 429; message: string };

const WRONG = 'The email address or password is not right.';

/** Signs in with an email and password from `address`; the session is for a browser (cookie) or the API (bearer token). */
export async function signIn(rec: WorkflowRecord, email: string, password: string, address: string, kind: 'browser' | 'api', now = new Date()): Promise<SignInResult> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000).toISOString();
  const busy = `Too many failed sign-ins: try again in ${THROTTLE.windowMinutes} minutes.`;
  if ((await rec.signInFailures(since, { address })) >= THROTTLE.perAddress) return { ok: false, status: 429, message: `${busy} (from this address)` };
  if ((await rec.signInFailures(since, { account: email })) >= THROTTLE.perAccount) return { ok: false, status: 429, message: `${busy} (for this account)` };
  const user = await rec.findUserForSignIn(email);
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await (dummyHash ??= hashPassword('not a real password')), password).then(() => false);
  if (!user || !valid || user.disabledAt) {
    await rec.recordSignInFailure(email, address, now.toISOString());
    return { ok: false, status: 401, message: WRONG };
  }
  await rec.clearSignInFailures(email);
  const token = newToken();
  const csrf = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await rec.createSession(tokenHash(token), user.id, kind, csrf, now.toISOString(), expiresAt);
  const { passwordHash: _omit, ...plain } = user;
  return { ok: true, user: plain, token, csrf, expiresAt };
}

/** The session a token names, if it is live: not past SESSION_HOURS from sign-in nor idle for SESSION_IDLE_MINUTES. Using it counts as activity. */
export function sessionFor(rec: WorkflowRecord, token: string, now = new Date()): Promise<SessionRecord | undefined> {
  const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
  return rec.session(tokenHash(token), now.toISOString(), { since: ago(SESSION_IDLE_MINUTES * 60_000), touchBefore: ago(TOUCH_SECONDS * 1000) });
}

export function signOut(rec: WorkflowRecord, token: string): Promise<void> {
  return rec.deleteSession(tokenHash(token));
}

/** Changes a signed-in user's password after checking the current one; other sessions end. Returns a problem in words, or null. */
export async function changePassword(rec: WorkflowRecord, user: UserRecord, current: string, next: string, keepToken: string): Promise<{ field: 'current' | 'next'; message: string } | null> {
  const full = await rec.findUserForSignIn(user.email);
  if (!full || !(await verifyPassword(full.passwordHash, current))) return { field: 'current', message: 'The current password is not right.' };
  const problem = passwordProblem(next);
  if (problem) return { field: 'next', message: problem };
  if (next === current) return { field: 'next', message: 'The new password must differ from the current one.' };
  await rec.setPasswordHash(user.id, await hashPassword(next), tokenHash(keepToken));
  return null;
}
