import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/types.ts';
import type { JobInfo } from './jobs.ts';

/** Seconds before the next attempt after `attempts` failed ones: 10 s, 20 s, 40 s, … at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

export interface NewJob {
  kind: string;
  key?: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job. With a key, a pending job of the same kind and key is rescheduled instead (new
 * payload, time and a fresh count of attempts): one pending warning per case step, however often
 * the step's deadline moves.
 */
export async function enqueue(db: Db | Transaction<Database>, job: NewJob): Promise<void> {
  await jobsInsert([job]).execute(db);
}

/**
 * The statement adding jobs as `enqueue` does (no two may share a kind and key), to run with
 * others. Its text is the same however many jobs, so it is prepared once per connection.
 */
export function jobsInsert(jobs: NewJob[]) {
  // Plain SQL: the typed builder forbids updating `payload`, which only a reschedule may do.
  return sql`
    insert into jobs (kind, key, payload, run_at, max_attempts)
    select kind, key, payload, coalesce(run_at, now()), max_attempts
    from unnest(
      ${jobs.map((j) => j.kind)}::text[], ${jobs.map((j) => j.key ?? null)}::text[],
      ${jobs.map((j) => JSON.stringify(j.payload ?? {}))}::jsonb[],
      ${jobs.map((j) => j.runAt ?? null)}::timestamptz[], ${jobs.map((j) => j.maxAttempts ?? 5)}::int[]
    ) as j(kind, key, payload, run_at, max_attempts)
    on conflict (kind, key) where done_at is null and key is not null do update set
      payload = excluded.payload,
      run_at = excluded.run_at,
      max_attempts = excluded.max_attempts,
      -- A running job sees the reset when it finishes, and leaves the new schedule pending.
      attempts = 0,
      last_error = null
  `;
}

/** Marks the pending job of this kind and key done without running it. */
export async function cancelJobs(db: Db | Transaction<Database>, kind: string, key: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ done_at: sql`now()`, locked_until: null })
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('done_at', 'is', null)
    .execute();
}

export interface Claimed extends JobInfo {
  payload: Record<string, unknown>;
  /** Identifies this claim: a reclaimed job has another. */
  locked_until: Date;
}

export async function claim(db: Db, batchSize: number, lockSeconds: number): Promise<Claimed[]> {
  // Milliseconds, so the lock reads back into a Date unchanged and can identify the claim.
  const result = await sql<Claimed>`
    with due as (
      select id from jobs
      where done_at is null and run_at <= now() and (locked_until is null or locked_until <= now())
      order by run_at
      limit ${batchSize}
      for update skip locked
    )
    update jobs set
      attempts = jobs.attempts + 1,
      locked_until = date_trunc('milliseconds', now() + make_interval(secs => ${lockSeconds}))
    from due
    where jobs.id = due.id
    returning jobs.id, jobs.kind, jobs.key, jobs.payload, jobs.attempts, jobs.locked_until
  `.execute(db);
  return result.rows;
}

/** Done, unless rescheduled while running (then pending again) or reclaimed (then not ours). */
export async function succeed(db: Db, job: Claimed) {
  await db
    .updateTable('jobs')
    .set({
      done_at: sql`case when attempts = ${job.attempts} then now() end`,
      last_error: sql`case when attempts = ${job.attempts} then null else last_error end`,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .where('locked_until', '=', job.locked_until)
    .where('done_at', 'is', null)
    .execute();
}

/** Retried later, or done with the error (dead) after its last attempt; returns whether dead. */
export async function fail(db: Db, job: Claimed, error: string): Promise<boolean> {
  const ours = sql<boolean>`attempts = ${job.attempts}`;
  const row = await db
    .updateTable('jobs')
    .set({
      last_error: sql`case when ${ours} then ${error} else last_error end`,
      done_at: sql`case when ${ours} and attempts >= max_attempts then now() end`,
      run_at: sql`case when ${ours} then now() + make_interval(secs => ${retryDelaySeconds(job.attempts)}) else run_at end`,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .where('locked_until', '=', job.locked_until)
    .where('done_at', 'is', null)
    .returning('done_at')
    .executeTakeFirst();
  return row?.done_at != null;
}
