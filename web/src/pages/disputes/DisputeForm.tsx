import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';
import { type CreateDisputeBody, type DisputeDetail, disputeQueries, RISKS, SOURCES } from './disputes.api';

interface PartyValues {
  name?: string;
  personId?: string;
  idNumber?: string;
  phone?: string;
}

/** Reporting a dispute: kind, place, source, risk with its reason, and the parties. */
export function DisputeForm({ onSaved }: { onSaved: (d: DisputeDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const kinds = useQuery(disputeQueries.kinds());
  const save = useMutation({
    mutationFn: (body: CreateDisputeBody) => api.post<DisputeDetail>('/api/disputes', body),
    onSuccess: (d) => {
      void client.invalidateQueries({ queryKey: ['disputes'] });
      onSaved(d);
    },
  });
  const submit = (values: Record<string, unknown>) => {
    const parties = ((values.parties as PartyValues[]) ?? []).map((p) =>
      p.personId?.trim()
        ? { personId: p.personId.trim() }
        : {
            name: p.name?.trim() ?? '',
            ...(p.idNumber?.trim() && { idNumber: p.idNumber.trim() }),
            ...(p.phone?.trim() && { phone: p.phone.trim() }),
          },
    );
    save.mutate({
      kindCode: values.kindCode as string,
      title: values.title as string,
      description: (values.description as string) || undefined,
      gridCode: values.gridCode as string,
      address: (values.address as string) || undefined,
      source: values.source as CreateDisputeBody['source'],
      risk: values.risk as CreateDisputeBody['risk'],
      riskReason: (values.riskReason as string) || undefined,
      parties,
    });
  };
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="dispute-form"
      initialValues={{ source: 'patrol', risk: 'low', parties: [{}, {}] }}
      onFinish={submit}
    >
      {save.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={isApiError(save.error) ? save.error.message : String(save.error)}
        />
      )}
      <Space wrap style={{ width: '100%' }}>
        <Form.Item name="kindCode" label={t('disputes.field.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="field-kind"
            style={{ width: 180 }}
            options={(kinds.data ?? [])
              .filter((k) => k.active)
              .map((k) => ({ value: k.code, label: k.name }))}
          />
        </Form.Item>
        <Form.Item name="gridCode" label={t('disputes.field.grid')} rules={[{ required: true }]}>
          <AreaPicker gridsOnly style={{ width: 260 }} data-testid="field-grid" />
        </Form.Item>
        <Form.Item name="source" label={t('disputes.field.source')}>
          <Select
            style={{ width: 130 }}
            options={SOURCES.map((s) => ({ value: s, label: t(`disputes.source.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="risk" label={t('disputes.field.risk')}>
          <Select
            data-testid="field-risk"
            style={{ width: 100 }}
            options={RISKS.map((r) => ({ value: r, label: t(`disputes.risk.${r}`) }))}
          />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('disputes.field.title')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="field-title" />
      </Form.Item>
      <Form.Item name="description" label={t('disputes.field.description')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Space wrap style={{ width: '100%' }}>
        <Form.Item name="address" label={t('disputes.field.address')}>
          <Input style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name="riskReason" label={t('disputes.field.riskReason')}>
          <Input style={{ width: 360 }} />
        </Form.Item>
      </Space>
      <Form.List name="parties">
        {(fields, { add, remove }) => (
          <>
            <div style={{ marginBottom: 8, fontWeight: 500 }}>{t('disputes.field.parties')}</div>
            {fields.map((field, i) => (
              <Space key={field.key} align="baseline" wrap data-testid={`party-${i}`}>
                <Form.Item name={[field.name, 'name']}>
                  <Input placeholder={t('disputes.field.partyName')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'idNumber']}>
                  <Input placeholder={t('disputes.field.idNumber')} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'phone']}>
                  <Input placeholder={t('disputes.field.phone')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'personId']}>
                  <Input placeholder={t('disputes.personId')} style={{ width: 200 }} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({})}
              style={{ marginBottom: 12 }}
            >
              {t('disputes.addParty')}
            </Button>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="dispute-submit" block>
        {t('disputes.report')}
      </Button>
    </Form>
  );
}
