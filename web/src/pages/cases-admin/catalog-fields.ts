import type { TFunction } from 'i18next';
import type { Department } from '../../app/case-catalog';

/** The server's rule for a category or department code (server/src/modules/cases/catalog.schemas.ts). */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;
/** "No parent" / "any category" in a select: antd options should not have a `null` value. */
export const NONE = '';

/** Departments grouped by kind, for a select. */
export function departmentOptions(departments: Department[] | undefined, t: TFunction) {
  return (['department', 'force'] as const)
    .map((kind) => ({
      label: t(`caseAdmin.kind.${kind}`),
      options: (departments ?? [])
        .filter((d) => d.kind === kind)
        .map((d) => ({ value: d.code, label: d.name })),
    }))
    .filter((group) => group.options.length > 0);
}
