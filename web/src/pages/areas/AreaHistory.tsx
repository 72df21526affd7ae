import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { areaQueries } from '../../app/areas.api';

/** Every version of an area: who changed what, when and how (from `GET /api/areas/{code}/history`). */
export function AreaHistory({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const history = useQuery(areaQueries.history(code));
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';

  if (history.isPending) return <Spin />;
  if (history.isError) return <Alert type="error" showIcon title={history.error.message} />;
  if (history.data.items.length === 0) return <Empty description={t('areas.historyEmpty')} />;

  // Field and source names are open-ended on the server; unknown ones are shown as they come.
  const label = (key: string, fallback: string) => (i18n.exists(key) ? t(key as 'app.name') : fallback);
  const value = (name: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === '') return t('areas.empty');
    if (name === 'retired') return raw ? t('area.retired') : t('area.active');
    if (name === 'level' && typeof raw === 'string') return label(`area.level.${raw}`, raw);
    if (typeof raw === 'number') return raw.toLocaleString(locale);
    return typeof raw === 'string' ? raw : JSON.stringify(raw);
  };
  // A boundary or a person's id says nothing when printed; that it changed is what matters.
  const describe = (name: string, [before, after]: unknown[], created: boolean) => {
    if (name === 'boundary' || name === 'headId') return t('areas.changed');
    if (created) return value(name, after);
    return t('areas.changedFromTo', { from: value(name, before), to: value(name, after) });
  };

  return (
    <Timeline
      data-testid="area-history"
      items={[...history.data.items]
        .sort((a, b) => b.version - a.version)
        .map((entry) => {
          const created = entry.version === 1;
          const changes = Object.entries(entry.changes).filter(([, [, after]]) => !created || after != null);
          return {
            key: entry.version,
            color: created ? 'green' : 'blue',
            title: new Date(entry.changedAt).toLocaleString(locale),
            content: (
              <>
                <Typography.Text strong>
                  {created && `${t('areas.historyCreated')} · `}
                  {t('areas.historyEntry', {
                    version: entry.version,
                    by: entry.changedBy ?? '—',
                    source: label(`areas.source.${entry.source}`, entry.source),
                  })}
                </Typography.Text>
                <ul className="cg-history-change">
                  {changes.map(([name, change]) => (
                    <li key={name}>
                      {t('areas.changeLine', {
                        field: label(`area.field.${name}`, name),
                        change: describe(name, change, created),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ),
          };
        })}
    />
  );
}
