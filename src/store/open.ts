// Opens the database named by a URL (see src/config.ts), on SQLite or
// PostgreSQL, and brings its schema up to date.
import fs from 'node:fs';
import BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { ConfigError, resolveDatabase, type DatabaseConfig } from '../config.ts';
import { migrations } from './migrations/index.ts';
import { makeFolders } from '../files.ts';
import type { Database } from './schema.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  config: DatabaseConfig;
  /** True when this open created the database (a new SQLite file, or a PostgreSQL database with no schema yet). */
  created: boolean;
}

class StoreError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.userMessage = message;
  }
}

/**
 * read: the command only reads (stats, serve, snapshot export), so a SQLite
 * file that does not exist is a mistyped path, refused with its name, never
 * created empty. write: a missing file is created, but only inside a folder
 * that exists (a mistyped folder is not created). The default database is
 * the exception: its folder and file are made on first use, from the
 * shipped snapshot.
 */
export type DatabaseAccess = 'read' | 'write';

export async function openDatabase(url?: string, access: DatabaseAccess = 'write'): Promise<OpenedDatabase> {
  const config = resolveDatabase(url);
  if (config.dialect === 'sqlite' && !config.isDefault && config.path !== ':memory:') checkPlace(config.path, config.display, access);
  const db = config.dialect === 'sqlite' ? openSqlite(config.path) : await openPostgres(config.url, config.display);
  const existed = await hasSchema(db);
  try {
    await (config.dialect === 'sqlite' ? whenRaceClears(() => migrateSqlite(db)) : migrate(db));
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, config, created: !existed || (config.dialect === 'sqlite' && config.path === ':memory:') };
}

function checkPlace(file: string, display: string, access: DatabaseAccess): void {
  if (fs.existsSync(file)) return;
  if (access === 'read') {
    throw new ConfigError(
      `there is no database at ${file} (${display}): check the path. This command only reads, so it does not create one; ilacs ingest, ilacs snapshot import or ilacs sync with the same --database create it.`,
    );
  }
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) {
    throw new ConfigError(`the folder ${folder} does not exist, so the database ${file} cannot be created there: check the path, or create the folder first.`);
  }
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') {
    try {
      makeFolders(path.dirname(file));
    } catch (err) {
      throw new ConfigError(`cannot create the folder for the database ${file}: ${(err as Error).message}`);
    }
  }
  if (file !== ':memory:') checkWritable(file);
  let sqlite;
  try {
    sqlite = new BetterSqlite(file);
  } catch (err) {
    throw new ConfigError(`cannot open the SQLite database ${file}: ${(err as Error).message}`);
  }
  try {
    // First, so that switching a new file to WAL waits for another process doing the same instead of failing as locked.
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL survives a killed process (only a power cut can lose the last commits).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite.close();
    throw new ConfigError(`${file} is not a usable SQLite database: ${(err as Error).message}`);
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * Every command may write (migrations, the authorities' reference data, run
 * records), and SQLite keeps its journal files next to the database, so
 * both the file and its folder must be writable. Said up front, in words,
 * rather than as "attempt to write a readonly database" halfway through.
 */
function checkWritable(file: string): void {
  const folder = path.dirname(file);
  const problem = (what: string): ConfigError =>
    new ConfigError(`the SQLite database ${file} cannot be used: ${what}. ilacs writes to the database and keeps SQLite's journal files beside it, so the file and its folder must both be writable by this user; change their permissions or copy the database to a writable folder.`);
  try {
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // made by mkdir above, or reported by the open
    throw problem(`its folder ${folder} is read-only`);
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw problem('the file is read-only');
  }
}

async function openPostgres(url: string, display: string): Promise<Kysely<Database>> {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({ connectionString: url, max: 8 });
  } catch (err) {
    throw new StoreError(`the PostgreSQL URL ${display} cannot be used: ${(err as Error).message}`);
  }
  // An idle client's network error must not crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError(`cannot connect to PostgreSQL at ${display}: ${(err as Error).message}`);
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Two processes opening a new database at once both see work pending
 * (migrations on SQLite, where Kysely takes no lock, so both may record the
 * same migration: "UNIQUE constraint failed"; seeding the authorities
 * on either); the loser's transaction fails (busy, "already exists",
 * duplicate key) and rolls back. Trying again then finds the work done.
 */
export async function whenRaceClears<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const message = String((err as Error).message ?? err);
      if (attempt >= 20 || !/already exists|database is locked|SQLITE_BUSY|UNIQUE constraint failed|duplicate key|deadlock/i.test(message)) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100 * attempt));
    }
  }
}

async function hasSchema(db: Kysely<Database>): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === 'reports');
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * SQLite: Kysely neither locks nor wraps migrations in a transaction there,
 * so two processes opening a new file at once could each apply the same
 * migration ("duplicate column name"). Pending migrations run inside one
 * BEGIN IMMEDIATE transaction instead: the second process waits for the
 * first's write lock (busy_timeout), then finds nothing left to do.
 * A database with nothing pending takes no write lock at all.
 */
async function migrateSqlite(db: Kysely<Database>): Promise<void> {
  const pending = (await new Migrator({ db, provider }).getMigrations()).some((m) => m.executedAt === undefined);
  if (!pending) return;
  await sql`BEGIN IMMEDIATE`.execute(db);
  try {
    await migrate(db);
    await sql`COMMIT`.execute(db);
  } catch (err) {
    await sql`ROLLBACK`.execute(db).catch(() => {});
    throw err;
  }
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new StoreError(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}
