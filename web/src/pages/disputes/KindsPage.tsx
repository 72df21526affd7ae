import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { disputeQueries, type Kind } from './disputes.api';

/** 纠纷类型: the district's editable catalog of dispute kinds (each with the case category escalation uses). */
export default function KindsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const kinds = useQuery(disputeQueries.kinds());
  const [editing, setEditing] = useState<Kind | 'new' | null>(null);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const { code, ...body } = values;
      return api.put<Kind>(`/api/dispute-kinds/${code}`, {
        ...body,
        ...(editing !== 'new' && editing && { version: editing.version }),
      });
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['disputes', 'kinds'] });
      setEditing(null);
    },
  });
  const open = (kind: Kind | 'new') => {
    setEditing(kind);
    save.reset();
    form.setFieldsValue(
      kind === 'new'
        ? { code: '', nameZh: '', nameEn: '', caseCategory: 'neighbour_dispute', sort: 100, active: true }
        : kind,
    );
  };
  return (
    <div data-testid="dispute-kinds-page">
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }}>
        {t('disputes.kinds.add')}
      </Button>
      <Table<Kind>
        rowKey="code"
        size="small"
        loading={kinds.isFetching}
        dataSource={kinds.data}
        pagination={false}
        onRow={(kind) => ({ onClick: () => open(kind), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'code', title: t('disputes.kinds.code'), dataIndex: 'code' },
          { key: 'nameZh', title: t('disputes.kinds.nameZh'), dataIndex: 'nameZh' },
          { key: 'nameEn', title: t('disputes.kinds.nameEn'), dataIndex: 'nameEn' },
          { key: 'caseCategory', title: t('disputes.kinds.caseCategory'), dataIndex: 'caseCategory' },
          { key: 'sort', title: t('disputes.kinds.sort'), dataIndex: 'sort' },
          {
            key: 'active',
            title: '',
            render: (_, k) =>
              k.active ? <Tag color="green">✓</Tag> : <Tag>{t('disputes.kinds.inactive')}</Tag>,
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('disputes.kinds.add') : t('disputes.kinds.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: save.isPending }}
      >
        {save.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={isApiError(save.error) ? save.error.message : String(save.error)}
          />
        )}
        <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)}>
          <Form.Item
            name="code"
            label={t('disputes.kinds.code')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('disputes.kinds.nameZh')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('disputes.kinds.nameEn')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="caseCategory"
            label={t('disputes.kinds.caseCategory')}
            rules={[{ required: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="sort" label={t('disputes.kinds.sort')}>
            <InputNumber min={0} max={999} />
          </Form.Item>
          <Form.Item name="active" label={t('disputes.kinds.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
