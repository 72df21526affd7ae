import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Select, Space, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaPicker } from '../../components/AreaPicker';
import { createOrg, ORG_KINDS, type OrgNode, orgTree, partyQueries } from './party.api';
import { SaveModal, TabCard } from './party.parts';

const KIND_COLOR = { committee: 'red', general_branch: 'volcano', branch: 'gold' } as const;

/** The organization tree of the area: committee → general branch → branch, with member counts. */
export function OrgsTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const orgs = useQuery(partyQueries.orgs(areaCode));
  const [adding, setAdding] = useState(false);
  const tree = useMemo(() => orgTree(orgs.data?.items ?? []), [orgs.data]);
  const toData = (nodes: OrgNode[]): { key: string; title: React.ReactNode; children: unknown[] }[] =>
    nodes.map((node) => ({
      key: node.id,
      title: (
        <Space size={4} data-testid="party-org">
          <Tag color={KIND_COLOR[node.kind]}>{t(`party.orgKind.${node.kind}`)}</Tag>
          <span>{node.name}</span>
          <Typography.Text type="secondary">
            {node.areaName} · {t('party.field.members')} {node.members}
            {node.secretary ? ` · ${t('party.field.secretary')} ${node.secretary}` : ''}
            {node.orgName ? ` · ${node.orgName}` : ''}
          </Typography.Text>
        </Space>
      ),
      children: toData(node.children),
    }));
  return (
    <TabCard
      title={t('party.treeTitle')}
      add={{ label: t('party.newOrg'), testId: 'party-new-org', onClick: () => setAdding(true) }}
    >
      {orgs.isError && <Alert type="error" showIcon title={orgs.error.message} />}
      {orgs.data && (
        <Tree
          key={areaCode ?? 'all'}
          defaultExpandAll
          selectable={false}
          treeData={toData(tree) as never}
          data-testid="party-org-tree"
        />
      )}
      {adding && <NewOrg orgs={orgs.data?.items ?? []} onClose={() => setAdding(false)} />}
    </TabCard>
  );
}

function NewOrg({ orgs, onClose }: { orgs: OrgNode[] | { id: string; name: string }[]; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <SaveModal
      title={t('party.newOrg')}
      form={form}
      save={createOrg}
      onClose={onClose}
      testId="party-org-form"
    >
      <Form.Item name="kind" label={t('party.field.kind')} rules={[{ required: true }]}>
        <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`party.orgKind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('party.field.name')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="parentId" label={t('party.field.parentId')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
        />
      </Form.Item>
      <Form.Item name="areaCode" label={t('party.field.areaCode')} rules={[{ required: true }]}>
        <AreaPicker />
      </Form.Item>
      <Form.Item name="secretary" label={t('party.field.secretary')}>
        <Input maxLength={50} />
      </Form.Item>
    </SaveModal>
  );
}
