import type { Db } from '../../db/database.ts';
import type { CommandPanel } from '../../db/types.ts';

const LAYOUT = ['id', 'name', 'owner_user_id', 'owner_role', 'panels', 'version', 'updated_at'] as const;

/** The caller's own layouts and their role's, the caller's first. */
export async function listLayouts(db: Db, userId: string, role: string) {
  return db
    .selectFrom('command_layouts')
    .select(LAYOUT)
    .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('owner_role', '=', role)]))
    .orderBy('owner_user_id')
    .orderBy('name')
    .execute();
}

export async function findLayout(db: Db, owner: { userId: string } | { role: string }, name: string) {
  return db
    .selectFrom('command_layouts')
    .select(LAYOUT)
    .$call((q) =>
      'userId' in owner
        ? q.where('owner_user_id', '=', owner.userId)
        : q.where('owner_role', '=', owner.role),
    )
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function findLayoutById(db: Db, id: string) {
  return db.selectFrom('command_layouts').select(LAYOUT).where('id', '=', id).executeTakeFirst();
}

export async function insertLayout(
  db: Db,
  owner: { userId: string } | { role: string },
  name: string,
  panels: CommandPanel[],
) {
  return db
    .insertInto('command_layouts')
    .values({
      name,
      owner_user_id: 'userId' in owner ? owner.userId : null,
      owner_role: 'role' in owner ? owner.role : null,
      panels: JSON.stringify(panels),
    })
    .returning(LAYOUT)
    .executeTakeFirstOrThrow();
}

/** Replaces the panels when the version is still `version`; undefined otherwise. */
export async function updateLayout(db: Db, id: string, version: number, panels: CommandPanel[]) {
  return db
    .updateTable('command_layouts')
    .set((eb) => ({ panels: JSON.stringify(panels), version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(LAYOUT)
    .executeTakeFirst();
}

export async function deleteLayout(db: Db, id: string) {
  await db.deleteFrom('command_layouts').where('id', '=', id).execute();
}

// ---- monthly reports ----

const REPORT = ['id', 'area_code', 'month', 'generated_at', 'generated_by'] as const;

export async function listReports(db: Db, areaCode: string) {
  return db
    .selectFrom('command_reports')
    .select(REPORT)
    .where('area_code', '=', areaCode)
    .orderBy('month', 'desc')
    .execute();
}

export async function findReport(db: Db, id: string) {
  return db.selectFrom('command_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Keeps one report per area and month: a later run replaces the earlier. */
export async function saveReport(
  db: Db,
  report: {
    areaCode: string;
    month: string;
    docx: Buffer;
    xlsx: Buffer;
    figures: Record<string, unknown>;
    generatedBy: string | null;
  },
) {
  return db
    .insertInto('command_reports')
    .values({
      area_code: report.areaCode,
      month: report.month,
      docx: report.docx,
      xlsx: report.xlsx,
      figures: JSON.stringify(report.figures),
      generated_by: report.generatedBy,
    })
    .onConflict((oc) =>
      oc.columns(['area_code', 'month']).doUpdateSet((eb) => ({
        docx: eb.ref('excluded.docx'),
        xlsx: eb.ref('excluded.xlsx'),
        figures: eb.ref('excluded.figures'),
        generated_by: eb.ref('excluded.generated_by'),
        generated_at: new Date(),
      })),
    )
    .returning(REPORT)
    .executeTakeFirstOrThrow();
}
