import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { type CreateMatter, createMatter, enforcementQueries, STATES } from './enforcement.api';
import { MatterDrawer } from './MatterDrawer';
import { MattersTable } from './MattersTable';

/** 执法案件: the matters of one's area, filtered by step and overdue, each opening its record. */
export default function MattersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const areaCode = params.get('areaCode') ?? undefined;
  const state = params.get('state') ?? undefined;
  const overdue = (params.get('overdue') ?? undefined) as 'step' | 'publication' | undefined;
  const list = useQuery(enforcementQueries.matters({ areaCode, state, overdue, page, pageSize: 20 }));
  const set = (key: string, value: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setPage(1);
  };
  return (
    <Card
      title={t('enforcement.list.title')}
      extra={
        can('enforcement.handle') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-matter"
          >
            {t('enforcement.list.newMatter')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaPicker
          value={areaCode ?? null}
          onChange={(code) => set('areaCode', code)}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('enforcement.field.state')}
          value={state}
          onChange={(v) => set('state', v)}
          options={STATES.map((s) => ({ value: s, label: t(`enforcement.state.${s}`) }))}
        />
        <Radio.Group value={overdue ?? ''} onChange={(e) => set('overdue', e.target.value)}>
          <Radio.Button value="">{t('enforcement.filter.all')}</Radio.Button>
          <Radio.Button value="step">{t('enforcement.filter.overdueStep')}</Radio.Button>
          <Radio.Button value="publication">{t('enforcement.filter.overduePublication')}</Radio.Button>
        </Radio.Group>
      </Space>
      <MattersTable
        items={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        loading={list.isPending}
        onPage={setPage}
        onOpen={(matterId) => navigate(`/enforcement/${matterId}?${params.toString()}`)}
      />
      <MatterDrawer id={id ?? null} onClose={() => navigate(`/enforcement?${params.toString()}`)} />
      {creating && (
        <NewMatterModal
          onClose={() => setCreating(false)}
          onCreated={(matterId) => {
            setCreating(false);
            navigate(`/enforcement/${matterId}`);
          }}
        />
      )}
    </Card>
  );
}

function NewMatterModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const partyKind = Form.useWatch('partyKind', form) as 'org' | 'person' | undefined;
  const [q, setQ] = useState('');
  const orgs = useQuery({ ...enforcementQueries.orgs(q), enabled: partyKind === 'org' });
  const create = useMutation({
    mutationFn: (values: Record<string, unknown>) =>
      createMatter({
        ...(values as CreateMatter),
        discoveredAt: (values.discoveredAt as dayjs.Dayjs).toISOString(),
      }),
    onSuccess: (matter) => {
      void queryClient.invalidateQueries({ queryKey: ['enforcement', 'matters'] });
      onCreated(matter.id);
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Modal
      open
      title={t('enforcement.list.newMatter')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ id: 'new-matter-ok' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ partyKind: 'org', discoveredAt: dayjs(), major: false }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="title" label={t('enforcement.field.title')} rules={[{ required: true }]}>
          <Input data-testid="matter-title" />
        </Form.Item>
        <Form.Item name="gridCode" label={t('enforcement.field.gridCode')} rules={[{ required: true }]}>
          <AreaPicker gridsOnly data-testid="matter-grid" />
        </Form.Item>
        <Form.Item name="partyKind" label={t('enforcement.field.partyKind')}>
          <Radio.Group>
            <Radio value="org">{t('enforcement.field.org')}</Radio>
            <Radio value="person">{t('enforcement.field.person')}</Radio>
          </Radio.Group>
        </Form.Item>
        {partyKind === 'org' ? (
          <Form.Item name="orgId" label={t('enforcement.field.org')} rules={[{ required: true }]}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              data-testid="matter-org"
              options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="partyName" label={t('enforcement.field.partyName')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="partyIdNumber" label={t('enforcement.field.partyIdNumber')}>
              <Input maxLength={18} />
            </Form.Item>
          </>
        )}
        <Form.Item name="facts" label={t('enforcement.field.facts')}>
          <Input.TextArea rows={3} data-testid="matter-facts" />
        </Form.Item>
        <Form.Item name="address" label={t('enforcement.field.address')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="discoveredAt"
          label={t('enforcement.field.discoveredAt')}
          rules={[{ required: true }]}
        >
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="major" label={t('enforcement.field.major')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
