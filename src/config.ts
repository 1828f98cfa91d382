// Where the database lives. Every command takes `--database URL`, else the
// DATABASE_URL environment variable, else the default: a SQLite file in the
// data folder ($ILACS_DATA_DIR, or data/ in the checkout).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseConfig =
  | { dialect: 'sqlite'; path: string; isDefault: boolean; display: string }
  | { dialect: 'postgres'; url: string; isDefault: false; display: string };

/** A mistake in configuration the user can fix; main.ts prints userMessage without a stack. */
export class ConfigError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.userMessage = message;
  }
}

const checkoutRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.ILACS_DATA_DIR?.trim();
  return dir ? path.resolve(dir) : path.join(checkoutRoot, 'data');
}

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'ilacs.db');
}

const FORMS = 'Use sqlite:<path> (e.g. sqlite:data/ilacs.db) or postgres://user:password@host:5432/database.';

/**
 * Resolves the database from an explicit URL (the --database option), else
 * DATABASE_URL, else the default SQLite file.
 */
export function resolveDatabase(url?: string, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  // An option given empty (`--database ''`, often an unset shell variable) is a mistake, not a request for the default.
  if (url !== undefined && !url.trim()) throw new ConfigError(`--database was given an empty value. ${FORMS} Leave the option out to use $DATABASE_URL or the default database.`);
  const given = url?.trim() || env.DATABASE_URL?.trim();
  if (!given) {
    const p = defaultDatabasePath(env);
    return { dialect: 'sqlite', path: p, isDefault: true, display: `sqlite:${p}` };
  }
  const source = url?.trim() ? '--database' : 'DATABASE_URL';
  if (/^sqlite:/i.test(given)) {
    let rest = given.slice('sqlite:'.length);
    // Accept the URL-ish sqlite:///abs/path and sqlite://rel/path spellings too.
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:', isDefault: false, display: 'sqlite::memory:' };
    if (!rest) throw new ConfigError(`${source} "${given}" names no file. ${FORMS}`);
    const p = path.resolve(rest);
    return { dialect: 'sqlite', path: p, isDefault: false, display: `sqlite:${p}` };
  }
  if (/^postgres(ql)?:\/\//i.test(given)) {
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      throw new ConfigError(`${source} is not a valid PostgreSQL URL. ${FORMS}`);
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) throw new ConfigError(`${source} names no PostgreSQL host. ${FORMS}`);
    for (const [part, value] of [['user name', parsed.username], ['password', parsed.password], ['database name', parsed.pathname]] as const) {
      try {
        decodeURIComponent(value);
      } catch {
        throw new ConfigError(`${source}: the PostgreSQL URL's ${part} has a malformed %-escape (write a literal % as %25). ${FORMS}`);
      }
    }
    const display = `postgres://${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}${parsed.pathname}`;
    return { dialect: 'postgres', url: given, isDefault: false, display };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(given)?.[1];
  throw new ConfigError(`${source} "${scheme ? `${scheme}:…` : given}" is not a database this tool knows. ${FORMS}`);
}
