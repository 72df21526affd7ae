import { type Insertable, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  EnforcementEvidenceTable,
  EnforcementMattersTable,
  EnforcementStepsTable,
} from '../../db/types.ts';

export async function hasMatters(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('enforcement_matters').select('id').limit(1).executeTakeFirst());
}

/** Shops and companies in the grids where people live, with a case of theirs nearby where one exists. */
export function orgsForMatters(db: Db, limit: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'credit_code', 'grid_code', 'address'])
    .where('retired_at', 'is', null)
    .where('kind', 'in', ['shop', 'company', 'restaurant'])
    .orderBy('grid_code')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function casesInGrids(db: Db, grids: string[]) {
  if (grids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'grid_code'])
    .where('grid_code', 'in', grids)
    .where('category_code', 'like', 'appearance%')
    .orderBy('number')
    .limit(200)
    .execute();
}

export function officers(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role'])
    .where('role', 'in', ['enforcement_officer', 'legal_reviewer'])
    .orderBy('username')
    .execute();
}

export async function insertAll(
  db: Db,
  matters: Insertable<EnforcementMattersTable>[],
  steps: Insertable<EnforcementStepsTable>[],
  evidence: Insertable<EnforcementEvidenceTable>[],
) {
  await db.insertInto('enforcement_matters').values(matters).execute();
  if (steps.length) await db.insertInto('enforcement_steps').values(steps).execute();
  if (evidence.length) await db.insertInto('enforcement_evidence').values(evidence).execute();
  // Numbers go on after the demo's own.
  await sql`select setval('enforcement_matter_seq', ${matters.length})`.execute(db);
}
