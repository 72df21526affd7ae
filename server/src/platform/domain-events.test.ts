import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import { createTestDatabase } from '../test/harness.ts';
import { readEvents, recordEvents } from './domain-events.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

describe('domain events', () => {
  it('are read by kind after a position, oldest first', async () => {
    await recordEvents(db, [
      { kind: 'test.a', subjectType: 'org', subjectId: '1', payload: { n: 1 } },
      { kind: 'test.b', subjectType: 'org', subjectId: '2' },
      { kind: 'test.a', subjectType: 'org', subjectId: '3', areaCode: '440305', payload: { n: 3 } },
    ]);
    const all = await readEvents(db, ['test.a']);
    expect(all.map((e) => [e.subjectId, e.payload.n])).toEqual([
      ['1', 1],
      ['3', 3],
    ]);
    expect(all[1].areaCode).toBe('440305');
    expect(await readEvents(db, ['test.a'], all[0].id)).toHaveLength(1);
    expect(await readEvents(db, ['test.a'], all[1].id)).toEqual([]);
  });

  it('exist only when the transaction that records them commits', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await recordEvents(trx, [{ kind: 'test.rolled', subjectType: 'org', subjectId: '9' }]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    expect(await readEvents(db, ['test.rolled'])).toEqual([]);
  });
});
