export type Entity = 'person' | 'household' | 'building' | 'house' | 'thing' | 'org';

/** Where a change came from: a person at a screen, a ledger import (with its id), the field app… */
export interface ChangeSource {
  source: 'manual' | 'ledger' | 'field_app' | 'demo' | 'system';
  ref?: string | null;
}

export type Changes = Record<string, [unknown, unknown]>;

/** Field-by-field old → new, for the fields `next` sets to something else than `current` has. */
export function diff<T extends Record<string, unknown>>(current: T, next: Partial<T>): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(next)) {
    const value = next[key];
    if (value === undefined) continue;
    if (JSON.stringify(current[key] ?? null) !== JSON.stringify(value ?? null))
      changes[key] = [current[key] ?? null, value];
  }
  return changes;
}

export function createdChanges(values: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null) changes[key] = [null, value];
  return changes;
}

export interface HistoryEntry {
  entity: Entity;
  recordId: string;
  version: number;
  changedBy: string | null;
  changes: Changes;
}
