import { forget } from '../../db/cache.ts';
import type { Db } from '../../db/database.ts';
import type { TimeLimits } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import { fieldError } from '../registry/index.ts';
import * as repo from './catalog.repository.ts';
import type { CategoryBody, RuleBody } from './catalog.schemas.ts';

/**
 * What administrators change in the case catalogue: a category's names, parent, default department
 * and time limits (a new one, or a change on the version they read), and the routing rules that
 * send a category in an area to a department (the departments themselves: modules/departments). Everything is audited; the 10-second category cache
 * of this instance is dropped at once.
 */

async function checkDepartment(db: Db, code: string | null) {
  if (code === null) return;
  const found = await repo.activeDepartment(db, code);
  if (!found) throw new AppError('department_not_found', { code });
}

export async function putCategory(db: Db, caller: Auth | null, code: string, body: CategoryBody) {
  const auth = requirePermission(caller, 'cases.configure');
  await checkDepartment(db, body.departmentCode);
  if (body.parentCode !== null) {
    // Two levels: a parent is a top-level category, and not the category itself.
    const parent = await repo.activeCategory(db, body.parentCode);
    if (!parent || parent.parent_code !== null || parent.code === code)
      throw new AppError('category_not_found', { code: body.parentCode });
  }
  const values = {
    parent_code: body.parentCode,
    name_zh: body.nameZh.trim(),
    name_en: body.nameEn.trim(),
    department_code: body.departmentCode,
    time_limits: body.timeLimits as TimeLimits,
  };
  const saved = await db.transaction().execute(async (trx) => {
    const current = await repo.lockCategory(trx, code);
    let version: number;
    if (!current) {
      if (body.version !== undefined) throw new AppError('category_not_found', { code });
      await repo.insertCategory(trx, code, values);
      version = 1;
    } else {
      if (body.version !== current.version)
        throw new AppError(
          'version_conflict',
          { currentVersion: current.version },
          { currentVersion: current.version },
        );
      if (current.parent_code === null && body.parentCode !== null && (await repo.hasChildren(trx, code)))
        throw fieldError('parentCode', 'has_children');
      version = current.version + 1;
      await repo.updateCategory(trx, code, values, version);
    }
    await audit(trx, auth, {
      action: 'cases.category_put',
      targetType: 'case_category',
      targetId: code,
      detail: { version },
    });
    return version;
  });
  forget(db, 'category:');
  return { code, version: saved };
}

/** The routing rules in the caller's area (and those for every area). */
export async function listRoutingRules(db: Db, caller: Auth | null) {
  const auth = requirePermission(caller, 'cases.configure');
  const rows = await repo.routingRules(db);
  return {
    items: rows
      .filter((r) => r.area_code === null || isWithin(r.area_code, auth.areaCode))
      .map((r) => ({
        id: r.id,
        categoryCode: r.category_code,
        areaCode: r.area_code,
        departmentCode: r.department_code,
      })),
  };
}

export async function addRoutingRule(db: Db, caller: Auth | null, body: RuleBody) {
  const auth = requirePermission(caller, 'cases.configure');
  const { categoryCode, areaCode, departmentCode } = body;
  if (areaCode !== null && !isWithin(areaCode, auth.areaCode))
    throw new AppError('area_not_found', { code: areaCode });
  await checkDepartment(db, departmentCode);
  if (categoryCode !== null) {
    const found = await repo.activeCategory(db, categoryCode);
    if (!found) throw new AppError('category_not_found', { code: categoryCode });
  }
  const rule = await db.transaction().execute(async (trx) => {
    const row = await repo.insertRoutingRule(trx, {
      category_code: categoryCode,
      area_code: areaCode,
      department_code: departmentCode,
    });
    await audit(trx, auth, {
      action: 'cases.routing_rule_add',
      targetType: 'routing_rule',
      targetId: row.id,
      detail: body,
    });
    return row;
  });
  return { id: rule.id, categoryCode, areaCode, departmentCode };
}

export async function removeRoutingRule(db: Db, caller: Auth | null, id: string) {
  const auth = requirePermission(caller, 'cases.configure');
  await db.transaction().execute(async (trx) => {
    const rule = await repo.findRoutingRule(trx, id);
    if (!rule || (rule.area_code !== null && !isWithin(rule.area_code, auth.areaCode)))
      throw new AppError('not_found');
    await repo.deleteRoutingRule(trx, rule.id);
    await audit(trx, auth, {
      action: 'cases.routing_rule_remove',
      targetType: 'routing_rule',
      targetId: rule.id,
      detail: rule,
    });
  });
}
