import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Input, List, Pagination, Rate, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  AnswererRecordSchema,
  PublicQuestionSchema,
} from '../../../../server/src/modules/questions/questions.schemas.ts';
import { api, type Page, withQuery } from '../../app/api';
import { PublicFrame, useCommunity } from './PublicFrame';

type PublicQuestion = Static<typeof PublicQuestionSchema>;
type AnswererRecord = Static<typeof AnswererRecordSchema>;

/**
 * 网络问政 (`/public/questions`, no login): a community's answered public questions, searchable,
 * and each deputy's and department's record with the numbers of their questions overdue now.
 */
export default function PublicQuestionsPage() {
  const { t } = useTranslation();
  const community = useCommunity();
  const code = community.community?.code;
  return (
    <PublicFrame community={community}>
      <Typography.Title level={2}>
        {t('questions.public.title')}
        {community.community && ` · ${community.community.name}`}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('questions.public.subtitle')}</Typography.Paragraph>
      {code && (
        <Tabs
          items={[
            { key: 'answers', label: t('questions.public.answers'), children: <Answers code={code} /> },
            { key: 'records', label: t('questions.public.records'), children: <Records code={code} /> },
          ]}
        />
      )}
    </PublicFrame>
  );
}

function Answers({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['public', 'questions', code, q, page, i18n.language],
    queryFn: ({ signal }) =>
      api.get<Page<PublicQuestion>>(
        withQuery('/api/public/questions', { communityCode: code, q: q || undefined, page, pageSize: 20 }),
        signal,
      ),
  });
  return (
    <>
      <Input.Search
        data-testid="public-questions-search"
        allowClear
        placeholder={t('questions.public.search')}
        style={{ width: 360, marginBottom: 16 }}
        onSearch={(value) => {
          setQ(value.trim());
          setPage(1);
        }}
      />
      <List<PublicQuestion>
        data-testid="public-questions"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('questions.public.empty')} /> }}
        renderItem={(item) => (
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <Space wrap>
                <span>{item.number}</span>
                <Tag>{t(`questions.satisfaction.kinds.${item.answererKind}`)}</Tag>
                <span>{item.answererLabel}</span>
              </Space>
            }
            extra={<span>{item.askedAt.slice(0, 10)}</span>}
          >
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Typography.Paragraph>
            <Card type="inner" size="small" title={t('questions.answer')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                {item.answerText}
              </Typography.Paragraph>
              <Space wrap>
                <Typography.Text type="secondary">{item.answeredAt.slice(0, 10)}</Typography.Text>
                {item.answerEdited && <Tag>{t('questions.edited')}</Tag>}
                {item.answeredOnTime === false && <Tag color="red">{t('questions.public.late')}</Tag>}
                {item.rating !== null && <Rate disabled value={item.rating} style={{ fontSize: 14 }} />}
                {item.followerCount > 0 && (
                  <Tag>{t('questions.followers', { count: item.followerCount })}</Tag>
                )}
              </Space>
            </Card>
          </Card>
        )}
      />
      <Pagination
        current={page}
        total={list.data?.total ?? 0}
        pageSize={20}
        onChange={setPage}
        showSizeChanger={false}
      />
    </>
  );
}

function Records({ code }: { code: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const records = useQuery({
    queryKey: ['public', 'answerers', code, q],
    queryFn: ({ signal }) =>
      api.get<AnswererRecord[]>(
        withQuery('/api/public/answerers', { communityCode: code, q: q || undefined }),
        signal,
      ),
  });
  const percent = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((100 * n) / of)}%`);
  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('questions.public.searchAnswerer')}
        style={{ width: 360, marginBottom: 16 }}
        onSearch={(value) => setQ(value.trim())}
      />
      <Table<AnswererRecord>
        data-testid="public-answerers"
        rowKey={(r) => `${r.kind}:${r.id}`}
        loading={records.isPending}
        dataSource={records.data ?? []}
        pagination={false}
        size="small"
        columns={[
          { title: t('questions.satisfaction.answerer'), dataIndex: 'name' },
          {
            title: t('questions.satisfaction.kind'),
            dataIndex: 'kind',
            render: (kind: AnswererRecord['kind']) => t(`questions.satisfaction.kinds.${kind}`),
          },
          { title: t('questions.public.asked'), dataIndex: 'asked', align: 'right' },
          { title: t('questions.public.answered'), dataIndex: 'answered', align: 'right' },
          {
            title: t('questions.public.onTime'),
            align: 'right',
            render: (_, r) => `${r.onTime} (${percent(r.onTime, r.answered)})`,
          },
          {
            title: t('questions.satisfaction.average'),
            dataIndex: 'averageRating',
            align: 'right',
            render: (v: number | null) => (v === null ? '–' : v.toFixed(2)),
          },
          {
            title: t('questions.public.overdueNow'),
            dataIndex: 'overdueNow',
            align: 'right',
            render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : 0),
          },
          {
            title: t('questions.public.overdueNumbers'),
            dataIndex: 'overdueNumbers',
            render: (numbers: string[]) => numbers.join('、') || '–',
          },
        ]}
      />
    </>
  );
}
