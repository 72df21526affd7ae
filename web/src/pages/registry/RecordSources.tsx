import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { SourcesSchema } from '../../../../server/src/modules/ledgers/ledgers.schemas.ts';
import { api } from '../../app/api';
import { byFieldOrder, useRecordFormat } from '../../app/registry.format';
import type { Resource } from '../../app/registry.model';

type Sources = Static<typeof SourcesSchema>;

/** The registry resources whose fields ledgers fill, by the entity name the data centre uses. */
export const SOURCE_ENTITY: Partial<Record<Resource, 'person' | 'org' | 'thing'>> = {
  people: 'person',
  orgs: 'org',
  things: 'thing',
};

/** 来源: where each field's current value came from (ledger, file, row, or entered by hand). */
export function RecordSources({ resource, id }: { resource: Resource; id: string }) {
  const { t } = useTranslation();
  const { fieldLabel, locale } = useRecordFormat(resource);
  const entity = SOURCE_ENTITY[resource];
  const sources = useQuery({
    queryKey: ['ledgers', 'sources', entity, id],
    queryFn: ({ signal }) => api.get<Sources>(`/api/ledger-sources/${entity}/${id}`, signal),
    enabled: entity !== undefined,
  });
  if (sources.isPending) return <Spin />;
  if (sources.isError) return <Alert type="error" showIcon title={sources.error.message} />;
  if (sources.data.fields.length === 0) return <Empty description={t('ledgers.sources.empty')} />;
  return (
    <Table
      rowKey="field"
      size="small"
      pagination={false}
      data-testid="record-sources"
      dataSource={[...sources.data.fields].sort((a, b) => byFieldOrder(a.field, b.field))}
      columns={[
        { key: 'field', title: t('ledgers.conflicts.field'), render: (_, s) => fieldLabel(s.field) },
        {
          key: 'source',
          title: t('ledgers.sources.title'),
          render: (_, s) =>
            s.ledgerName
              ? [s.ledgerName, s.fileName, s.row !== null && t('ledgers.sourceRow', { row: s.row })]
                  .filter(Boolean)
                  .join(' · ')
              : t('ledgers.sources.manual'),
        },
        {
          key: 'at',
          title: t('ledgers.conflicts.at'),
          render: (_, s) => (s.at ? new Date(s.at).toLocaleString(locale) : '—'),
        },
      ]}
    />
  );
}
