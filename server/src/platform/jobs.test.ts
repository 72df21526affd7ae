import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { createTestDatabase } from '../test/harness.ts';
import { cancelJobs, enqueue, type JobInfo, JobWorker, retryDelaySeconds } from './jobs.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  // This file's own database: whatever the template queued is not these tests' business.
  await db.updateTable('jobs').set({ done_at: new Date() }).where('done_at', 'is', null).execute();
});
afterAll(() => database.drop());

const jobsOf = (kind: string) =>
  db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute();
const secondsFromNow = (date: Date) => (date.getTime() - Date.now()) / 1000;
const makeDue = (kind: string) =>
  db.updateTable('jobs').set({ run_at: sql`now() - interval '1 second'` }).where('kind', '=', kind).execute();

describe('job queue', () => {
  it('runs each of 200 jobs exactly once with two workers on two pools', async () => {
    const other = createDb(database.url, 5);
    try {
      for (let i = 0; i < 200; i++) await enqueue(db, { kind: 'count', payload: { n: i } });
      const runs = new Map<number, number>();
      const seen = new Set<unknown>();
      const handler = async (payload: Record<string, unknown>, job: JobInfo) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        seen.add(payload.n);
        await new Promise((resolve) => setTimeout(resolve, 2));
      };
      const drain = async (worker: JobWorker) => {
        let total = 0;
        for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
        return total;
      };
      const [a, b] = await Promise.all([
        drain(new JobWorker(db, { count: handler }, { batchSize: 7 })),
        drain(new JobWorker(other, { count: handler }, { batchSize: 7 })),
      ]);
      expect(a + b).toBe(200);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      expect(runs.size).toBe(200);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      expect(seen.size).toBe(200);
      const rows = await jobsOf('count');
      expect(rows.every((r) => r.done_at !== null && r.attempts === 1 && r.last_error === null)).toBe(true);
    } finally {
      await other.destroy();
    }
  });

  it('retries a failing job later, then gives up and reports it', async () => {
    const errors: Array<{ err: unknown; job: JobInfo | null }> = [];
    let calls = 0;
    const worker = new JobWorker(
      db,
      {
        flaky: async () => {
          calls++;
          throw new Error(`failure ${calls}`);
        },
      },
      { onError: (err, job) => errors.push({ err, job }) },
    );
    await enqueue(db, { kind: 'flaky', maxAttempts: 3 });

    expect(await worker.runOnce()).toBe(1);
    let [job] = await jobsOf('flaky');
    expect(job).toMatchObject({ attempts: 1, done_at: null, locked_until: null });
    expect(job.last_error).toContain('failure 1');
    expect(secondsFromNow(job.run_at)).toBeCloseTo(retryDelaySeconds(1), 0);
    expect(await worker.runOnce()).toBe(0); // not due yet

    await makeDue('flaky');
    expect(await worker.runOnce()).toBe(1);
    [job] = await jobsOf('flaky');
    expect(job.attempts).toBe(2);
    expect(secondsFromNow(job.run_at)).toBeCloseTo(retryDelaySeconds(2), 0);
    expect(retryDelaySeconds(2)).toBe(2 * retryDelaySeconds(1));
    expect(errors).toEqual([]);

    await makeDue('flaky');
    expect(await worker.runOnce()).toBe(1);
    [job] = await jobsOf('flaky');
    expect(job.attempts).toBe(3);
    expect(job.done_at).not.toBeNull();
    expect(job.last_error).toContain('failure 3');
    expect(errors).toHaveLength(1);
    expect(errors[0].job).toEqual({ id: job.id, kind: 'flaky', key: null, attempts: 3 });
    expect((errors[0].err as Error).message).toBe('failure 3');

    await makeDue('flaky');
    expect(await worker.runOnce()).toBe(0);
    expect(calls).toBe(3);
  });

  it('fails a job nobody handles with a clear error', async () => {
    const errors: unknown[] = [];
    await enqueue(db, { kind: 'mystery', maxAttempts: 1 });
    const worker = new JobWorker(db, {}, { onError: (err) => errors.push(err) });
    expect(await worker.runOnce()).toBe(1);
    const [job] = await jobsOf('mystery');
    expect(job.done_at).not.toBeNull();
    expect(job.last_error).toContain('No handler for job kind "mystery"');
    expect(errors).toHaveLength(1);
  });

  it('keeps one pending job per key, rescheduled by each enqueue', async () => {
    const later = new Date(Date.now() + 3_600_000);
    await enqueue(db, { kind: 'remind', key: 'case-1', payload: { v: 1 }, runAt: later });
    const evenLater = new Date(Date.now() + 7_200_000);
    await enqueue(db, { kind: 'remind', key: 'case-1', payload: { v: 2 }, runAt: evenLater });
    await enqueue(db, { kind: 'remind', key: 'case-2', payload: { v: 3 }, runAt: later });
    let rows = await jobsOf('remind');
    expect(rows.map((r) => [r.key, r.payload, r.run_at.getTime()])).toEqual([
      ['case-1', { v: 2 }, evenLater.getTime()],
      ['case-2', { v: 3 }, later.getTime()],
    ]);

    const seen: unknown[] = [];
    const worker = new JobWorker(db, { remind: async (payload) => void seen.push(payload.v) });
    expect(await worker.runOnce()).toBe(0);
    await enqueue(db, { kind: 'remind', key: 'case-1', payload: { v: 4 } }); // due now
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([4]);

    // Once done, the key is free for a new job.
    await enqueue(db, { kind: 'remind', key: 'case-1', payload: { v: 5 }, runAt: later });
    rows = await jobsOf('remind');
    expect(rows.filter((r) => r.key === 'case-1').map((r) => [r.payload, r.done_at === null])).toEqual([
      [{ v: 4 }, false],
      [{ v: 5 }, true],
    ]);
    await cancelJobs(db, 'remind', 'case-1');
    await cancelJobs(db, 'remind', 'case-2');
  });

  it('cancels pending jobs by key', async () => {
    await enqueue(db, { kind: 'warn', key: 'a' });
    await enqueue(db, { kind: 'warn', key: 'b' });
    await cancelJobs(db, 'warn', 'a');
    const seen: unknown[] = [];
    const worker = new JobWorker(db, { warn: async (_payload, job) => void seen.push(job.key) });
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual(['b']);
    expect((await jobsOf('warn')).every((r) => r.done_at !== null)).toBe(true);
  });

  it('keeps a job rescheduled while it runs pending for its new time', async () => {
    const worker = new JobWorker(db, {
      moving: async (payload) => {
        if (payload.v === 1) {
          await enqueue(db, {
            kind: 'moving',
            key: 'k',
            payload: { v: 2 },
            runAt: new Date(Date.now() - 1000),
          });
        }
      },
    });
    await enqueue(db, { kind: 'moving', key: 'k', payload: { v: 1 } });
    expect(await worker.runOnce()).toBe(1);
    const [job] = await jobsOf('moving');
    expect(job).toMatchObject({ done_at: null, locked_until: null, attempts: 0, payload: { v: 2 } });
    expect(await worker.runOnce()).toBe(1);
    expect((await jobsOf('moving'))[0].done_at).not.toBeNull();
  });

  it("lets another worker take a crashed worker's job once its lock expires", async () => {
    await enqueue(db, { kind: 'crash' });
    // A worker claimed it, then died: the claim lasts one more second.
    await db
      .updateTable('jobs')
      .set({ attempts: 1, locked_until: sql`now() + interval '1 second'` })
      .where('kind', '=', 'crash')
      .execute();
    const runs: JobInfo[] = [];
    const worker = new JobWorker(db, { crash: async (_payload, job) => void runs.push(job) });
    expect(await worker.runOnce()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await worker.runOnce()).toBe(1);
    expect(runs).toEqual([expect.objectContaining({ kind: 'crash', attempts: 2 })]);
    const [job] = await jobsOf('crash');
    expect(job.done_at).not.toBeNull();
  });

  it('works the queue in the background until stopped, waiting for running jobs', async () => {
    let finished = 0;
    const worker = new JobWorker(
      db,
      {
        slow: async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          finished++;
        },
      },
      { pollMs: 20 },
    );
    worker.start();
    await enqueue(db, { kind: 'slow' });
    await enqueue(db, { kind: 'slow' });
    while ((await jobsOf('slow')).every((r) => r.locked_until === null && r.done_at === null)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.stop();
    const rows = await jobsOf('slow');
    expect(finished).toBe(rows.filter((r) => r.done_at !== null).length);
    expect(finished).toBeGreaterThan(0);
    expect(rows.every((r) => r.locked_until === null)).toBe(true);
  });
});
