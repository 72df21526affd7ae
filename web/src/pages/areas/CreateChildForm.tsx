import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { invalidateAreas } from '../../app/areas.api';
import type { Area } from '../../app/areas.model';
import { childCodeRule, childLevel, parseBoundary } from './areas.model';
import { ProblemList } from './ProblemList';
import { readWriteFailure, type WriteFailure } from './write-errors';

interface Values {
  code: string;
  name: string;
  boundary: string;
  households?: number | null;
  population?: number | null;
}

/** Creates an area one level below `parent`; its code must extend the parent's (see childCodeRule). */
export function CreateChildForm({ parent, onCreated }: { parent: Area; onCreated(code: string): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const level = childLevel(parent.level);
  const rule = childCodeRule(parent);

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Area>('/api/areas', body),
    onSuccess: (created) => {
      setFailure(null);
      form.resetFields();
      void invalidateAreas(queryClient);
      void message.success(t('areas.created', { name: created.name }));
      onCreated(created.code);
    },
    onError: (error) => setFailure(readWriteFailure(error, queryClient)),
  });

  if (!level || !rule)
    return <Typography.Text type="secondary">{t('areas.gridHasNoChildren')}</Typography.Text>;

  function submit(values: Values) {
    const parsed = parseBoundary(values.boundary);
    if ('error' in parsed) return;
    create.mutate({
      code: values.code.trim(),
      name: values.name.trim(),
      level,
      parentCode: parent.code,
      boundary: parsed.boundary,
      ...(level === 'grid'
        ? { households: values.households ?? null, population: values.population ?? null }
        : {}),
    });
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="create-child-form"
      style={{ maxWidth: 640 }}
    >
      <Typography.Paragraph strong>
        {t('areas.createChildOf', { name: parent.name, level: t(`area.level.${level}`) })}
      </Typography.Paragraph>
      <Form.Item
        name="code"
        label={t('area.field.code')}
        extra={t('areas.codeHint', { template: rule.template })}
        rules={[
          { required: true, message: t('areas.required') },
          { pattern: rule.pattern, message: t('areas.codeInvalid', { template: rule.template }) },
        ]}
      >
        <Input
          placeholder={rule.template}
          style={{ fontFamily: 'ui-monospace, monospace' }}
          data-testid="create-code"
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('area.field.name')}
        rules={[{ required: true, whitespace: true, message: t('areas.required') }, { max: 100 }]}
      >
        <Input data-testid="create-name" />
      </Form.Item>
      {level === 'grid' && (
        <Space size="large">
          <Form.Item name="households" label={t('area.field.households')}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="population" label={t('area.field.population')}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item
        name="boundary"
        label={t('area.field.boundary')}
        extra={t('areas.boundaryHint')}
        rules={[
          { required: true, message: t('areas.required') },
          {
            validator: async (_, text: string | undefined) => {
              if (!text) return;
              const parsed = parseBoundary(text);
              if ('error' in parsed) throw new Error(t(parsed.error, { message: parsed.message }));
            },
          },
        ]}
      >
        <Input.TextArea
          className="cg-boundary-input"
          autoSize={{ minRows: 4, maxRows: 12 }}
          placeholder='{"type": "Polygon", "coordinates": [[[113.93, 22.54], …]]}'
          data-testid="create-boundary"
        />
      </Form.Item>
      {failure?.kind === 'boundary' && <ProblemList problems={failure.problems} />}
      {failure?.kind === 'other' && <Alert type="error" showIcon title={failure.message} />}
      <Button
        type="primary"
        htmlType="submit"
        loading={create.isPending}
        style={{ marginTop: 16 }}
        data-testid="create-submit"
      >
        {t('areas.create')}
      </Button>
    </Form>
  );
}
