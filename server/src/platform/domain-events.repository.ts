import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/types.ts';
import type { DomainEvent, NewDomainEvent } from './domain-events.ts';

export async function insertEvents(db: Db | Transaction<Database>, events: NewDomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('domain_events')
    .values(
      events.map((e) => ({
        kind: e.kind,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        area_code: e.areaCode ?? null,
        payload: JSON.stringify(e.payload ?? {}),
        ...(e.occurredAt ? { occurred_at: e.occurredAt } : {}),
      })),
    )
    .execute();
}

export async function selectEvents(
  db: Db,
  options: { kinds: string[]; afterId: number; limit: number },
): Promise<DomainEvent[]> {
  const rows = await db
    .selectFrom('domain_events')
    .selectAll()
    .where('kind', 'in', options.kinds)
    .where('id', '>', options.afterId)
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    areaCode: r.area_code,
    payload: r.payload,
    occurredAt: r.occurred_at,
  }));
}
