import type { Db } from '../db/database.ts';
import { type Claimed, claim, fail, succeed } from './jobs.repository.ts';

export { cancelJobs, enqueue, jobsInsert, type NewJob, retryDelaySeconds } from './jobs.repository.ts';

/**
 * Work that must happen later (a case's yellow and red warnings, escalation), kept in the `jobs`
 * table so it survives restarts and any number of instances can share it: a worker claims due
 * jobs with FOR UPDATE SKIP LOCKED and marks them locked until a time, after which a crashed
 * worker's jobs are claimable again. A job therefore runs at least once; handlers must tolerate
 * a second run.
 */

export interface JobInfo {
  id: number;
  kind: string;
  key: string | null;
  /** 1 on the first run. */
  attempts: number;
}
export type JobHandler = (payload: Record<string, unknown>, job: JobInfo) => Promise<void>;

export interface JobWorkerOptions {
  /** How long an idle worker waits before looking again. */
  pollMs?: number;
  /** How many jobs one claim takes; they run concurrently. */
  batchSize?: number;
  /** How long a claim lasts: a job still running then may be claimed by another worker. */
  lockSeconds?: number;
  /** A job that failed its last attempt (null: the queue itself could not be read). */
  onError?: (err: unknown, job: JobInfo | null) => void;
}

const messageOf = (err: unknown) =>
  (err instanceof Error ? err.stack || err.message : String(err)).slice(0, 4000);

export class JobWorker {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly lockSeconds: number;
  private readonly onError: (err: unknown, job: JobInfo | null) => void;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    options: JobWorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 10;
    this.lockSeconds = options.lockSeconds ?? 300;
    this.onError = options.onError ?? (() => {});
  }

  /** Works the queue until stopped: at once while there is work, every `pollMs` when there is none. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      let count = 0;
      try {
        const batch = this.runOnce();
        this.current = batch;
        count = await batch;
      } catch (err) {
        this.onError(err, null);
      }
      if (this.running) this.timer = setTimeout(tick, count >= this.batchSize ? 0 : this.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops claiming and waits for the jobs already running. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current.catch(() => {});
  }

  /** Claims the jobs due now (up to `batchSize`), runs them, and returns how many it ran. */
  async runOnce(): Promise<number> {
    const jobs = await claim(this.db, this.batchSize, this.lockSeconds);
    await Promise.all(jobs.map((job) => this.run(job)));
    return jobs.length;
  }

  private async run(job: Claimed): Promise<void> {
    const info: JobInfo = { id: job.id, kind: job.kind, key: job.key, attempts: job.attempts };
    try {
      const handler = Object.hasOwn(this.handlers, job.kind) ? this.handlers[job.kind] : undefined;
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(job.payload, info);
    } catch (err) {
      if (await fail(this.db, job, messageOf(err))) this.onError(err, info);
      return;
    }
    await succeed(this.db, job);
  }
}
