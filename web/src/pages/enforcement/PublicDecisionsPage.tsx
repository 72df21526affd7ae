import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Layout, List, Pagination, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enforcementQueries, type PublicDecision } from './enforcement.api';

/** 行政处罚决定公示: the public (no-login) list of published decisions, without personal data. */
export default function PublicDecisionsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useQuery(enforcementQueries.publicDecisions(page));
  return (
    <Layout style={{ minHeight: '100vh', padding: 24 }}>
      <Typography.Title level={2}>{t('enforcement.public.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('enforcement.public.subtitle')}</Typography.Paragraph>
      <List<PublicDecision>
        data-testid="public-decisions"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('enforcement.public.empty')} /> }}
        renderItem={(d) => (
          <Card size="small" style={{ marginBottom: 12 }} title={`${d.documentNumber}　${d.title}`}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('enforcement.field.party')}>
                {d.party}
                {d.creditCode && `（${d.creditCode}）`}
              </Descriptions.Item>
              <Descriptions.Item label={t('enforcement.public.decidedOn')}>{d.decidedOn}</Descriptions.Item>
              <Descriptions.Item label={t('enforcement.field.facts')} span={2}>
                {d.facts}
              </Descriptions.Item>
              <Descriptions.Item label={t('enforcement.field.penalty')}>{d.penalty}</Descriptions.Item>
              <Descriptions.Item label={t('enforcement.field.legalBasis')}>{d.legalBasis}</Descriptions.Item>
            </Descriptions>
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
    </Layout>
  );
}
