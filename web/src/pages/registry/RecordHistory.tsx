import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { registryQueries } from '../../app/registry.api';
import { byFieldOrder, isReference, useRecordFormat } from '../../app/registry.format';
import type { HistoryEntry, Resource } from '../../app/registry.model';

/** A system change names what caused it (`household:<id>`, `building:<id>`). */
function sourceKey(entry: HistoryEntry): string {
  const cause = entry.source === 'system' ? entry.sourceRef?.split(':')[0] : undefined;
  return `registry.source.${cause ? `system_${cause}` : entry.source}`;
}

/** Every version of a registry record: who changed which fields, from what to what, and how. */
export function RecordHistory({ resource, id }: { resource: Resource; id: string }) {
  const { t } = useTranslation();
  const history = useQuery(registryQueries.history(resource, id));
  const { fieldLabel, value, tr, locale } = useRecordFormat(resource);

  if (history.isPending) return <Spin />;
  if (history.isError) return <Alert type="error" showIcon title={history.error.message} />;
  if (history.data.items.length === 0) return <Empty description={t('registry.historyEmpty')} />;

  const describe = (name: string, [before, after]: unknown[], created: boolean) => {
    if (isReference(name)) return t(created ? 'registry.linked' : 'registry.changed');
    if (created || name === 'retired') return value(name, after);
    return t('registry.changedFromTo', { from: value(name, before), to: value(name, after) });
  };

  return (
    <Timeline
      data-testid="record-history"
      items={history.data.items.map((entry) => {
        const created = entry.version === 1;
        return {
          key: entry.version,
          color: created ? 'green' : entry.changes.retired ? 'red' : 'blue',
          title: new Date(entry.changedAt).toLocaleString(locale),
          content: (
            <div data-testid={`history-${entry.version}`}>
              <Typography.Text strong>
                {created && `${t('registry.historyCreated')} · `}
                {t('registry.historyEntry', {
                  version: entry.version,
                  by: entry.changedBy ?? '—',
                  source:
                    tr(sourceKey(entry), entry.source) +
                    (entry.source === 'ledger' && entry.sourceRow !== null
                      ? ` · ${t('ledgers.sourceRow', { row: entry.sourceRow })}`
                      : ''),
                })}
              </Typography.Text>
              <ul className="cg-history-change">
                {Object.entries(entry.changes)
                  .sort(([a], [b]) => byFieldOrder(a, b))
                  .map(([name, change]) => (
                    <li key={name}>
                      {t('registry.changeLine', {
                        field: fieldLabel(name),
                        change: describe(name, change, created),
                      })}
                    </li>
                  ))}
              </ul>
            </div>
          ),
        };
      })}
    />
  );
}
