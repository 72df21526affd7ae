import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Satisfaction } from '../../../../server/src/modules/questions/questions.schemas.ts';
import { api, withQuery } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';

type Ratings = { rated: number; average: number; low: number } | null;

/** Residents' satisfaction with the answers to their questions and with their cases, with comments. */
export default function SatisfactionPage() {
  const { t, i18n } = useTranslation();
  const [areaCode, setAreaCode] = useState<string | null>(null);
  const data = useQuery({
    queryKey: ['questions', 'satisfaction', areaCode],
    queryFn: ({ signal }) =>
      api.get<Satisfaction>(withQuery('/api/questions/satisfaction', { areaCode }), signal),
  });
  const show = (r: Ratings) => (r ? `${r.average.toFixed(2)} (${r.rated}, ≤2: ${r.low})` : '—');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="questions-satisfaction">
      <Card
        title={t('questions.satisfaction.title')}
        extra={<AreaPicker value={areaCode} onChange={setAreaCode} style={{ width: 260 }} />}
      >
        <Table
          rowKey="areaCode"
          size="small"
          loading={data.isLoading}
          dataSource={data.data?.areas ?? []}
          pagination={false}
          columns={[
            { title: t('questions.satisfaction.area'), dataIndex: 'areaName' },
            { title: t('questions.satisfaction.answers'), render: (_, a) => show(a.answers) },
            { title: t('questions.satisfaction.cases'), render: (_, a) => show(a.cases) },
          ]}
        />
      </Card>
      <Card title={t('questions.satisfaction.answerers')}>
        <Table
          rowKey={(a) => `${a.kind}:${a.id}`}
          size="small"
          dataSource={data.data?.answerers ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('questions.satisfaction.answerer'), dataIndex: 'name' },
            {
              title: t('questions.satisfaction.kind'),
              render: (_, a) => t(`questions.satisfaction.kinds.${a.kind}`),
            },
            { title: t('questions.satisfaction.average'), render: (_, a) => a.average.toFixed(2) },
            { title: t('questions.satisfaction.rated'), dataIndex: 'rated' },
            { title: t('questions.satisfaction.low'), dataIndex: 'low' },
          ]}
        />
      </Card>
      <Card title={t('questions.satisfaction.comments')}>
        <Table
          rowKey={(c) => `${c.kind}:${c.subjectId}`}
          size="small"
          dataSource={data.data?.comments ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('questions.number'), dataIndex: 'number', width: 160 },
            {
              title: t('questions.satisfaction.kind'),
              width: 90,
              render: (_, c) => t(`questions.satisfaction.commentKinds.${c.kind}`),
            },
            {
              title: t('questions.rating'),
              width: 80,
              render: (_, c) => (
                <Tag color={c.rating <= 2 ? 'red' : c.rating >= 4 ? 'green' : 'gold'}>{c.rating}</Tag>
              ),
            },
            { title: t('questions.satisfaction.comment'), dataIndex: 'comment' },
            { title: t('questions.satisfaction.by'), dataIndex: 'by', width: 110 },
            {
              title: t('questions.satisfaction.at'),
              width: 170,
              render: (_, c) => new Date(c.at).toLocaleString(i18n.language),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
