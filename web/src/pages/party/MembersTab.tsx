import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MemberDrawer, NewMember } from './MemberDrawer';
import { type PartyMember, partyQueries, STATUSES } from './party.api';
import { OrgFilter, pagedBy, TabCard, useOrgOptions } from './party.parts';

export const STATUS_COLOR = {
  applicant: 'default',
  activist: 'blue',
  probationary: 'orange',
  full: 'red',
} as const;

/** Members of the area's organizations (or in-service members registered at its communities). */
export function MembersTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<{
    orgId?: string;
    status?: string;
    q?: string;
    registered?: string;
    left?: string;
    page: number;
  }>({ page: 1 });
  const orgOptions = useOrgOptions(areaCode);
  const members = useQuery(partyQueries.members({ areaCode, ...filter, pageSize: 20 }));
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  return (
    <TabCard
      title={t('party.tab.members')}
      add={{ label: t('party.newMember'), testId: 'party-new-member', onClick: () => setAdding(true) }}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('party.search')}
          style={{ width: 200 }}
          onSearch={(q) => setFilter((f) => ({ ...f, q: q || undefined, page: 1 }))}
          data-testid="party-member-search"
        />
        <OrgFilter options={orgOptions} onChange={(orgId) => setFilter((f) => ({ ...f, orgId, page: 1 }))} />
        <Select
          allowClear
          placeholder={t('party.field.status')}
          style={{ width: 150 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`party.status.${s}`) }))}
          onChange={(status) => setFilter((f) => ({ ...f, status, page: 1 }))}
        />
        <Checkbox
          onChange={(e) =>
            setFilter((f) => ({ ...f, registered: e.target.checked ? 'true' : undefined, page: 1 }))
          }
        >
          {t('party.registeredOnly')}
        </Checkbox>
        <Checkbox
          onChange={(e) => setFilter((f) => ({ ...f, left: e.target.checked ? 'true' : undefined, page: 1 }))}
        >
          {t('party.left')}
        </Checkbox>
      </Space>
      <Typography.Paragraph type="secondary">{t('party.numbersMasked')}</Typography.Paragraph>
      {members.isError && <Alert type="error" showIcon title={members.error.message} />}
      <Table<PartyMember>
        rowKey="id"
        size="small"
        loading={members.isLoading}
        dataSource={members.data?.items}
        data-testid="party-members"
        onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' } })}
        pagination={pagedBy(filter.page, members.data?.total, (page) => setFilter((f) => ({ ...f, page })))}
        columns={[
          { title: t('party.field.memberName'), dataIndex: 'name' },
          { title: t('party.field.org'), dataIndex: 'orgName' },
          {
            title: t('party.field.status'),
            dataIndex: 'status',
            render: (s: PartyMember['status']) => <Tag color={STATUS_COLOR[s]}>{t(`party.status.${s}`)}</Tag>,
          },
          { title: t('party.field.idNumber'), dataIndex: 'idNumber' },
          { title: t('party.field.phone'), dataIndex: 'phone' },
          { title: t('party.field.duesStandard'), dataIndex: 'duesStandard' },
          { title: t('party.field.duesPaidTo'), dataIndex: 'duesPaidTo' },
          {
            title: t('party.field.residence'),
            key: 'residence',
            render: (_: unknown, m: PartyMember) => (m.inService ? (m.residenceName ?? '—') : ''),
          },
        ]}
      />
      {open && <MemberDrawer id={open} orgOptions={orgOptions} onClose={() => setOpen(null)} />}
      {adding && <NewMember orgOptions={orgOptions} onClose={() => setAdding(false)} />}
    </TabCard>
  );
}
