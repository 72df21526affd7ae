import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { ApplicationSchema } from '../../../../server/src/modules/residents/residents.schemas.ts';
import { api } from '../../app/api';
import { areaQueries, TREE_STALE_MS, useAreaNames } from '../../app/areas.api';
import type { TreeNode } from '../../app/areas.model';

type Application = Static<typeof ApplicationSchema>;

/** How many digits of an area's code begin the codes under it (server/src/geo/area-code.ts). */
const PREFIX = { district: 6, street: 9, community: 12, grid: 15 } as const;

/** The grids of a community in the caller's area tree. */
function gridsOf(nodes: TreeNode[], community: string): TreeNode[] {
  for (const node of nodes) {
    if (node.code === community) return node.children.filter((c) => c.level === 'grid');
    if (node.level !== 'grid' && community.startsWith(node.code.slice(0, PREFIX[node.level]))) {
      const found = gridsOf(node.children, community);
      if (found.length > 0) return found;
    }
    // A grid worker's tree starts at their grid.
    if (node.level === 'grid' && node.code.startsWith(community)) return [node];
  }
  return [];
}

/**
 * Residents who are not in the registry apply in the resident app; a community worker checks
 * them (at the door, with papers) and approves the account into a grid of the community, or
 * rejects it with a reason.
 */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const names = useAreaNames();
  const tree = useQuery({ ...areaQueries.tree(), staleTime: TREE_STALE_MS });
  const [approving, setApproving] = useState<Application | null>(null);
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const [grid, setGrid] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['resident-applications'],
    queryFn: ({ signal }) => api.get<Application[]>('/api/resident-applications', signal),
  });
  const done = (text: string) => {
    message.success(text);
    setApproving(null);
    setRejecting(null);
    client.invalidateQueries({ queryKey: ['resident-applications'] });
  };
  const approve = useMutation({
    mutationFn: ({ id, gridCode }: { id: string; gridCode: string }) =>
      api.post(`/api/resident-applications/${id}/approve`, { gridCode }),
    onSuccess: () => done(t('residents.approved')),
    onError: (error: Error) => message.error(error.message),
  });
  const reject = useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) =>
      api.post(`/api/resident-applications/${id}/reject`, { reason: text }),
    onSuccess: () => done(t('residents.rejected')),
    onError: (error: Error) => message.error(error.message),
  });
  const grids = useMemo(
    () => (approving ? gridsOf(tree.data?.items ?? [], approving.communityCode) : []),
    [approving, tree.data],
  );
  return (
    <Card title={t('residents.title')} data-testid="applications-page">
      <Table<Application>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('residents.empty') }}
        columns={[
          { title: t('residents.name'), dataIndex: 'name' },
          { title: t('residents.idNumber'), dataIndex: 'idNumberMask' },
          { title: t('residents.phone'), dataIndex: 'phoneMask' },
          {
            title: t('residents.community'),
            dataIndex: 'communityCode',
            render: (code: string) => names.get(code) ?? code,
          },
          { title: t('residents.address'), dataIndex: 'address' },
          { title: t('residents.note'), dataIndex: 'note' },
          { title: t('residents.username'), dataIndex: 'username' },
          {
            title: t('residents.appliedAt'),
            dataIndex: 'createdAt',
            render: (at: string) => new Date(at).toLocaleString(),
          },
          {
            title: '',
            render: (_, a) => (
              <Space>
                <Button
                  type="primary"
                  size="small"
                  data-testid={`approve-${a.username}`}
                  onClick={() => {
                    setGrid(null);
                    setApproving(a);
                  }}
                >
                  {t('residents.approve')}
                </Button>
                <Button
                  danger
                  size="small"
                  onClick={() => {
                    setReason('');
                    setRejecting(a);
                  }}
                >
                  {t('residents.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={approving !== null}
        title={`${t('residents.approve')} · ${approving?.name ?? ''}`}
        okButtonProps={{ disabled: !grid, loading: approve.isPending }}
        onOk={() => approving && grid && approve.mutate({ id: approving.id, gridCode: grid })}
        onCancel={() => setApproving(null)}
      >
        <Form layout="vertical">
          <Form.Item label={t('residents.grid')} extra={approving?.address}>
            <Select
              data-testid="approve-grid"
              value={grid}
              onChange={setGrid}
              showSearch
              optionFilterProp="label"
              options={grids.map((g) => ({ value: g.code, label: g.name }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={rejecting !== null}
        title={`${t('residents.reject')} · ${rejecting?.name ?? ''}`}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: reject.isPending }}
        onOk={() => rejecting && reject.mutate({ id: rejecting.id, text: reason.trim() })}
        onCancel={() => setRejecting(null)}
      >
        <Form layout="vertical">
          <Form.Item label={t('residents.reason')}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
