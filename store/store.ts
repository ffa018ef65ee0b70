/**
 * The store: sites, runs, observations (append-only per run) and findings, over either
 * SQLite or PostgreSQL with the same queries. Observations are written in batches as the
 * crawl goes, each batch one transaction, so a killed run keeps everything committed so far
 * and can be told apart (status `running` with a stale heartbeat → `incomplete`).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from './db.ts';
import { openDb } from './db.ts';
import { migrate } from './migrations.ts';
import type { Observation, ObservationKind, ObservationOf } from '../model/observation.ts';
import type { Finding, CheckContext } from '../model/finding.ts';
import type { Site } from '../model/site.ts';

const HOST = hostname();
const OWNER = `${HOST}:${process.pid}`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type RunKind = 'audit' | 'probe' | 'render' | 'recheck' | 'lighthouse';
export type RunStatus = 'running' | 'complete' | 'incomplete' | 'failed';

export interface RunRecord {
  id: string;
  siteId: string;
  kind: RunKind;
  batchId: string | null;
  jobId: string | null;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string;
  stats: Record<string, unknown>;
  note: string | null;
}

export interface StoredFinding extends Finding {
  id: number;
  runId: string;
  siteId: string;
}

interface RunRow {
  id: string;
  site_id: string;
  kind: string;
  batch_id: string | null;
  job_id: string | null;
  status: string;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string;
  stats: string;
  note: string | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    siteId: r.site_id,
    kind: r.kind as RunKind,
    batchId: r.batch_id,
    jobId: r.job_id,
    status: r.status as RunStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at,
    stats: JSON.parse(r.stats || '{}'),
    note: r.note,
  };
}

export interface RunQuery {
  siteId?: string;
  kind?: RunKind;
  status?: RunStatus | RunStatus[];
  batchId?: string;
  /** Runs started at or after this ISO time. */
  from?: string;
  /** Runs started before this ISO time. */
  to?: string;
  limit?: number;
}

export class Store {
  private seqs = new Map<string, number>();
  readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Opens and migrates the store. `target` is a path, `sqlite:PATH` or a `postgres://` URL; default DATABASE_URL or ./data/govmon.db. */
  static async open(target?: string): Promise<Store> {
    const store = new Store(openDb(target));
    await migrate(store.db);
    return store;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- sites -------------------------------------------------------------------------

  async upsertSites(sites: Site[]): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const s of sites) {
        await tx.run(
          `INSERT INTO sites (id, name, url, level, kind, region, grp, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, level = excluded.level, kind = excluded.kind,
             region = excluded.region, grp = excluded.grp, data = excluded.data, updated_at = excluded.updated_at`,
          [s.id, s.name, s.url, s.level, s.kind, s.region, s.group ?? null, JSON.stringify(s), now],
        );
      }
    });
  }

  async listSites(): Promise<Site[]> {
    const rows = await this.db.all<{ data: string }>('SELECT data FROM sites ORDER BY id');
    return rows.map((r) => JSON.parse(r.data) as Site);
  }

  async getSite(id: string): Promise<Site | undefined> {
    const r = await this.db.get<{ data: string }>('SELECT data FROM sites WHERE id = ?', [id]);
    return r ? (JSON.parse(r.data) as Site) : undefined;
  }

  // ---- runs --------------------------------------------------------------------------

  /**
   * Starts a run. With a `jobId` the call is idempotent: a retried job gets its existing run
   * back (its partial observations cleared unless it had completed), so a result is written once.
   */
  async createRun(opts: { siteId: string; kind: RunKind; batchId?: string; jobId?: string; id?: string; startedAt?: string }): Promise<RunRecord> {
    const now = opts.startedAt ?? new Date().toISOString();
    if (opts.jobId) {
      const existing = await this.db.get<RunRow>('SELECT * FROM runs WHERE job_id = ?', [opts.jobId]);
      if (existing) {
        const run = toRun(existing);
        if (run.status !== 'complete') await this.resetRun(run.id);
        return (await this.getRun(run.id))!;
      }
    }
    const id = opts.id ?? randomUUID();
    await this.db.run(
      `INSERT INTO runs (id, site_id, kind, batch_id, job_id, status, started_at, heartbeat_at, stats, owner) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, '{}', ?)`,
      [id, opts.siteId, opts.kind, opts.batchId ?? null, opts.jobId ?? null, now, now, OWNER],
    );
    this.seqs.set(id, 0);
    return (await this.getRun(id))!;
  }

  /** Clears a run's observations and findings and marks it running again (retry of an unfinished job). */
  async resetRun(runId: string): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM observations WHERE run_id = ?', [runId]);
      await tx.run('DELETE FROM findings WHERE run_id = ?', [runId]);
      await tx.run(`UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = ?, started_at = ?, stats = '{}', note = NULL, owner = ? WHERE id = ?`, [now, now, OWNER, runId]);
    });
    this.seqs.set(runId, 0);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const r = await this.db.get<RunRow>('SELECT * FROM runs WHERE id = ?', [id]);
    return r ? toRun(r) : undefined;
  }

  async getRunByJob(jobId: string): Promise<RunRecord | undefined> {
    const r = await this.db.get<RunRow>('SELECT * FROM runs WHERE job_id = ?', [jobId]);
    return r ? toRun(r) : undefined;
  }

  async heartbeat(runId: string, stats?: Record<string, unknown>): Promise<void> {
    const now = new Date().toISOString();
    if (stats) await this.db.run('UPDATE runs SET heartbeat_at = ?, stats = ? WHERE id = ?', [now, JSON.stringify(stats), runId]);
    else await this.db.run('UPDATE runs SET heartbeat_at = ? WHERE id = ?', [now, runId]);
  }

  async finishRun(runId: string, status: Exclude<RunStatus, 'running'>, stats: Record<string, unknown> = {}, note?: string): Promise<void> {
    const now = new Date().toISOString();
    await this.db.run('UPDATE runs SET status = ?, finished_at = ?, heartbeat_at = ?, stats = ?, note = ? WHERE id = ?', [
      status,
      now,
      now,
      JSON.stringify(stats),
      note ?? null,
      runId,
    ]);
    this.seqs.delete(runId);
  }

  /**
   * Runs still marked `running` whose heartbeat is older than `staleSeconds` belonged to a
   * process that died: mark them incomplete so they are never mistaken for live or finished.
   */
  async markStaleRuns(staleSeconds = 120): Promise<number> {
    let changed = 0;
    // Runs of this machine whose process no longer exists died for certain: no need to wait.
    const mine = await this.db.all<{ id: string; owner: string }>(`SELECT id, owner FROM runs WHERE status = 'running' AND owner LIKE ?`, [`${HOST}:%`]);
    for (const r of mine) {
      const pid = Number(r.owner.slice(HOST.length + 1));
      if (!pid || pid === process.pid || processAlive(pid)) continue;
      const res = await this.db.run(`UPDATE runs SET status = 'incomplete', note = COALESCE(note, ?) WHERE id = ? AND status = 'running'`, [
        `process ${pid} on ${HOST} stopped before the run finished`,
        r.id,
      ]);
      changed += res.changes;
    }
    const cutoff = new Date(Date.now() - staleSeconds * 1000).toISOString();
    const r = await this.db.run(
      `UPDATE runs SET status = 'incomplete', note = COALESCE(note, 'process stopped before the run finished') WHERE status = 'running' AND heartbeat_at < ?`,
      [cutoff],
    );
    return changed + r.changes;
  }

  async runs(q: RunQuery = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.siteId) (where.push('site_id = ?'), params.push(q.siteId));
    if (q.kind) (where.push('kind = ?'), params.push(q.kind));
    if (q.batchId) (where.push('batch_id = ?'), params.push(q.batchId));
    if (q.status) {
      const st = Array.isArray(q.status) ? q.status : [q.status];
      where.push(`status IN (${st.map(() => '?').join(', ')})`);
      params.push(...st);
    }
    if (q.from) (where.push('started_at >= ?'), params.push(q.from));
    if (q.to) (where.push('started_at < ?'), params.push(q.to));
    const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY started_at DESC, id DESC${q.limit ? ` LIMIT ${Number(q.limit)}` : ''}`;
    return (await this.db.all<RunRow>(sql, params)).map(toRun);
  }

  async latestRun(siteId: string, kind: RunKind, status: RunStatus[] = ['complete', 'incomplete']): Promise<RunRecord | undefined> {
    return (await this.runs({ siteId, kind, status, limit: 1 }))[0];
  }

  // ---- observations ------------------------------------------------------------------

  private async nextSeq(runId: string, n: number): Promise<number> {
    let cur = this.seqs.get(runId);
    if (cur === undefined) {
      const r = await this.db.get<{ m: number | null }>('SELECT MAX(seq) AS m FROM observations WHERE run_id = ?', [runId]);
      cur = Number(r?.m ?? 0);
    }
    this.seqs.set(runId, cur + n);
    return cur + 1;
  }

  /** Appends a batch of observations in one transaction. Call often with small batches while crawling. */
  async appendObservations(runId: string, siteId: string, obs: Observation[]): Promise<void> {
    if (obs.length === 0) return;
    const first = await this.nextSeq(runId, obs.length);
    await this.db.transaction(async (tx) => {
      let seq = first;
      for (const o of obs) {
        await tx.run('INSERT INTO observations (run_id, site_id, seq, kind, url, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          runId,
          siteId,
          seq++,
          o.kind,
          o.url,
          o.at,
          JSON.stringify(o),
        ]);
      }
      await tx.run('UPDATE runs SET heartbeat_at = ? WHERE id = ?', [new Date().toISOString(), runId]);
    });
  }

  async observations<K extends ObservationKind>(runIds: string | string[], kinds?: K[]): Promise<ObservationOf<K>[]> {
    const ids = Array.isArray(runIds) ? runIds : [runIds];
    if (ids.length === 0) return [];
    const params: unknown[] = [...ids];
    let sql = `SELECT data FROM observations WHERE run_id IN (${ids.map(() => '?').join(', ')})`;
    if (kinds?.length) {
      sql += ` AND kind IN (${kinds.map(() => '?').join(', ')})`;
      params.push(...kinds);
    }
    sql += ' ORDER BY run_id, seq';
    const rows = await this.db.all<{ data: string }>(sql, params);
    return rows.map((r) => JSON.parse(r.data));
  }

  /** Observations of a site by time (e.g. the 7-day probe window for V-01), across runs. */
  async observationsInWindow<K extends ObservationKind>(siteId: string, kinds: K[], from: string, to: string): Promise<ObservationOf<K>[]> {
    const rows = await this.db.all<{ data: string }>(
      `SELECT data FROM observations WHERE site_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) AND at >= ? AND at < ? ORDER BY at, id`,
      [siteId, ...kinds, from, to],
    );
    return rows.map((r) => JSON.parse(r.data));
  }

  async countObservations(runId: string): Promise<Record<string, number>> {
    const rows = await this.db.all<{ kind: string; n: number }>('SELECT kind, COUNT(*) AS n FROM observations WHERE run_id = ? GROUP BY kind', [runId]);
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }

  /**
   * Builds the input of checks for one audit run: its observations plus the probes of the
   * `probeDays` before `now` (availability is judged on a window, not a single run).
   */
  async checkContext(site: Site, runIds: string[], now: Date, probeDays = 7): Promise<Omit<CheckContext, 'options'>> {
    const obs = await this.observations(runIds);
    const from = new Date(now.getTime() - probeDays * 86400_000).toISOString();
    const probes = await this.observationsInWindow(site.id, ['probe'], from, now.toISOString());
    const ctx: Omit<CheckContext, 'options'> = {
      site,
      now,
      pages: [],
      links: [],
      probes,
      tls: [],
      httpRedirects: [],
      resources: [],
      lighthouse: [],
      events: [],
      registrySites: (await this.listSites()).filter((s) => s.id !== site.id),
    };
    for (const o of obs) {
      switch (o.kind) {
        case 'page': ctx.pages.push(o); break;
        case 'link': ctx.links.push(o); break;
        case 'tls': ctx.tls.push(o); break;
        case 'http_redirect': ctx.httpRedirects.push(o); break;
        case 'resource': ctx.resources.push(o); break;
        case 'lighthouse': ctx.lighthouse.push(o); break;
        case 'crawl_event': ctx.events.push(o); break;
        case 'probe': break; // taken from the window above, which includes this run's
      }
    }
    return ctx;
  }

  // ---- findings ----------------------------------------------------------------------

  /** Replaces a run's findings (re-checking a run is idempotent). */
  async replaceFindings(runId: string, siteId: string, findings: Finding[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM findings WHERE run_id = ?', [runId]);
      for (const f of findings) {
        await tx.run('INSERT INTO findings (run_id, site_id, check_id, status, severity, fkey, data) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          runId,
          siteId,
          f.checkId,
          f.status,
          f.severity,
          f.key ?? `${f.checkId}|${f.evidence[0]?.url ?? ''}`,
          JSON.stringify(f),
        ]);
      }
    });
  }

  async findings(runId: string): Promise<StoredFinding[]> {
    const rows = await this.db.all<{ id: number; run_id: string; site_id: string; data: string }>(
      'SELECT id, run_id, site_id, data FROM findings WHERE run_id = ? ORDER BY id',
      [runId],
    );
    return rows.map((r) => ({ ...(JSON.parse(r.data) as Finding), id: Number(r.id), runId: r.run_id, siteId: r.site_id }));
  }
}
