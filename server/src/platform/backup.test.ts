import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { createTestDatabase, testPii } from '../test/harness.ts';
import { ArchiveError } from './backup.archive.ts';
import { backup, RestoreRefusedError, restore } from './backup.ts';
import { assertOpens, WrongKeyError } from './key-rotation.ts';
import { Pii } from './pii.ts';

/** A database with nothing in it, as `create database` makes it. */
async function emptyDatabase(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `cg_restore_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = createDb(url, 3);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Rows and an order-independent checksum of every table, and every sequence's value. */
async function fingerprint(db: Db) {
  const { rows: tables } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const result: Record<string, unknown> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ n: number; md5: string | null }>`
      select count(*) as n, md5(string_agg(t::text, ',' order by t::text)) as md5
      from ${sql.table(name)} t`.execute(db);
    result[name] = rows[0];
  }
  const { rows: sequences } = await sql<{ name: string; value: string | null }>`
    select sequencename as name, last_value::text as value from pg_sequences
    where schemaname = 'public' order by sequencename`.execute(db);
  result.sequences = sequences;
  return result;
}

const checkKey = (samples: string[]) => assertOpens(testPii, samples);

let source: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
let archive: string;
beforeAll(async () => {
  source = await createTestDatabase();
  // Something in the sequences beyond the demo's own use, so that their restore is seen.
  await sql`select nextval('registry_history_id_seq')`.execute(source.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-backup-'));
  archive = path.join(dir, 'backup.gz');
  await backup(source.db, archive);
});
afterAll(async () => {
  await source.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('reproduces every table, row for row, and every sequence', async () => {
    const target = await emptyDatabase();
    try {
      const report = await restore(target.db, archive, { checkKey });
      const before = await fingerprint(source.db);
      expect(Object.keys(before)).toContain('kysely_migration');
      expect((before.people as { n: number }).n).toBeGreaterThan(0);
      expect(report.rows).toBeGreaterThan(0);
      expect(await fingerprint(target.db)).toEqual(before);
      // The triggers are back: history is still append-only.
      await expect(sql`delete from registry_history`.execute(target.db)).rejects.toThrow(/append-only/);
    } finally {
      await target.drop();
    }
  }, 120_000);

  it('keeps the encrypted columns as they were: no plaintext, readable with the same key', async () => {
    const text = fs.readFileSync(archive);
    const content = gunzipSync(text).toString('utf8');
    const { rows } = await sql<{ id_number_enc: string }>`
      select id_number_enc from people limit 5`.execute(source.db);
    for (const r of rows) {
      expect(content).toContain(r.id_number_enc);
      expect(content).not.toContain(testPii.decrypt(r.id_number_enc));
    }
  });

  it('refuses a database that has data, and leaves it as it was', async () => {
    const before = await fingerprint(source.db);
    await expect(restore(source.db, archive)).rejects.toThrow(RestoreRefusedError);
    expect(await fingerprint(source.db)).toEqual(before);
  });

  it('refuses a damaged archive before writing anything', async () => {
    const damaged = path.join(dir, 'damaged.gz');
    const bytes = fs.readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    // A change that still decompresses: only the checksum can tell.
    const edited = path.join(dir, 'edited.gz');
    const content = gunzipSync(fs.readFileSync(archive)).toString('utf8');
    fs.writeFileSync(edited, gzipSync(content.replace('\tmale\t', '\tfemale\t')));
    const truncated = path.join(dir, 'truncated.gz');
    fs.writeFileSync(truncated, gzipSync(content.slice(0, content.length - 90)));

    const target = await emptyDatabase();
    try {
      for (const file of [damaged, edited, truncated])
        await expect(restore(target.db, file)).rejects.toThrow(ArchiveError);
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from pg_tables where schemaname = 'public'`.execute(target.db);
      expect(rows[0].n).toBe(0);
    } finally {
      await target.drop();
    }
  }, 60_000);

  it('rolls back when the data key does not open the encrypted columns', async () => {
    const target = await emptyDatabase();
    try {
      const otherKey = new Pii(Buffer.alloc(32, 9));
      await expect(
        restore(target.db, archive, { checkKey: (samples) => assertOpens(otherKey, samples) }),
      ).rejects.toThrow(WrongKeyError);
      const { rows } = await sql<{ n: number }>`select count(*) as n from people`.execute(target.db);
      expect(rows[0].n).toBe(0);
    } finally {
      await target.drop();
    }
  }, 120_000);
});

describe('backup promises (docs/backup.md)', () => {
  it('writes the archive readable by its owner only (mode 0600)', () => {
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
  });

  it('takes one consistent moment while writes go on', async () => {
    const { rows } = await sql<{ id: string }>`select id from people order by id limit 2`.execute(source.db);
    const [a, b] = rows.map((r) => r.id);
    // Each transaction names both people alike: a backup of one moment can never see them differ.
    let round = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        round++;
        await source.db.transaction().execute(async (trx) => {
          await sql`update people set name = ${`一致${round}`} where id = ${a}`.execute(trx);
          await new Promise((r) => setTimeout(r, 5));
          await sql`update people set name = ${`一致${round}`} where id = ${b}`.execute(trx);
        });
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const startRound = round;
    const during = path.join(dir, 'during.gz');
    await backup(source.db, during);
    const endRound = round;
    writing = false;
    await writer;
    expect(endRound).toBeGreaterThan(startRound);

    const target = await emptyDatabase();
    try {
      await restore(target.db, during, { checkKey });
      const { rows: names } = await sql<{ name: string }>`
        select name from people where id in (${a}, ${b})`.execute(target.db);
      expect(names).toHaveLength(2);
      expect(names[0].name).toBe(names[1].name);
      expect(names[0].name).toMatch(/^一致\d+$/);
    } finally {
      await target.drop();
    }
  }, 180_000);

  it('refuses an archive from a newer CivicGrid before writing anything', async () => {
    const content = gunzipSync(fs.readFileSync(archive)).toString('utf8');
    const last = content.lastIndexOf('\n', content.length - 2);
    const body = content.slice(0, last + 1);
    const headerEnd = body.indexOf('\n');
    const header = JSON.parse(body.slice(0, headerEnd));
    header.migrations = [...header.migrations, '9999_from_the_future'];
    const newBody = `${JSON.stringify(header)}${body.slice(headerEnd)}`;
    const sha256 = createHash('sha256').update(newBody).digest('hex');
    const newer = path.join(dir, 'newer.gz');
    fs.writeFileSync(newer, gzipSync(`${newBody}${JSON.stringify({ sha256 })}\n`));

    const target = await emptyDatabase();
    try {
      await expect(restore(target.db, newer, { checkKey })).rejects.toThrow(/newer CivicGrid/);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(target.db);
      expect(rows[0].n).toBe(0);
    } finally {
      await target.drop();
    }
  }, 60_000);

  it('goes round through the command line: backup, then restore into an empty database', async () => {
    const cli = path.resolve(import.meta.dirname, '../../bin/civicgrid.js');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-backup-cli-'));
    const file = path.join(dataDir, 'cli.cgbackup.gz');
    const run = (args: string[], url: string) =>
      spawnSync(process.execPath, [cli, ...args], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          DATABASE_URL: url,
          CIVICGRID_DATA_KEY: '07'.repeat(32),
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const target = await emptyDatabase();
    try {
      const made = run(['backup', '--out', file], source.url);
      expect(made.status, made.stderr + made.stdout).toBe(0);
      expect(made.stdout).toMatch(/Backed up \d+ tables/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const back = run(['restore', file], target.url);
      expect(back.status, back.stderr + back.stdout).toBe(0);
      expect(await fingerprint(target.db)).toEqual(await fingerprint(source.db));
    } finally {
      await target.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
