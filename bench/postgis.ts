/**
 * The PostGIS reference for the locate benchmark: a throwaway PostgreSQL 15
 * cluster with PostGIS, the same grids (GiST-indexed) and points, and the
 * ST_Contains join timed. Runs only where Debian's postgresql-15-postgis-3 is
 * installed; this benchmark never installs anything.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Boundary } from '../server/src/geo/geojson.ts';
import { secondsSince } from './report.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';

export type PostgisResult =
  | { skipped: string }
  | { points: number; seconds: number; perSecond: number; disagreements: number };

export function postgisInstalled(): boolean {
  return existsSync(join(BIN, 'postgres')) && existsSync(POSTGIS_CONTROL);
}

/**
 * Places points[0 .. count) with PostGIS and compares with `ours` (grid index or -1 per point).
 * Points on a boundary may differ: ST_Contains excludes the boundary, we give such points to one grid.
 */
export async function measurePostgis(
  grids: { boundary: Boundary }[],
  lons: Float64Array,
  lats: Float64Array,
  ours: Int32Array,
): Promise<PostgisResult> {
  if (!postgisInstalled()) return { skipped: 'not installed' };
  let cluster: Cluster;
  try {
    cluster = await startCluster();
  } catch (error) {
    return {
      skipped: `could not start PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  try {
    const db = cluster.client;
    await db.query('CREATE EXTENSION postgis');
    await db.query('CREATE TABLE grids (id int PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)');
    for (let from = 0; from < grids.length; from += 2000) {
      const batch = grids.slice(from, from + 2000);
      await db.query(
        `INSERT INTO grids SELECT id, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) FROM unnest($1::int[], $2::text[]) AS t(id, g)`,
        [batch.map((_, i) => from + i), batch.map((g) => JSON.stringify(g.boundary))],
      );
    }
    await db.query('CREATE INDEX ON grids USING gist (geom)');
    await db.query('CREATE TABLE points (id int PRIMARY KEY, geom geometry(Point, 4326) NOT NULL)');
    for (let from = 0; from < ours.length; from += 50_000) {
      const ids = Array.from({ length: Math.min(50_000, ours.length - from) }, (_, i) => from + i);
      await db.query(
        `INSERT INTO points SELECT id, ST_SetSRID(ST_MakePoint(x, y), 4326) FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(id, x, y)`,
        [ids, ids.map((i) => lons[i]), ids.map((i) => lats[i])],
      );
    }
    await db.query('ANALYZE grids');
    await db.query('ANALYZE points');
    const join = 'FROM points p JOIN grids g ON ST_Contains(g.geom, p.geom)';
    const start = process.hrtime.bigint();
    await db.query(`SELECT count(*) ${join}`);
    const seconds = secondsSince(start);
    const found = new Int32Array(ours.length).fill(-1);
    for (const row of (await db.query(`SELECT p.id AS point, g.id AS grid ${join}`)).rows)
      found[row.point] = row.grid;
    let disagreements = 0;
    for (let i = 0; i < ours.length; i++) if (found[i] !== ours[i]) disagreements++;
    return { points: ours.length, seconds, perSecond: ours.length / seconds, disagreements };
  } catch (error) {
    return { skipped: `failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await cluster.stop();
  }
}

interface Cluster {
  client: pg.Client;
  stop: () => Promise<void>;
}

/** initdb a cluster in a temporary directory (as the postgres user when we are root) and start it on a free port. */
export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'civicgrid-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, bin), ...args]] : [join(BIN, bin), args];
  const data = join(dir, 'data');
  execFileSync(
    ...command('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']),
    {
      stdio: 'ignore',
    },
  );
  const port = await freePort();
  const settings = [
    '-c',
    'listen_addresses=',
    '-c',
    'fsync=off',
    '-c',
    'shared_buffers=256MB',
    '-c',
    'max_parallel_workers_per_gather=0',
  ];
  const server: ChildProcess = spawn(
    ...command('postgres', ['-D', data, '-p', String(port), '-k', dir, ...settings]),
    {
      stdio: 'ignore',
    },
  );
  let running = true;
  const exited = new Promise<void>((resolve) =>
    server.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  const stop = async () => {
    // runuser does not pass signals on, so signal the postmaster itself (SIGINT: fast shutdown).
    const postmaster = join(data, 'postmaster.pid');
    if (running && existsSync(postmaster))
      process.kill(Number(readFileSync(postmaster, 'utf8').split('\n')[0]), 'SIGINT');
    else server.kill('SIGINT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const client = await connect({ host: dir, port, user: 'postgres', database: 'postgres' }, () => running);
    return {
      client,
      stop: async () => {
        await client.end();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function connect(config: pg.ClientConfig, serverRunning: () => boolean): Promise<pg.Client> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client(config);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (!serverRunning()) throw new Error('postgres exited while starting');
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
