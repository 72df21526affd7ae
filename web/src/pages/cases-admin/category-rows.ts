import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../app/case-catalog';
import { catalogAdminQueries } from './catalog-admin.api';

/** A category with its names in both languages, and its children when it is a top-level one. */
export interface CategoryRow extends Category {
  nameZh: string;
  nameEn: string;
  children?: CategoryRow[];
}

/** The categories as a two-level tree, named in both languages. */
export function useCategoryRows() {
  const { i18n } = useTranslation();
  const zh = useQuery(catalogAdminQueries.categoriesZh());
  const en = useQuery(catalogAdminQueries.categoriesEn());
  const rows = useMemo(() => {
    if (!zh.data || !en.data) return undefined;
    const english = new Map(en.data.items.map((c) => [c.code, c.name]));
    const flat: CategoryRow[] = zh.data.items.map((c) => {
      const nameEn = english.get(c.code) ?? c.name;
      return { ...c, nameZh: c.name, nameEn, name: i18n.language.startsWith('en') ? nameEn : c.name };
    });
    const tops = flat.filter((c) => c.parentCode === null);
    for (const top of tops) {
      const children = flat.filter((c) => c.parentCode === top.code);
      if (children.length) top.children = children;
    }
    // A child whose parent is not listed is still shown, at the top.
    const orphans = flat.filter((c) => c.parentCode !== null && !tops.some((t) => t.code === c.parentCode));
    return { tree: [...tops, ...orphans], flat };
  }, [zh.data, en.data, i18n.language]);
  return {
    rows,
    loading: zh.isFetching || en.isFetching,
    error: zh.error ?? en.error,
  };
}
