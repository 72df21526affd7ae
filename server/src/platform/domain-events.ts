import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/types.ts';
import { insertEvents, selectEvents } from './domain-events.repository.ts';

/**
 * Domain events: facts a module records for other modules to read later, without either
 * importing the other. The writer records the event in the transaction that makes the change
 * (so an event exists exactly when its change does); a reader pages through the kinds it cares
 * about by id and keeps the last id it handled (reading twice must be harmless).
 *
 * Kinds are named `<module>.<fact>` and documented in docs/architecture.md, e.g.
 * `enforcement.decision_final` (subject: `org` and the organization's id).
 */
export interface NewDomainEvent {
  kind: string;
  subjectType: string;
  subjectId: string;
  /** The area the fact belongs to, for readers that filter by scope. */
  areaCode?: string | null;
  payload?: Record<string, unknown>;
  occurredAt?: Date;
}

export interface DomainEvent {
  id: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  areaCode: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** Records events; pass the transaction that makes the change they describe. */
export function recordEvents(db: Db | Transaction<Database>, events: NewDomainEvent[]): Promise<void> {
  return insertEvents(db, events);
}

/** The events of these kinds after `afterId`, oldest first. */
export function readEvents(db: Db, kinds: string[], afterId = 0, limit = 1000): Promise<DomainEvent[]> {
  return selectEvents(db, { kinds, afterId, limit });
}
