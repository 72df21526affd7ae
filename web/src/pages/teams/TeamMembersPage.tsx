import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Select, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { GridTags } from './GridTags';
import { MemberDrawer } from './MemberDrawer';
import { MemberForm } from './MemberForm';
import { type Member, type MembersQuery, teamQueries } from './teams.api';
import { parseBelongsTo } from './teams.model';
import { useTeamFormat } from './useTeamFormat';
import './teams.css';

const PAGE_SIZE = 20;

/** 网格队伍: the "3+10+N" members of the caller's area, filtered; a row opens the member's drawer. */
export default function TeamMembersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const state = useListState();
  const route = useRecordRoute('/team-members');
  const format = useTeamFormat();
  const forces = useQuery(teamQueries.forces());
  const [creating, setCreating] = useState(false);

  const q = state.get('q');
  const belongsTo = state.get('belongsTo');
  const page = Number(state.get('page') ?? 1);
  const pageSize = Number(state.get('pageSize') ?? PAGE_SIZE);
  const { team, forceCode } = parseBelongsTo(belongsTo ?? '');
  const query: MembersQuery = {
    q,
    team: team ?? undefined,
    forceCode: forceCode ?? undefined,
    status: state.get('status'),
    areaCode: state.get('area'),
    page,
    pageSize,
  };
  const list = useQuery(teamQueries.members(query));
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  const columns: TableColumnsType<Member> = [
    { key: 'name', title: t('teams.field.name'), dataIndex: 'name' },
    { key: 'belongsTo', title: t('teams.field.belongsTo'), render: (_, member) => format.belongsTo(member) },
    {
      key: 'duty',
      title: t('teams.field.duty'),
      render: (_, member) => member.duty ?? member.organization ?? '—',
      ellipsis: true,
    },
    { key: 'workPhone', title: t('teams.field.workPhone'), dataIndex: 'workPhone', render: (v) => v ?? '—' },
    {
      key: 'grids',
      title: t('teams.field.grids'),
      render: (_, member) => <GridTags grids={member.grids} max={3} />,
    },
    {
      key: 'status',
      title: t('teams.field.status'),
      dataIndex: 'status',
      render: (status: Member['status']) => (
        <Tag color={status === 'active' ? 'green' : 'default'}>{t(`teams.status.${status}`)}</Tag>
      ),
    },
  ];

  return (
    <div className="cg-teams" data-testid="team-members-page">
      <div className="cg-teams-toolbar">
        <Input.Search
          data-testid="list-search"
          style={{ width: 220 }}
          value={text}
          placeholder={t('teams.searchPlaceholder')}
          allowClear
          enterButton
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => state.set({ q: value.trim() || undefined })}
        />
        <Select
          data-testid="filter-belongs-to"
          style={{ width: 180 }}
          allowClear
          value={belongsTo}
          placeholder={t('teams.teamPlaceholder')}
          onChange={(value?: string) => state.set({ belongsTo: value })}
          options={format.belongsToOptions(forces.data?.items)}
        />
        <Select
          data-testid="filter-status"
          style={{ width: 120 }}
          allowClear
          value={state.get('status')}
          placeholder={t('teams.statusPlaceholder')}
          onChange={(value?: string) => state.set({ status: value })}
          options={(['active', 'inactive'] as const).map((s) => ({
            value: s,
            label: t(`teams.status.${s}`),
          }))}
        />
        <AreaPicker
          data-testid="filter-area"
          style={{ width: 200 }}
          value={state.get('area')}
          onChange={(code) => state.set({ area: code ?? undefined })}
          placeholder={t('teams.areaPlaceholder')}
        />
        {can('teams.manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            className="cg-teams-toolbar-end"
            onClick={() => setCreating(true)}
            data-testid="member-create"
          >
            {t('teams.create')}
          </Button>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 8 }} />}
      <Table<Member>
        rowKey="id"
        size="small"
        data-testid="members-table"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: 'max-content' }}
        rowClassName={(member) => `cg-teams-row ${member.id === route.id ? 'cg-teams-row-selected' : ''}`}
        onRow={(member) => ({ onClick: () => route.open(member.id) })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => <span data-testid="list-total">{t('teams.total', { count: total })}</span>,
        }}
        onChange={(pagination) =>
          state.set({
            page: pagination.pageSize === pageSize ? String(pagination.current) : undefined,
            pageSize: pagination.pageSize === PAGE_SIZE ? undefined : String(pagination.pageSize),
          })
        }
      />
      <MemberDrawer id={route.id} onClose={route.close} />
      <Modal
        open={creating}
        title={t('teams.create')}
        footer={null}
        width={720}
        onCancel={() => setCreating(false)}
        destroyOnHidden
      >
        <MemberForm
          onSaved={(member) => {
            setCreating(false);
            route.open(member.id);
          }}
        />
      </Modal>
    </div>
  );
}
