import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LedgerTypesTable } from '../../db/types.ts';

export function listLedgerTypes(db: Db) {
  return db
    .selectFrom('ledger_types as t')
    .innerJoin('departments as d', 'd.code', 't.department_code')
    .select([
      't.code',
      't.department_code',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
      't.name_zh',
      't.name_en',
      't.entity',
      't.columns',
      't.defaults',
      't.priority',
      't.version',
      't.updated_at',
    ])
    .orderBy('t.department_code')
    .orderBy('t.code')
    .execute();
}

export function findLedgerType(db: Db, code: string) {
  return db.selectFrom('ledger_types').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The entity a ledger type fills; the type must exist. */
export function ledgerTypeEntity(db: Db, code: string) {
  return db.selectFrom('ledger_types').select('entity').where('code', '=', code).executeTakeFirstOrThrow();
}

export function ledgerTypeNames(db: Db) {
  return db.selectFrom('ledger_types').select(['code', 'name_zh', 'name_en']).execute();
}

/** Every type's saved columns, to propose a mapping for a file. */
export function ledgerTypeMappings(db: Db) {
  return db.selectFrom('ledger_types').select(['code', 'entity', 'columns']).execute();
}

export function departmentExists(db: Db, code: string) {
  return db.selectFrom('departments').select('code').where('code', '=', code).executeTakeFirst();
}

export function lockLedgerType(trx: Db, code: string) {
  return trx
    .selectFrom('ledger_types')
    .select(['version', 'entity'])
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
}

type LedgerTypeValues = Omit<Insertable<LedgerTypesTable>, 'code'>;

export async function insertLedgerType(trx: Db, code: string, values: LedgerTypeValues) {
  await trx
    .insertInto('ledger_types')
    .values({ code, ...values })
    .execute();
}

export async function updateLedgerType(trx: Db, code: string, values: LedgerTypeValues, version: number) {
  await trx
    .updateTable('ledger_types')
    .set({ ...values, version, updated_at: new Date() })
    .where('code', '=', code)
    .execute();
}

export async function anyLedgerType(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('ledger_types').select('code').limit(1).executeTakeFirst());
}

/** Adds the types whose code is not taken yet. */
export async function insertMissingLedgerTypes(db: Db, rows: Insertable<LedgerTypesTable>[]) {
  await db
    .insertInto('ledger_types')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
