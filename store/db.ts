/**
 * A minimal SQL adapter so the store's queries are written once and run on both the embedded
 * SQLite file (node:sqlite, no native build) and PostgreSQL (for workers on many machines).
 * Queries use `?` placeholders; the PostgreSQL adapter numbers them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

export type Row = Record<string, unknown>;
export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly dialect: Dialect;
  readonly description: string;
  exec(sql: string): Promise<void>;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
  /** Runs fn inside one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function normaliseParams(params: unknown[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly description: string;
  private db: DatabaseSync;
  private depth = 0;
  private txScope = new AsyncLocalStorage<true>();
  private txQueue: Promise<void> = Promise.resolve();
  // Compiling a statement costs more than running a small INSERT; the crawl appends every
  // observation with the same few statements, so they are compiled once per connection.
  private stmts = new Map<string, StatementSync>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new DatabaseSync(path);
    this.description = `sqlite:${path}`;
    // WAL keeps readers (govmon serve, reports) working while an audit writes; NORMAL sync is
    // safe with WAL and a killed process still leaves every committed batch intact.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;');
  }

  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }
  private prepare(sql: string): StatementSync {
    let st = this.stmts.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      // Ad-hoc queries (IN lists of varying length) must not grow the cache without bound.
      if (this.stmts.size >= 200) this.stmts.clear();
      this.stmts.set(sql, st);
    }
    return st;
  }
  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.prepare(sql).all(...(normaliseParams(params) as never[])) as T[];
  }
  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return this.prepare(sql).get(...(normaliseParams(params) as never[])) as T | undefined;
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    const r = this.prepare(sql).run(...(normaliseParams(params) as never[]));
    return { changes: Number(r.changes) };
  }
  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    // One connection is shared by every concurrent task of the process (several audits at
    // once): a second top-level transaction must wait for the first, or its BEGIN/SAVEPOINT
    // would interleave with the other's ("no such savepoint"). Calls made inside a
    // transaction (same async context) nest with savepoints instead of waiting.
    if (!this.txScope.getStore()) {
      const prev = this.txQueue;
      let release!: () => void;
      this.txQueue = new Promise<void>((r) => (release = r));
      await prev;
      try {
        return await this.txScope.run(true, () => this.transaction(fn));
      } finally {
        release();
      }
    }
    // node:sqlite is synchronous and single-connection: nest with savepoints.
    const sp = `sp${this.depth++}`;
    this.db.exec(this.depth === 1 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${sp}`);
    try {
      const out = await fn(this);
      this.db.exec(this.depth === 1 ? 'COMMIT' : `RELEASE ${sp}`);
      return out;
    } catch (e) {
      this.db.exec(this.depth === 1 ? 'ROLLBACK' : `ROLLBACK TO ${sp}`);
      throw e;
    } finally {
      this.depth--;
    }
  }
  async close(): Promise<void> {
    this.stmts.clear();
    if (this.db.isOpen) this.db.close();
  }
}

function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

// pg returns BIGINT and NUMERIC as strings; our ids and counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

type PgQueryable = pg.Pool | pg.PoolClient;

export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  private q: PgQueryable;
  private owner: pg.Pool | null;
  constructor(q: PgQueryable, owner: pg.Pool | null, url: string) {
    this.q = q;
    this.owner = owner;
    this.description = url.replace(/\/\/[^@/]*@/, '//***@');
  }
  static open(url: string): PostgresDb {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return new PostgresDb(pool, pool, url);
  }
  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }
  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.q.query(numbered(sql), normaliseParams(params))).rows as T[];
  }
  async get<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    const r = await this.q.query(numbered(sql), normaliseParams(params));
    return { changes: r.rowCount ?? 0 };
  }
  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (!(this.q instanceof pg.Pool)) return fn(this); // already inside one
    const client = await this.q.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(new PostgresDb(client, null, this.description));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    if (this.owner) await this.owner.end();
  }
}

/**
 * Opens the store's database from a URL or path: `postgres://…` / `postgresql://…` for
 * PostgreSQL, `sqlite:PATH` or a plain path for SQLite. The default is the embedded file.
 */
export function openDb(target?: string): Db {
  const t = target ?? process.env.DATABASE_URL ?? './data/govmon.db';
  if (/^postgres(ql)?:\/\//i.test(t)) return PostgresDb.open(t);
  return new SqliteDb(t.replace(/^sqlite:/i, ''));
}
