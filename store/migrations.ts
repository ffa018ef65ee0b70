/**
 * Versioned schema migrations, applied in order and recorded in `schema_migrations`.
 * Never edit a shipped migration: add a new one. `{{pk}}` and `{{json}}` expand per dialect;
 * everything else is the same SQL on SQLite and PostgreSQL.
 */
import type { Db, Dialect } from './db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'sites, runs, observations, findings',
    sql: `
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  level TEXT NOT NULL,
  kind TEXT NOT NULL,
  region TEXT NOT NULL,
  grp TEXT,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  batch_id TEXT,
  job_id TEXT,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  heartbeat_at TEXT NOT NULL,
  stats TEXT NOT NULL DEFAULT '{}',
  note TEXT
);
CREATE INDEX runs_site_kind ON runs (site_id, kind, started_at);
CREATE UNIQUE INDEX runs_job ON runs (job_id);
CREATE TABLE observations (
  id {{pk}},
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX observations_run_seq ON observations (run_id, seq);
CREATE INDEX observations_site_kind_at ON observations (site_id, kind, at);
CREATE TABLE findings (
  id {{pk}},
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  check_id TEXT NOT NULL,
  status TEXT NOT NULL,
  severity TEXT NOT NULL,
  fkey TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run_id, check_id);
CREATE INDEX findings_site ON findings (site_id, check_id);
`,
  },
  {
    // assessment: 公众评议 / 察访核验 scores imported from CSV (cannot be recomputed, so they are
    // stored), and a cache of computed scores per site, edition and period (always recomputable).
    version: 2,
    name: 'external scores and score cache (assessment)',
    sql: `
CREATE TABLE external_scores (
  source TEXT NOT NULL,
  site_id TEXT NOT NULL,
  period TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  origin TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (source, site_id, period)
);
CREATE TABLE scores (
  site_id TEXT NOT NULL,
  edition_id TEXT NOT NULL,
  edition_version TEXT NOT NULL,
  period TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  total DOUBLE PRECISION,
  data TEXT NOT NULL,
  PRIMARY KEY (site_id, edition_id, edition_version, period)
);
`,
  },
  {
    // assessment: a reviewer's decision on a machine finding (cn-indicators §b), per audit run and
    // indicator: confirm (a pending veto becomes a veto) or dismiss (no veto, no deduction).
    version: 3,
    name: 'review decisions (assessment)',
    sql: `
CREATE TABLE review_decisions (
  site_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  note TEXT,
  decided_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  PRIMARY KEY (site_id, run_id, indicator_id)
);
`,
  },
  {
    // The process that runs a run (host:pid), so a run whose process died on this machine is
    // marked incomplete at once instead of after its heartbeat goes stale.
    version: 4,
    name: 'run owner process',
    sql: `ALTER TABLE runs ADD COLUMN owner TEXT;`,
  },
  {
    // markStaleRuns() runs at the start of every audit and looks for runs still 'running'. Every
    // probe is a run of its own (240,000 a day for 10,000 sites), so without an index each audit
    // scanned the whole runs table: 184 ms at 1 million runs, 0.1 ms with this partial index.
    version: 5,
    name: 'index of running runs',
    sql: `CREATE INDEX runs_running ON runs (heartbeat_at) WHERE status = 'running';`,
  },
];

function expand(sql: string, dialect: Dialect): string {
  return sql.replaceAll('{{pk}}', dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY');
}

export async function migrate(db: Db): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    await db.transaction(async (tx) => {
      if (db.dialect === 'postgres') await tx.exec('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const done = await tx.get('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
      if (done) return;
      await tx.exec(expand(m.sql, db.dialect));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    });
  }
  return applied;
}
