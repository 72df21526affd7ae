import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { loadGovernance } from './governance.loader.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 120_000);
afterAll(() => t?.close());

describe('demo self-governance', () => {
  it('has a year of meetings, decisions in every state with overdue ones, two owners’ votes', async () => {
    const meetings = await t.db
      .selectFrom('meetings')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('starts_at').as('first')])
      .executeTakeFirstOrThrow();
    expect(Number(meetings.n)).toBeGreaterThan(12);
    const states = await t.db.selectFrom('meeting_decisions').select('status').distinct().execute();
    expect(states.map((s) => s.status).sort()).toEqual([
      'cancelled',
      'completed',
      'in_progress',
      'not_started',
    ]);
    const overdue = await t.db
      .selectFrom('meeting_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['not_started', 'in_progress'])
      .where('due_date', '<', new Date().toISOString().slice(0, 10))
      .executeTakeFirstOrThrow();
    expect(Number(overdue.n)).toBeGreaterThan(0);
    const votes = await t.db
      .selectFrom('votes')
      .select(['matter', 'state', 'result'])
      .where('kind', '=', 'owners')
      .execute();
    expect(votes).toHaveLength(2);
    const results = votes.map(
      (v) => v.result as { outcome: string; quorumArea: boolean; quorumHeads: boolean },
    );
    expect(results.find((r) => r.outcome === 'passed')).toBeDefined();
    expect(results.find((r) => r.outcome === 'no_quorum')).toMatchObject({
      quorumArea: false,
      quorumHeads: true,
    });
  });

  it('loads in bulk, quickly', async () => {
    const started = Date.now();
    const loaded = await loadGovernance(t.db);
    const ms = Date.now() - started;
    console.log(
      `governance loader: ${loaded.meetings} meetings, ${loaded.decisions} decisions, ${loaded.votes} votes in ${ms} ms`,
    );
    expect(loaded.votes).toBe(2);
    expect(ms).toBeLessThan(10_000);
  });
});
