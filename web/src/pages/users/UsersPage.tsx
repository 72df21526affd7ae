import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { ImportModal } from './ImportModal';
import { UserDrawer } from './UserDrawer';
import {
  resetPassword,
  STATES,
  type User,
  type UsersQuery,
  type UserWithPassword,
  userAction,
  userQueries,
} from './users.api';

const PAGE_SIZE = 20;
const STATE_COLOR = { active: 'green', disabled: 'default', locked: 'red' } as const;

/** 账号管理: the accounts the viewer manages, filtered; create, edit, import, reset, disable, unlock. */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const state = useListState();
  const grants = useQuery(userQueries.grants());
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [password, setPassword] = useState<UserWithPassword | null>(null);

  const text = state.get('text');
  const page = Number(state.get('page') ?? 1);
  const pageSize = Number(state.get('pageSize') ?? PAGE_SIZE);
  const query: UsersQuery = {
    text,
    role: state.get('role'),
    state: state.get('state'),
    areaCode: state.get('area'),
    page,
    pageSize,
  };
  const list = useQuery(userQueries.list(query));
  const [typed, setTyped] = useState(text ?? '');
  useEffect(() => setTyped(text ?? ''), [text]);

  const act = useMutation({
    mutationFn: ({
      user,
      action,
    }: {
      user: User;
      action: 'disable' | 'enable' | 'unlock' | 'reset';
    }): Promise<User | UserWithPassword> =>
      action === 'reset' ? resetPassword(user.id) : userAction(user.id, action),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: ['users', 'list'] });
      if ('temporaryPassword' in answer) setPassword(answer);
      else void message.success(t('users.done'));
    },
    onError: (error) => void message.error(error.message),
  });

  const confirm = (
    user: User,
    action: 'disable' | 'enable' | 'unlock' | 'reset',
    label: string,
    title: string,
  ) => (
    <Popconfirm title={title} onConfirm={() => act.mutate({ user, action })}>
      <Button size="small" type="link" danger={action === 'disable'} data-testid={`user-${action}`}>
        {label}
      </Button>
    </Popconfirm>
  );

  const columns: TableColumnsType<User> = [
    { key: 'username', title: t('users.field.username'), dataIndex: 'username' },
    { key: 'displayName', title: t('users.field.displayName'), dataIndex: 'displayName' },
    {
      key: 'role',
      title: t('users.field.role'),
      dataIndex: 'role',
      render: (role: User['role']) => t(`role.${role}`),
    },
    { key: 'area', title: t('users.field.areaCode'), render: (_, u) => u.areaName ?? u.areaCode },
    { key: 'department', title: t('users.field.departmentCode'), render: (_, u) => u.departmentName ?? '—' },
    { key: 'workPhone', title: t('users.field.workPhone'), render: (_, u) => u.workPhone ?? '—' },
    {
      key: 'state',
      title: t('users.field.state'),
      render: (_, u) => (
        <Space size={4}>
          <Tag color={STATE_COLOR[u.state]}>{t(`users.state.${u.state}`)}</Tag>
          {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'lastLoginAt',
      title: t('users.field.lastLoginAt'),
      render: (_, u) =>
        u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString(i18n.language) : t('users.never'),
    },
    {
      key: 'actions',
      title: t('users.actions'),
      fixed: 'right',
      render: (_, u) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => setEditing(u)} data-testid="user-edit">
            {t('users.edit')}
          </Button>
          {confirm(u, 'reset', t('users.resetPassword'), t('users.confirmReset'))}
          {u.state === 'locked' && confirm(u, 'unlock', t('users.unlock'), t('users.confirmUnlock'))}
          {u.state === 'disabled'
            ? confirm(u, 'enable', t('users.enable'), t('users.confirmEnable'))
            : confirm(u, 'disable', t('users.disable'), t('users.confirmDisable'))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="users-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          data-testid="list-search"
          style={{ width: 220 }}
          value={typed}
          placeholder={t('users.searchPlaceholder')}
          allowClear
          enterButton
          onChange={(event) => setTyped(event.target.value)}
          onSearch={(value) => state.set({ text: value.trim() || undefined })}
        />
        <Select
          data-testid="filter-role"
          style={{ width: 180 }}
          allowClear
          value={state.get('role')}
          placeholder={t('users.rolePlaceholder')}
          onChange={(value?: string) => state.set({ role: value })}
          options={(grants.data?.roles ?? []).map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <Select
          data-testid="filter-state"
          style={{ width: 120 }}
          allowClear
          value={state.get('state')}
          placeholder={t('users.statePlaceholder')}
          onChange={(value?: string) => state.set({ state: value })}
          options={STATES.map((s) => ({ value: s, label: t(`users.state.${s}`) }))}
        />
        <AreaPicker
          data-testid="filter-area"
          style={{ width: 200 }}
          value={state.get('area')}
          onChange={(code) => state.set({ area: code ?? undefined })}
          placeholder={t('users.areaPlaceholder')}
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing(null)}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
        <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="user-import">
          {t('users.import')}
        </Button>
      </Space>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 8 }} />}
      <Table<User>
        rowKey="id"
        size="small"
        data-testid="users-table"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => <span data-testid="list-total">{t('users.total', { count: total })}</span>,
        }}
        onChange={(pagination) =>
          state.set({
            page: pagination.pageSize === pageSize ? String(pagination.current) : undefined,
            pageSize: pagination.pageSize === PAGE_SIZE ? undefined : String(pagination.pageSize),
          })
        }
      />
      <UserDrawer user={editing} onClose={() => setEditing(undefined)} onCreated={setPassword} />
      <ImportModal open={importing} onClose={() => setImporting(false)} />
      <Modal
        open={password !== null}
        title={t('users.password.title')}
        closable={false}
        maskClosable={false}
        onOk={() => setPassword(null)}
        okText={t('users.password.close')}
        cancelButtonProps={{ style: { display: 'none' } }}
        data-testid="password-modal"
      >
        {password && (
          <>
            <Typography.Paragraph>
              {t('users.password.createdFor', { username: password.user.username })}
            </Typography.Paragraph>
            <Typography.Paragraph>
              <Typography.Text
                code
                copyable={{ tooltips: [t('users.password.copy'), t('users.password.copied')] }}
                style={{ fontSize: 18 }}
                data-testid="temporary-password"
              >
                {password.temporaryPassword}
              </Typography.Text>
            </Typography.Paragraph>
            <Alert type="warning" showIcon title={t('users.password.onceOnly')} />
          </>
        )}
      </Modal>
    </div>
  );
}
