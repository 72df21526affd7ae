import { useQuery } from '@tanstack/react-query';
import { Button, Layout, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Static } from 'typebox';
import type { PublicCommunitySchema } from '../../../../server/src/modules/questions/questions.schemas.ts';
import { api } from '../../app/api';
import { LanguageSwitch } from '../../app/Shell';
import './public.css';

export type PublicCommunity = Static<typeof PublicCommunitySchema>;

/** The community chosen on a public page (`?community=`), else the first one. */
export function useCommunity() {
  const [params, setParams] = useSearchParams();
  const communities = useQuery({
    queryKey: ['public', 'communities'],
    queryFn: ({ signal }) => api.get<PublicCommunity[]>('/api/public/communities', signal),
    staleTime: 10 * 60_000,
  });
  const chosen = params.get('community');
  const list = communities.data ?? [];
  const community = list.find((c) => c.code === chosen) ?? list[0] ?? null;
  const choose = (code: string) => {
    const next = new URLSearchParams(params);
    next.set('community', code);
    setParams(next);
  };
  return { communities: list, community, choose, loading: communities.isPending };
}

/** The public site's frame (no login): the pages' links, the community picker, the language. */
export function PublicFrame({
  children,
  community,
}: {
  children: ReactNode;
  community: ReturnType<typeof useCommunity>;
}) {
  const { t } = useTranslation();
  const query = community.community ? `?community=${community.community.code}` : '';
  return (
    <Layout className="pub-site">
      <Layout.Header className="pub-header">
        <Space size="large">
          <Link to={`/public/questions${query}`} className="pub-brand">
            {t('app.fullName')} · {t('questions.public.title')}
          </Link>
          <Link to={`/public/notices${query}`}>{t('notices.public.title')}</Link>
        </Space>
        <Space>
          <LanguageSwitch />
          <Button href="/resident" size="small">
            {t('questions.public.residentApp')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="pub-content">
        <Select
          data-testid="public-community"
          showSearch
          optionFilterProp="label"
          style={{ width: 360, marginBottom: 16 }}
          loading={community.loading}
          value={community.community?.code}
          onChange={community.choose}
          placeholder={t('questions.public.community')}
          options={community.communities.map((c) => ({
            value: c.code,
            label: `${c.streetName} · ${c.name}`,
          }))}
        />
        {children}
      </Layout.Content>
    </Layout>
  );
}
