import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { builtOnce, compiledOnce } from './compiled.ts';
import { createDb, type Db } from './database.ts';
import { DataDirBusyError, openEmbeddedDatabase } from './embedded.ts';
import { migrateToLatest, migrationNames } from './migrate.ts';
import { pageAndTotal, pageOf } from './paging.ts';

/** The command line, run as a user would, with this environment. */
function civicgrid(command: string | string[], env: NodeJS.ProcessEnv) {
  const cli = path.resolve(import.meta.dirname, '../../bin/civicgrid.js');
  const args = typeof command === 'string' ? [command] : command;
  return spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

/** Runs `use` on a new, empty database on the test PostgreSQL, dropped afterwards. */
async function withEmptyDatabase(prefix: string, use: (url: string) => Promise<void>) {
  const adminUrl = inject('adminUrl');
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    await use(adminUrl.replace(/\/postgres$/, `/${name}`));
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

/** `withEmptyDatabase` through a pool of one connection (keeping `prepared` statements), destroyed afterwards. */
function withEmptyDb(prefix: string, use: (db: Db, url: string) => Promise<void>, prepared?: number) {
  return withEmptyDatabase(prefix, async (url) => {
    const db = createDb(url, 1, prepared);
    try {
      await use(db, url);
    } finally {
      await db.destroy();
    }
  });
}

describe('migrations', () => {
  it('build the schema from an empty database, and a second run changes nothing', () =>
    withEmptyDatabase('cg_empty', async (url) => {
      const db = createDb(url, 2);
      try {
        const first = await migrateToLatest(db);
        expect(first.applied).toEqual(migrationNames);
        expect(migrationNames.slice(0, 4)).toEqual([
          '0001_foundation',
          '0002_registry',
          '0003_settings',
          '0004_cases',
        ]);
        const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(
          db,
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual(
          expect.arrayContaining([
            'areas',
            'area_history',
            'users',
            'sessions',
            'login_attempts',
            'cases',
            'jobs',
          ]),
        );
        const second = await migrateToLatest(db);
        expect(second.applied).toEqual([]);
      } finally {
        await db.destroy();
      }
    }));
});

describe('prepared statements', () => {
  it('are prepared once per connection, and a table changing shape under one costs one query, not the connection', () =>
    withEmptyDb('cg_prepared', async (db, url) => {
      await sql`create table t (id int primary key, a text)`.execute(db);
      await sql`insert into t values (1, 'one')`.execute(db);
      const read = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(db);
      expect((await read()).rows).toEqual([{ id: 1, a: 'one' }]);
      expect((await read()).rows).toEqual([{ id: 1, a: 'one' }]);
      const prepared = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements`.execute(db);
      expect(prepared.rows.map((r) => r.statement)).toContain('select * from t where id = $1');

      // Another instance migrates the schema under this one.
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query(`alter table t add column b text default 'new'`);
      await other.end();
      await expect(read()).rejects.toThrow('cached plan must not change result type');
      expect((await read()).rows).toEqual([{ id: 1, a: 'one', b: 'new' }]);
    }));

  it('drops the least recently used statement when a connection has as many as it keeps, also in a transaction', () =>
    withEmptyDb(
      'cg_prepared_lru',
      async (db) => {
        const prepared = async () =>
          (
            await sql<{
              statement: string;
            }>`select statement from pg_prepared_statements order by statement`.execute(db)
          ).rows.map((r) => r.statement);
        const a = () => sql<{ n: number }>`select ${1}::int as n`.execute(db);
        const b = () => sql<{ n: number }>`select ${2}::int + 0 as n`.execute(db);
        const c = () => sql<{ n: number }>`select ${3}::int + 0 + 0 as n`.execute(db);
        await a();
        await b();
        await a(); // b is now the least recently used
        await c();
        expect(await prepared()).toEqual(['select $1::int + 0 + 0 as n', 'select $1::int as n']);
        // b comes back: parsed again, in place of a
        expect((await b()).rows).toEqual([{ n: 2 }]);
        expect(await prepared()).toEqual(['select $1::int + 0 + 0 as n', 'select $1::int + 0 as n']);
        await db.transaction().execute(async (trx) => {
          expect((await sql<{ n: number }>`select ${1}::int as n`.execute(trx)).rows).toEqual([{ n: 1 }]);
          expect((await sql<{ n: number }>`select ${4}::int + 0 + 0 + 0 as n`.execute(trx)).rows).toEqual([
            { n: 4 },
          ]);
        });
        expect(await prepared()).toEqual(['select $1::int + 0 + 0 + 0 as n', 'select $1::int as n']);

        // In a failed transaction the DEALLOCATE fails as well; the statement it named still works after.
        await expect(
          db.transaction().execute(async (trx) => {
            await expect(sql`select ${1}::int / 0`.execute(trx)).rejects.toThrow('division by zero');
            await sql`select ${5}::int + 0 + 0 + 0 + 0 as n`.execute(trx);
          }),
        ).rejects.toThrow('current transaction is aborted');
        // Named by the failed DEALLOCATE:
        expect((await sql<{ n: number }>`select ${4}::int + 0 + 0 + 0 as n`.execute(db)).rows).toEqual([
          { n: 4 },
        ]);
      },
      2,
    ));
});

describe('pageAndTotal', () => {
  it('reads a page in its order and the total in one statement, also past the last page and for nothing found', () =>
    withEmptyDb('cg_page', async (db) => {
      await sql`create table t (id int primary key, name text, total int)`.execute(db);
      await sql`insert into t select n, 'n' || n, n * 10 from generate_series(1, 5) n`.execute(db);
      // biome-ignore lint/suspicious/noExplicitAny: a table made by the test, not in the schema
      const t = (db as any).selectFrom('t');
      const list = (where: number, page: number) =>
        pageAndTotal(
          db,
          t
            .selectAll()
            .where('id', '>', where)
            .orderBy('id', 'desc')
            .$call((q: never) => pageOf(q, { page, pageSize: 2 })),
          t.select(sql`count(*)`.as('n')).where('id', '>', where),
        );
      expect(await list(0, 1)).toEqual({
        rows: [
          { id: 5, name: 'n5', total: 50 },
          { id: 4, name: 'n4', total: 40 },
        ],
        total: 5,
      });
      expect(await list(0, 3)).toEqual({ rows: [{ id: 1, name: 'n1', total: 10 }], total: 5 });
      expect(await list(0, 4)).toEqual({ rows: [], total: 5 });
      expect(await list(5, 1)).toEqual({ rows: [], total: 0 });
    }));
});

describe('compiledOnce', () => {
  it('builds a query once per shape and runs it with each call’s values; a value that is not a parameter is refused', () =>
    withEmptyDb('cg_compiled', async (db) => {
      await sql`create table t (id int primary key, name text, kind text)`.execute(db);
      await sql`insert into t select n, 'n' || n, case when n % 2 = 0 then 'even' else 'odd' end
        from generate_series(1, 6) n`.execute(db);
      // biome-ignore lint/suspicious/noExplicitAny: a table made by the test, not in the schema
      const t = (db: Db) => (db as any).selectFrom('t');
      let builds = 0;
      const byKind = compiledOnce((db, values: { from: number; to: number }, kind) => {
        builds++;
        return t(db)
          .select(['id', 'name'])
          .where('id', '>=', values.from)
          .where('kind', '=', sql.lit(kind))
          .where(sql`id <= ${values.to}`)
          .orderBy('id');
      });
      expect(await byKind(db, { from: 2, to: 5 }, 'even')).toEqual([
        { id: 2, name: 'n2' },
        { id: 4, name: 'n4' },
      ]);
      expect(await byKind(db, { from: 1, to: 6 }, 'even')).toEqual([
        { id: 2, name: 'n2' },
        { id: 4, name: 'n4' },
        { id: 6, name: 'n6' },
      ]);
      expect(builds).toBe(1);
      expect(await byKind(db, { from: 4, to: 6 }, 'odd')).toEqual([{ id: 5, name: 'n5' }]);
      expect(builds).toBe(2);
      // Also in a transaction.
      await db.transaction().execute(async (trx) => {
        expect(await byKind(trx, { from: 3, to: 3 }, 'odd')).toEqual([{ id: 3, name: 'n3' }]);
      });

      const literal = compiledOnce((db, values: { name: string }) =>
        t(db).selectAll().where('name', '=', sql.lit(values.name)),
      );
      await expect(literal(db, { name: 'n1' })).rejects.toThrow('name is not a bound parameter');
      const unused = compiledOnce((db, _values: { id: number }) => t(db).selectAll());
      await expect(unused(db, { id: 1 })).rejects.toThrow('id is not a bound parameter');
    }));
});

describe('builtOnce', () => {
  it('keeps one beginning per pool or transaction, which each query extends without changing it', () =>
    withEmptyDb('cg_built', async (db) => {
      await sql`create table t (id int primary key, name text)`.execute(db);
      await sql`insert into t select n, 'n' || n from generate_series(1, 4) n`.execute(db);
      let builds = 0;
      const base = builtOnce((db) => {
        builds++;
        // biome-ignore lint/suspicious/noExplicitAny: a table made by the test, not in the schema
        return (db as any).selectFrom('t').select(['id', 'name']).orderBy('id');
      });
      expect(await base(db).where('id', '>', 2).execute()).toEqual([
        { id: 3, name: 'n3' },
        { id: 4, name: 'n4' },
      ]);
      expect(await base(db).where('id', '<', 2).execute()).toEqual([{ id: 1, name: 'n1' }]);
      expect(builds).toBe(1);
      await db.transaction().execute(async (trx) => {
        await sql`insert into t values (5, 'n5')`.execute(trx);
        expect((await base(trx).where('id', '>', 4).execute()).map((r: { id: number }) => r.id)).toEqual([5]);
      });
      expect(builds).toBe(2);
    }));
});

describe('DATABASE_URL', () => {
  it('makes the command line use that PostgreSQL and start none of its own', () =>
    withEmptyDatabase('cg_url', async (url) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-url-'));
      try {
        const env = {
          ...process.env,
          DATA_DIR: dataDir,
          DATABASE_URL: url,
        };
        const migrate = civicgrid('migrate', env);
        expect(migrate.stdout).toContain('The database schema is up to date.');
        expect(migrate.status).toBe(0);
        expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false);
        const target = new pg.Client({ connectionString: env.DATABASE_URL });
        await target.connect();
        const applied = await target.query('select count(*)::int as n from kysely_migration');
        await target.end();
        expect(applied.rows[0].n).toBe(migrationNames.length);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }));
});

describe('the DATA_DIR lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-lock-'));
  fs.chmodSync(dataDir, 0o755);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second server, lets a command share the running PostgreSQL, and frees the directory on stop', async () => {
    const server = await openEmbeddedDatabase(dataDir, 'server');
    try {
      server.announce('http://127.0.0.1:9999');
      const second = openEmbeddedDatabase(dataDir, 'server');
      await expect(second).rejects.toBeInstanceOf(DataDirBusyError);
      await expect(second).rejects.toThrow(/in use by a CivicGrid server at http:\/\/127\.0\.0\.1:9999/);

      // The user's view: `civicgrid serve` on the same directory explains and exits; `migrate` shares.
      const env = { ...process.env, DATA_DIR: dataDir, PORT: '0' };
      const serve = civicgrid('serve', env);
      expect(serve.status).toBe(1);
      expect(serve.stderr).toContain(`DATA_DIR ${dataDir} is in use by a CivicGrid server`);
      const migrate = civicgrid('migrate', env);
      expect(migrate.stderr).toContain('Using the PostgreSQL of the running server');
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).toBe('The database schema is up to date.\n');

      // A backup beside the running server finishes and exits (it used to wait on an idle
      // connection); the killed process of a timeout would have no status.
      const archive = path.join(dataDir, 'backup.gz');
      const backup = civicgrid(['backup', '--out', archive], env);
      expect(backup.error).toBeUndefined();
      expect(backup.status).toBe(0);
      expect(backup.stdout).toMatch(/^Backed up \d+ tables, \d+ rows to /);
      expect(backup.stderr).toContain('The data key is not in the backup');
      expect(fs.existsSync(archive)).toBe(true);

      const command = await openEmbeddedDatabase(dataDir, 'command');
      expect(command.owner).toBe(false);
      expect(command.url).toBe(server.url);
      const client = new pg.Client({ connectionString: command.url });
      await client.connect();
      expect((await client.query('select 1 as one')).rows[0].one).toBe(1);
      await client.end();
      await command.stop(); // a guest stops nothing
      const stillUp = new pg.Client({ connectionString: server.url });
      await stillUp.connect();
      await stillUp.end();
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'civicgrid.lock'))).toBe(false);
    // Four commands run here, each starting Node and TypeScript: on two busy cores, over 30 s.
  }, 180_000);

  it('takes over a lock left by a process that is gone', async () => {
    fs.writeFileSync(
      path.join(dataDir, 'civicgrid.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        holder: 'server',
        pgPort: 1,
        startedAt: new Date().toISOString(),
      }),
    );
    const server = await openEmbeddedDatabase(dataDir, 'server');
    expect(server.owner).toBe(true);
    await server.stop();
  });
});
