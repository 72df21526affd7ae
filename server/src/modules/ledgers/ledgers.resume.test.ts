import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { createTestDatabase } from '../../test/harness.ts';
import { idCheckChar } from '../registry/identity.ts';

/**
 * The import as an operator runs it, through the command line, killed half-way: the registry must
 * hold exactly the committed batches, and running the same command again must finish the job and
 * leave the registry as one clean run leaves it.
 */
const cli = path.resolve(import.meta.dirname, '../../../bin/civicgrid.js');
const ROWS = 16_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ledger-'));
const file = path.join(dataDir, '户籍人口.csv');

let killed: Awaited<ReturnType<typeof createTestDatabase>>;
let clean: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  [killed, clean] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const houses = await killed.db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['b.address', 'h.room'])
    .where('h.retired_at', 'is', null)
    .orderBy('h.id')
    .limit(500)
    .execute();
  const lines = ['姓名,公民身份号码,性别,联系电话,现住址'];
  for (let i = 0; i < ROWS; i++) {
    // Unique numbers nobody in the demo has: one birth day per thousand rows, a sequence within it.
    const born = new Date(Date.UTC(1950, 0, 1 + Math.floor(i / 1000)))
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const number = `542621${born}${String(i % 1000).padStart(3, '0')}`;
    const house = houses[i % houses.length];
    lines.push(
      `导入测试${i},${number}${idCheckChar(number)},${Number(number[16]) % 2 ? '男' : '女'},139${String(i).padStart(8, '0')},${house.address} ${house.room}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}, 120_000);

afterAll(async () => {
  await Promise.all([killed?.drop(), clean?.drop()]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function run(
  url: string,
  dieAfterBatches?: number,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; output: string }> } {
  const child = spawn(process.execPath, [cli, 'import', file, '--ledger', 'ps_registered_population'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: url,
      CIVICGRID_DATA_KEY: '07'.repeat(32),
      // The process kills itself (SIGKILL, no clean-up) right after that batch commits.
      CIVICGRID_TEST_DIE_AFTER_BATCHES: dieAfterBatches === undefined ? '' : String(dieAfterBatches),
    },
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return {
    child,
    done: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output }))),
  };
}

const imported = (db: Db) =>
  db
    .selectFrom('people')
    .select(['id_number_hash', 'name', 'house_id', 'grid_code', 'phone_hash', 'version', 'retired_at'])
    .where('name', 'like', '导入测试%')
    .orderBy('id_number_hash')
    .execute();

describe('an import killed half-way', () => {
  it('keeps exactly the committed batches, resumes after them, and ends as one clean run', async () => {
    // Killed right after its first committed batch: a deterministic moment, not a race with polling.
    const first = await run(killed.url, 1).done;
    expect(first.signal, first.output).toBe('SIGKILL');

    const imp = await killed.db.selectFrom('ledger_imports').selectAll().executeTakeFirstOrThrow();
    expect(imp.state).toBe('importing');
    expect(imp.committed_rows).toBe(2_500);
    // Exactly the committed rows are in the registry, each with its history entry.
    const partial = await imported(killed.db);
    expect(partial.length).toBe(imp.committed_rows);
    expect(imp.rows_new).toBe(imp.committed_rows);
    const history = await killed.db
      .selectFrom('registry_history')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('source_ref', '=', imp.id)
      .executeTakeFirstOrThrow();
    expect(history.n).toBe(imp.committed_rows);

    const second = await run(killed.url).done;
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain(`Resuming import ${imp.id}`);
    const resumed = await killed.db.selectFrom('ledger_imports').selectAll().executeTakeFirstOrThrow();
    expect(resumed).toMatchObject({ state: 'done', rows_new: ROWS, committed_rows: ROWS });

    const single = await run(clean.url).done;
    expect(single.code, single.output).toBe(0);
    const [a, b] = await Promise.all([imported(killed.db), imported(clean.db)]);
    expect(a.length).toBe(ROWS);
    expect(a).toEqual(b);
  }, 300_000);
});
