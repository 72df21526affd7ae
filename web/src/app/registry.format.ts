import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaNames } from './areas.api';
import { registryQueries } from './registry.api';
import type { Resource } from './registry.model';

/** The translation namespace of each resource's fields and values (GLOSSARY names). */
export const ENTITY = {
  people: 'person',
  households: 'household',
  buildings: 'building',
  houses: 'house',
  things: 'thing',
  orgs: 'org',
} as const satisfies Record<Resource, string>;

/** The focus-group tags the user's role may see and set. */
export function useTags(enabled = true): { code: string; name: string }[] {
  const tags = useQuery({ ...registryQueries.tags(), enabled });
  return useMemo(() => tags.data?.items ?? [], [tags.data]);
}

/** Labels of a resource's fields and readable text for their values, as lists, details and history show them. */
export function useRecordFormat(resource: Resource) {
  const { t, i18n } = useTranslation();
  // Only people have tags; the other resources need not wait for the figures.
  const tags = useTags(resource === 'people');
  const areaNames = useAreaNames();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const entity = ENTITY[resource];

  // Field names and codes are open-ended on the server; unknown ones are shown as they come.
  const tr = useCallback(
    (key: string, fallback: string) => (i18n.exists(key) ? t(key as 'app.name') : fallback),
    [t, i18n],
  );

  const fieldLabel = useCallback(
    (name: string) => tr(`${entity}.field.${name}`, tr(`registry.field.${name}`, name)),
    [tr, entity],
  );

  const value = useCallback(
    (name: string, raw: unknown): string => {
      if (raw === null || raw === undefined || raw === '') return t('registry.empty');
      const text = String(raw);
      switch (name) {
        case 'sex':
        case 'residency':
        case 'relation':
          return tr(`person.${name}.${text}`, text);
        case 'usage':
          return tr(`house.usage.${text}`, text);
        case 'state':
          return tr(`thing.state.${text}`, text);
        case 'category':
          return tr(`thing.category.${text}`, text);
        case 'kind':
          return tr(`org.kind.${text}`, text);
        case 'gridCode':
          return areaNames.get(text) ?? text;
        case 'retired':
          return t('registry.retiredAs', { reason: tr(`person.retireReason.${text}`, text) });
        case 'tags':
          if (!Array.isArray(raw)) break;
          if (raw.length === 0) return t('registry.none');
          return raw
            .map((tag) =>
              typeof tag === 'string' ? (tags.find((known) => known.code === tag)?.name ?? tag) : tag.name,
            )
            .join('、');
        case 'lon':
        case 'lat':
          return text;
      }
      if (typeof raw === 'number') return raw.toLocaleString(locale);
      if (typeof raw === 'boolean') return raw ? t('registry.yes') : t('registry.no');
      return typeof raw === 'string' ? raw : JSON.stringify(raw);
    },
    [t, tr, tags, areaNames, locale],
  );

  return { fieldLabel, value, tr, locale };
}

/** Ids of other records: printing one says nothing, that it changed is what matters. */
export const isReference = (field: string) => field.endsWith('Id');

// The order fields are listed in when a record's first version names them all.
const FIELD_ORDER = [
  'name',
  'kind',
  'category',
  'idNumber',
  'creditCode',
  'address',
  'room',
  'usage',
  'areaM2',
  'floors',
  'state',
  'residency',
  'phone',
  'relation',
  'houseId',
  'householdId',
  'buildingId',
  'headId',
  'moveInDate',
  'moveOutDate',
  'tags',
  'ownerDepartment',
  'responsiblePerson',
  'contactPhone',
  'lon',
  'lat',
  'gridCode',
  'retired',
];

export function byFieldOrder(a: string, b: string): number {
  const rank = (field: string) =>
    FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length;
  return rank(a) - rank(b);
}
