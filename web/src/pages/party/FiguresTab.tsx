import { useQuery } from '@tanstack/react-query';
import { Alert, Card, InputNumber, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FigureRow, partyQueries, STATUSES } from './party.api';

/** Figures per street or community for a year. */
export function FiguresTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(Number(new Date().toISOString().slice(0, 4)));
  const figures = useQuery(partyQueries.figures(areaCode, year));
  const rows = figures.data
    ? [...figures.data.rows, { ...figures.data.total, areaName: t('party.total') }]
    : [];
  return (
    <Card
      title={t('party.tab.figures')}
      extra={<InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />}
    >
      <Typography.Paragraph type="secondary">{t('party.figuresIntro')}</Typography.Paragraph>
      {figures.isError && <Alert type="error" showIcon title={figures.error.message} />}
      <Table<FigureRow>
        rowKey={(r) => `${r.areaCode}-${r.areaName}`}
        size="small"
        loading={figures.isLoading}
        dataSource={rows}
        pagination={false}
        data-testid="party-figures"
        columns={[
          { title: t('party.field.areaCode'), dataIndex: 'areaName' },
          { title: t('party.tab.orgs'), dataIndex: 'orgs' },
          ...STATUSES.map((s) => ({
            title: t(`party.status.${s}`),
            key: s,
            render: (_: unknown, r: FigureRow) => r.members[s],
          })),
          {
            title: t('party.meetingsRatio'),
            key: 'meetings',
            render: (_: unknown, r: FigureRow) =>
              `${r.meetingsHeld} / ${r.meetingsRequired}${
                r.meetingsRequired > 0 ? ` (${Math.round((100 * r.meetingsHeld) / r.meetingsRequired)}%)` : ''
              }`,
          },
          { title: t('party.registered'), dataIndex: 'registered' },
          { title: t('party.field.hours'), dataIndex: 'hours' },
        ]}
      />
    </Card>
  );
}
