/**
 * The "raw" reference of BENCHMARKS.md: the SQL statements one request sends, recorded with their
 * parameters, then run again in a bare `pg` loop (no CivicGrid code) at the same concurrency. It is
 * the limit the database itself sets for that request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { secondsSince } from './report.ts';

export interface Statement {
  text: string;
  values: unknown[] | undefined;
}

const recording = new AsyncLocalStorage<Statement[]>();
let installed = false;
let current: Statement[] | null = null;

/** The header that asks for a request's statements to be recorded. */
export const RECORD_HEADER = 'x-bench-record';

/**
 * Lets `record` see the statements of requests made with RECORD_HEADER: the request's hooks,
 * handler and everything they await run in a context that collects every `pg` query sent, in
 * order. (A context set around `app.inject` does not reach the handler once the app is ready.)
 * Call before the app is ready.
 */
export function installRecorder(app: FastifyInstance) {
  if (!installed) {
    installed = true;
    // biome-ignore lint/suspicious/noExplicitAny: forwards all of pg's overloads.
    const original = pg.Client.prototype.query as (...args: any[]) => any;
    // biome-ignore lint/suspicious/noExplicitAny: forwards all of pg's overloads.
    pg.Client.prototype.query = function (this: pg.Client, config: any, values?: any, callback?: any): any {
      const into = recording.getStore();
      const text: string | undefined = typeof config === 'string' ? config : config?.text;
      if (into && text && !/^deallocate /i.test(text))
        into.push({ text, values: Array.isArray(values) ? values : config?.values });
      return original.call(this, config, values, callback);
    } as typeof pg.Client.prototype.query;
  }
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers[RECORD_HEADER] && current) recording.run(current, done);
    else done();
  });
}

/** The statements `work` (a request carrying RECORD_HEADER) sends. */
export async function record<T>(work: () => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
  const statements: Statement[] = [];
  current = statements;
  try {
    return { result: await work(), statements };
  } finally {
    current = null;
  }
}

export interface RawFigures {
  perSecond: number;
  p50: number;
  p99: number;
  statements: number;
}

const nameOf = (text: string) => `raw_${createHash('sha1').update(text).digest('base64url')}`;

/**
 * Runs `iteration` on `connections` concurrent loops for `seconds`.
 */
async function loop(connections: number, seconds: number, iteration: () => Promise<void>) {
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (process.hrtime.bigint() < until) {
        const began = process.hrtime.bigint();
        await iteration();
        latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
      }
    }),
  );
  const elapsed = secondsSince(start);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  };
}

/** The recorded statements of a read, one after the other on one connection, prepared as the server prepares them. */
export async function rawReads(
  url: string,
  statements: Statement[],
  options: { poolSize: number; connections: number; seconds: number },
): Promise<RawFigures> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    options: '-c max_parallel_workers_per_gather=0',
  });
  const iteration = async () => {
    const client = await pool.connect();
    try {
      for (const s of statements)
        await (s.values && s.values.length > 0
          ? client.query({ name: nameOf(s.text), text: s.text, values: s.values })
          : client.query(s.text));
    } finally {
      client.release();
    }
  };
  try {
    // Warm: every connection opened, every statement prepared on it.
    await Promise.all(Array.from({ length: options.poolSize }, iteration));
    const r = await loop(options.connections, options.seconds, iteration);
    return { ...r, statements: statements.length };
  } finally {
    await pool.end();
  }
}

/**
 * A raw group-committed write of the rows one report writes: `write` is the report's one
 * statement (each parameter an array with one element per report: cases, timeline entries,
 * steps, jobs, audit entries). Concurrent reports waiting while a group is written make the
 * next group, whose parameters are the reports' arrays laid end to end, each with a new case id
 * in place of the recorded one. Nothing else runs: no checks, no answer.
 */
export async function rawGroupWrites(
  url: string,
  write: Statement,
  caseId: string,
  options: { poolSize: number; connections: number; seconds: number },
): Promise<RawFigures & { meanGroup: number }> {
  const values = write.values ?? [];
  if (!values.every((v) => Array.isArray(v)))
    throw new Error('the report statement has non-array parameters');
  const withId = (id: string) =>
    values.map((column) =>
      (column as unknown[]).map((v) =>
        typeof v === 'string' && v.includes(caseId) ? v.replaceAll(caseId, id) : v,
      ),
    );
  let waiting: { columns: unknown[][]; done: () => void; fail: (e: unknown) => void }[] = [];
  let writing = false;
  let groups = 0;
  let grouped = 0;
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize });
  const next = () => {
    if (writing || waiting.length === 0) return;
    const group = waiting.slice(0, 200);
    waiting = waiting.slice(200);
    writing = true;
    groups++;
    grouped += group.length;
    const params = values.map((_, c) => group.flatMap((g) => g.columns[c]!));
    pool.query({ name: nameOf(write.text), text: write.text, values: params }).then(
      () => {
        writing = false;
        next();
        for (const g of group) g.done();
      },
      (error) => {
        writing = false;
        next();
        for (const g of group) g.fail(error);
      },
    );
  };
  const r = await loop(options.connections, options.seconds, async () => {
    await new Promise<void>((done, fail) => {
      waiting.push({ columns: withId(randomUUID()), done, fail });
      next();
    });
  });
  await pool.end();
  return { ...r, statements: 1, meanGroup: grouped / Math.max(groups, 1) };
}
