import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Dropdown,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { exportUrl, ledgerQueries, putLedgerType, putRules, typeInput } from './ledgers.api';
import { duplicateFields, type LedgerColumn, type LedgerType, missingRequired } from './ledgers.model';

/** Ledger types: departments' column layouts, the rule for the current value, exports. */
export function LedgerTypes() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const types = useQuery(ledgerQueries.types());
  const [editing, setEditing] = useState<LedgerType | null>(null);

  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }}>
      <RuleSetting editable={can('ledgers.configure')} />
      <Card title={t('ledgers.types.title')} data-testid="ledger-types">
        {types.isError && <Alert type="error" showIcon title={types.error.message} />}
        <Table<LedgerType>
          rowKey="code"
          size="small"
          loading={types.isFetching}
          dataSource={types.data}
          pagination={false}
          data-testid="ledger-types-table"
          columns={[
            { key: 'department', title: t('ledgers.field.department'), dataIndex: 'departmentName' },
            { key: 'name', title: t('ledgers.field.ledgerType'), dataIndex: 'name' },
            {
              key: 'entity',
              title: t('ledgers.field.entity'),
              render: (_, type) => t(`ledgers.entity.${type.entity}`),
            },
            {
              key: 'columns',
              title: t('ledgers.field.columns'),
              align: 'right',
              render: (_, type) => type.columns.length,
            },
            { key: 'priority', title: t('ledgers.field.priority'), dataIndex: 'priority', align: 'right' },
            {
              key: 'actions',
              render: (_, type) => (
                <Space>
                  <Dropdown
                    menu={{
                      items: (['xlsx', 'csv'] as const).map((format) => ({
                        key: format,
                        label: (
                          <a href={exportUrl(type.code, format)} download>
                            {format.toUpperCase()}
                          </a>
                        ),
                      })),
                    }}
                  >
                    <Button size="small" icon={<DownloadOutlined />} data-testid={`type-export-${type.code}`}>
                      {t('ledgers.types.export')}
                    </Button>
                  </Dropdown>
                  {can('ledgers.configure') && (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(type)}
                      data-testid={`type-edit-${type.code}`}
                    >
                      {t('ledgers.types.edit')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        size={720}
        destroyOnHidden
        title={editing && t('ledgers.types.editTitle', { name: editing.name })}
      >
        {editing && <TypeForm type={editing} onSaved={() => setEditing(null)} />}
      </Drawer>
    </Space>
  );
}

function RuleSetting({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useQuery(ledgerQueries.rules());
  const save = useMutation({
    mutationFn: putRules,
    onSuccess: () => {
      void message.success(t('ledgers.types.saved'));
      void queryClient.invalidateQueries({ queryKey: ['ledgers', 'rules'] });
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Card title={t('ledgers.rules.title')} size="small">
      <Typography.Paragraph type="secondary">{t('ledgers.rules.intro')}</Typography.Paragraph>
      <Radio.Group
        value={rules.data?.current}
        disabled={!editable || save.isPending}
        onChange={(e) => save.mutate(e.target.value)}
        data-testid="ledger-rule"
        options={[
          { value: 'most_recent', label: t('ledgers.rules.most_recent') },
          { value: 'priority', label: t('ledgers.rules.priority') },
        ]}
      />
    </Card>
  );
}

interface Values {
  priority: number;
  defaults: string;
  columns: LedgerColumn[];
}

function TypeForm({ type, onSaved }: { type: LedgerType; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fields = useQuery(ledgerQueries.fields());
  const entityFields = fields.data?.[type.entity] ?? [];
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const defaults = values.defaults.trim() ? (JSON.parse(values.defaults) as Record<string, unknown>) : {};
      const columns = values.columns.map((c) => ({ header: c.header.trim(), field: c.field }));
      return putLedgerType(type.code, { ...typeInput(type, columns), defaults, priority: values.priority });
    },
    onSuccess: () => {
      void message.success(t('ledgers.types.saved'));
      void queryClient.invalidateQueries({ queryKey: ['ledgers', 'types'] });
      onSaved();
    },
    onError: (error) =>
      setProblem(
        error instanceof ApiError && error.code === 'version_conflict'
          ? t('ledgers.types.conflict')
          : error.message,
      ),
  });

  const submit = (values: Values) => {
    setProblem(null);
    const mapping = Object.fromEntries(values.columns.map((c) => [c.header, c.field]));
    let defaults: Record<string, unknown>;
    try {
      defaults = values.defaults.trim() ? JSON.parse(values.defaults) : {};
    } catch {
      setProblem(t('ledgers.types.defaultsInvalid'));
      return;
    }
    const missing = missingRequired(entityFields, mapping, defaults);
    const duplicates = duplicateFields(mapping);
    if (duplicates.length)
      return setProblem(t('ledgers.mapping.duplicates', { fields: duplicates.join('、') }));
    if (missing.length)
      return setProblem(t('ledgers.mapping.missing', { fields: missing.map((f) => f.name).join('、') }));
    save.mutate(values);
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="type-form"
      initialValues={{
        priority: type.priority,
        defaults: Object.keys(type.defaults).length ? JSON.stringify(type.defaults) : '',
        columns: type.columns,
      }}
      onFinish={submit}
    >
      <Form.Item name="priority" label={t('ledgers.field.priority')} extra={t('ledgers.types.priorityHint')}>
        <InputNumber min={0} max={1000} />
      </Form.Item>
      <Form.Item name="defaults" label={t('ledgers.types.defaults')} extra={t('ledgers.types.defaultsHint')}>
        <Input className="cg-mono" placeholder='{"residency": "registered"}' />
      </Form.Item>
      <Typography.Text strong>{t('ledgers.types.mapping')}</Typography.Text>
      <Form.List name="columns">
        {(rows, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {rows.map((row) => (
              <Space key={row.key} align="baseline">
                <Form.Item
                  name={[row.name, 'header']}
                  rules={[{ required: true, whitespace: true, message: t('ledgers.types.required') }]}
                >
                  <Input placeholder={t('ledgers.mapping.header')} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'field']}
                  rules={[{ required: true, message: t('ledgers.types.required') }]}
                >
                  <Select
                    style={{ width: 240 }}
                    placeholder={t('ledgers.mapping.field')}
                    options={entityFields.map((f) => ({
                      value: f.key,
                      label: f.required ? `${f.name} *` : f.name,
                    }))}
                  />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ header: '', field: undefined })}>
              {t('ledgers.types.addColumn')}
            </Button>
          </div>
        )}
      </Form.List>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 16 }} />}
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
        {t('ledgers.types.save')}
      </Button>
    </Form>
  );
}
