import type { Db } from '../../db/database.ts';
import { orgsWithCreditCodes } from '../registry/index.ts';
import { periodOf } from './credit.periods.ts';
import * as repo from './credit.repository.ts';

/** An entry and, perhaps, its repair application, for a bulk load (the demo district). */
export interface BulkRecord {
  org: { id: string; name: string; creditCode: string | null; gridCode: string };
  source: 'enforcement' | 'case' | 'market_ledger' | 'commendation';
  ref: string;
  severity: 'major' | 'general';
  title: string;
  legalBasis: string | null;
  documentNumber: string | null;
  decidedOn: string;
  repair?: {
    state: 'pending' | 'approved' | 'refused';
    appliedAt: Date;
    decidedAt: Date | null;
    reason: string;
    decisionReason: string | null;
  };
}

const KIND = {
  enforcement: 'penalty',
  case: 'case_outcome',
  market_ledger: 'abnormal_operation',
  commendation: 'commendation',
} as const;

/** The organizations the demo may give records: those with a credit code. */
export const organizationsForDemo = orgsWithCreditCodes;

/** Inserts entries and repairs in a few statements; an approved repair marks its entry repaired. */
export async function recordInBulk(
  db: Db,
  records: BulkRecord[],
): Promise<{ entries: number; repairs: number }> {
  const inserted = await repo.insertEntriesReturningRefs(
    db,
    records.map((r) => {
      const kind = KIND[r.source];
      const severity = kind === 'commendation' ? 'positive' : r.severity;
      return {
        org_id: r.org.id,
        credit_code: r.org.creditCode,
        org_name: r.org.name,
        area_code: r.org.gridCode,
        source: r.source,
        source_ref: r.ref,
        kind,
        severity,
        title: r.title,
        legal_basis: r.legalBasis,
        document_number: r.documentNumber,
        decided_on: r.decidedOn,
        publish_until: periodOf(kind, severity, r.decidedOn).publishUntil,
        visibility: kind === 'case_outcome' ? 'restricted' : 'public',
      };
    }),
  );
  const idOf = new Map(inserted.map((e) => [e.source_ref, e.id]));
  const repairs = records.filter((r) => r.repair && idOf.has(r.ref));
  await repo.insertRepairs(
    db,
    repairs.map((r) => ({
      entry_id: idOf.get(r.ref)!,
      state: r.repair!.state,
      applicant: r.org.name,
      reason: r.repair!.reason,
      evidence: JSON.stringify([{ name: '整改情况说明', note: r.repair!.reason }]),
      decided_at: r.repair!.decidedAt,
      decision_reason: r.repair!.decisionReason,
      created_at: r.repair!.appliedAt,
    })),
  );
  await repo.markApprovedRepaired(db);
  return { entries: inserted.length, repairs: repairs.length };
}
