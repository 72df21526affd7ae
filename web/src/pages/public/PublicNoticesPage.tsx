import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { PublicNoticeSchema } from '../../../../server/src/modules/notices/notices.schemas.ts';
import { api, withQuery } from '../../app/api';
import { PublicFrame, useCommunity } from './PublicFrame';

type PublicNotice = Static<typeof PublicNoticeSchema>;

/** A community's current public notices (`/public/notices`, no login). */
export default function PublicNoticesPage() {
  const { t } = useTranslation();
  const community = useCommunity();
  const code = community.community?.code;
  const list = useQuery({
    queryKey: ['public', 'notices', code],
    enabled: Boolean(code),
    queryFn: ({ signal }) =>
      api.get<PublicNotice[]>(withQuery('/api/public/notices', { communityCode: code }), signal),
  });
  return (
    <PublicFrame community={community}>
      <Typography.Title level={2}>
        {t('notices.public.title')}
        {community.community && ` · ${community.community.name}`}
      </Typography.Title>
      <List<PublicNotice>
        data-testid="public-notices"
        loading={Boolean(code) && list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('notices.public.empty')} /> }}
        renderItem={(n) => (
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <>
                {n.pinned && <Tag color="orange">{t('notices.pinned')}</Tag>}
                {n.title}
              </>
            }
            extra={`${n.authorName} · ${n.publishedAt.slice(0, 10)}`}
          >
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {n.body}
            </Typography.Paragraph>
            {n.expiresAt && (
              <Typography.Text type="secondary">
                {t('notices.public.expires')} {n.expiresAt.slice(0, 10)}
              </Typography.Text>
            )}
          </Card>
        )}
      />
    </PublicFrame>
  );
}
