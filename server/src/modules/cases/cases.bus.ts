import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Db } from '../../db/database.ts';
import { notifyAll } from '../../db/notifications.ts';
import type { CaseState } from '../../db/types.ts';

export const CASES_CHANNEL = 'civicgrid_cases';

/** A case changed: enough for each listener to decide whether it concerns its user. */
export interface CaseChange {
  caseId: string;
  gridCode: string;
  departmentCode: string | null;
  state: CaseState;
  /** Set when the change is a warning, an escalation or a leader's instruction. */
  notice?: 'yellow' | 'red' | 'supervise';
}

/**
 * Tells the browsers connected to this instance (server-sent events) what changed, and the other
 * instances through NOTIFY; a change received from another instance is passed on here alone.
 * `null` means "anything may have changed" (the listener reconnected).
 */
export class CaseBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly instance = randomUUID();

  constructor(private readonly db: Db | null) {}

  publish(change: CaseChange): void {
    this.publishAll([change]);
  }

  /** Several changes, told to the other instances in one statement. */
  publishAll(changes: CaseChange[]): void {
    for (const change of changes) this.emitter.emit('change', change);
    if (this.db && changes.length > 0) {
      const payloads = changes.map((change) => JSON.stringify({ ...change, from: this.instance }));
      void notifyAll(this.db, CASES_CHANNEL, payloads).catch(() => {});
    }
  }

  /** A NOTIFY payload from the listener. */
  receive(payload: string | undefined): void {
    if (payload === undefined) {
      this.emitter.emit('change', null);
      return;
    }
    try {
      const { from, ...change } = JSON.parse(payload) as CaseChange & { from: string };
      if (from !== this.instance) this.emitter.emit('change', change);
    } catch {
      this.emitter.emit('change', null);
    }
  }

  subscribe(listener: (change: CaseChange | null) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
