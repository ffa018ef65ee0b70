/**
 * The store's tests run on every database govmon supports: always the embedded SQLite file,
 * and PostgreSQL when one answers at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test,
 * present on developer and CI machines). Each PostgreSQL use gets its own schema so parallel
 * test files never see each other's rows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Store } from '../../store/store.ts';

export interface TestDatabase {
  name: string;
  url(): string;
  cleanup?(store: Store): Promise<void>;
}

export const PG_BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: boolean | undefined;
export function postgresAvailable(): boolean {
  if (pgAvailable !== undefined) return pgAvailable;
  try {
    // A synchronous probe so describe() blocks can be generated per database.
    execFileSync(process.execPath, ['-e', `const pg=require('pg');const c=new pg.Client(${JSON.stringify(PG_BASE)});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`], {
      timeout: 5000,
      stdio: 'ignore',
    });
    pgAvailable = true;
  } catch {
    pgAvailable = false;
  }
  return pgAvailable;
}

/** A fresh PostgreSQL schema, addressed through the connection string's search_path option. */
export function freshPostgresUrl(): string {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  execFileSync(process.execPath, ['-e', `const pg=require('pg');const c=new pg.Client(${JSON.stringify(PG_BASE)});c.connect().then(()=>c.query('CREATE SCHEMA ${schema}')).then(()=>c.end())`], { timeout: 10000 });
  const u = new URL(PG_BASE);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export function testDatabases(): TestDatabase[] {
  let file: string | undefined;
  const list: TestDatabase[] = [
    {
      name: 'sqlite',
      // One file per target, like the PostgreSQL schema below: every url() call names the same store.
      url: () => (file ??= join(mkdtempSync(join(tmpdir(), 'govmon-db-')), 'govmon.db')),
    },
  ];
  if (postgresAvailable() || process.env.CI) {
    let url: string | undefined;
    list.push({
      name: 'postgres',
      url: () => (url ??= freshPostgresUrl()),
      async cleanup(store) {
        const schema = new URL(url!).searchParams.get('options')!.split('=')[1];
        await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
      },
    });
  }
  return list;
}
