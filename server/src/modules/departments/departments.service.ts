import type { Db } from '../../db/database.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import * as repo from './departments.repository.ts';
import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from './departments.schemas.ts';

/**
 * The departments (职能部门) and professional forces (专业力量) cases are dispatched to, which a
 * new district names for itself: the defaults in cases/catalog.ts are only a start. A unit is
 * never deleted (cases and history name it); a retired one receives no new dispatches.
 */

type Row = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

function view(row: Row, lang: Lang): Department {
  return {
    code: row.code,
    name: lang === 'zh' ? row.name_zh : row.name_en,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    kind: row.kind,
    sort: row.sort,
    version: row.version,
    retired: row.retired_at !== null,
  };
}

/** Everyone signed in reads the active units (case forms choose from them); managers also the retired. */
export async function listDepartments(db: Db, auth: Auth | null, includeRetired: boolean, lang: Lang) {
  if (!auth) throw new AppError('unauthenticated');
  if (includeRetired) requirePermission(auth, 'departments.manage');
  return (await repo.list(db, includeRetired)).map((row) => view(row, lang));
}

export async function createDepartment(db: Db, auth: Auth | null, body: CreateDepartmentBody, lang: Lang) {
  const caller = requirePermission(auth, 'departments.manage');
  const row = await db.transaction().execute(async (trx) => {
    if (await repo.find(trx, body.code)) throw new AppError('department_exists', { code: body.code });
    const created = await repo.insert(trx, {
      code: body.code,
      name_zh: body.nameZh.trim(),
      name_en: body.nameEn.trim(),
      kind: body.kind,
      sort: body.sort ?? (await repo.nextSort(trx)),
    });
    await audit(trx, caller, {
      action: 'departments.create',
      targetType: 'department',
      targetId: body.code,
      detail: { nameZh: created.name_zh, nameEn: created.name_en, kind: created.kind },
    });
    return created;
  });
  return view(row, lang);
}

/** The unit, locked, as the caller may change it: present, not retired, on the version read. */
async function changeable(trx: Db, code: string, version: number) {
  const current = await repo.lock(trx, code);
  if (!current) throw new AppError('not_found');
  if (current.retired_at) throw new AppError('department_retired', { code });
  if (current.version !== version)
    throw new AppError(
      'version_conflict',
      { currentVersion: current.version },
      { currentVersion: current.version },
    );
  return current;
}

export async function updateDepartment(
  db: Db,
  auth: Auth | null,
  code: string,
  body: UpdateDepartmentBody,
  lang: Lang,
) {
  const caller = requirePermission(auth, 'departments.manage');
  const row = await db.transaction().execute(async (trx) => {
    const current = await changeable(trx, code, body.version);
    const change = {
      ...(body.nameZh !== undefined && { name_zh: body.nameZh.trim() }),
      ...(body.nameEn !== undefined && { name_en: body.nameEn.trim() }),
      ...(body.kind !== undefined && { kind: body.kind }),
      ...(body.sort !== undefined && { sort: body.sort }),
    };
    const updated = await repo.update(trx, code, body.version, change);
    if (!updated) throw new AppError('version_conflict', { currentVersion: current.version + 1 });
    const changes = Object.fromEntries(
      Object.entries(change)
        .filter(([key, value]) => current[key as keyof typeof change] !== value)
        .map(([key, value]) => [key, [current[key as keyof typeof change], value]]),
    );
    await audit(trx, caller, {
      action: 'departments.update',
      targetType: 'department',
      targetId: code,
      detail: { version: updated.version, changes },
    });
    return updated;
  });
  return view(row, lang);
}

/** A unit that categories or routing rules still send cases to is kept until they are changed. */
export async function retireDepartment(db: Db, auth: Auth | null, code: string, version: number, lang: Lang) {
  const caller = requirePermission(auth, 'departments.manage');
  const row = await db.transaction().execute(async (trx) => {
    await changeable(trx, code, version);
    const uses = await repo.countUses(trx, code);
    if (uses > 0) throw new AppError('department_in_use', { code, count: uses });
    const retired = await repo.update(trx, code, version, { retired_at: new Date() });
    if (!retired) throw new AppError('version_conflict', { currentVersion: version + 1 });
    await audit(trx, caller, {
      action: 'departments.retire',
      targetType: 'department',
      targetId: code,
      detail: { version: retired.version },
    });
    return retired;
  });
  return view(row, lang);
}
