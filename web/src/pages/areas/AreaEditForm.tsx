import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Form, Input, InputNumber, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { areaQueries, invalidateAreas } from '../../app/areas.api';
import type { Area } from '../../app/areas.model';
import { parseBoundary } from './areas.model';
import { BoundaryDrawMap } from './BoundaryDrawMap';
import { ProblemList } from './ProblemList';
import { readWriteFailure, type WriteFailure } from './write-errors';

interface Values {
  name: string;
  households: number | null;
  population: number | null;
  boundary: string;
}

/** Edits an area with optimistic locking: the PATCH carries the version the form was filled from. */
export function AreaEditForm({ area }: { area: Area }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const initial = useMemo<Values>(
    () => ({
      name: area.name,
      households: area.households,
      population: area.population,
      boundary: JSON.stringify(area.boundary),
    }),
    [area],
  );
  const isGrid = area.level === 'grid';

  // A save or a conflict brings a new version: the form follows it.
  useEffect(() => form.setFieldsValue(initial), [form, initial]);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.patch<Area>(`/api/areas/${area.code}`, { version: area.version, ...body }),
    onSuccess: (updated) => {
      setFailure(null);
      queryClient.setQueryData(areaQueries.detail(updated.code).queryKey, updated);
      void invalidateAreas(queryClient);
      void message.success(t('areas.saved'));
    },
    onError: (error) => setFailure(readWriteFailure(error, queryClient)),
  });

  function submit(values: Values) {
    const body: Record<string, unknown> = {};
    if (values.name.trim() !== initial.name) body.name = values.name.trim();
    if (isGrid && values.households !== initial.households) body.households = values.households;
    if (isGrid && values.population !== initial.population) body.population = values.population;
    if (values.boundary.trim() !== initial.boundary) {
      const parsed = parseBoundary(values.boundary);
      if ('error' in parsed) {
        form.setFields([{ name: 'boundary', errors: [t(parsed.error, { message: parsed.message })] }]);
        return;
      }
      body.boundary = parsed.boundary;
    }
    if (Object.keys(body).length === 0) {
      void message.info(t('areas.noChanges'));
      return;
    }
    save.mutate(body);
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      disabled={area.retired}
      data-testid="area-edit-form"
      style={{ maxWidth: 760 }}
    >
      {area.retired && (
        <Alert type="warning" showIcon title={t('areas.retiredNotice')} style={{ marginBottom: 16 }} />
      )}
      {failure?.kind === 'conflict' && (
        <Alert
          type="warning"
          showIcon
          title={t('areas.versionConflict')}
          data-testid="version-conflict"
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item
        name="name"
        label={t('area.field.name')}
        rules={[{ required: true, whitespace: true, message: t('areas.required') }, { max: 100 }]}
      >
        <Input data-testid="edit-name" />
      </Form.Item>
      {isGrid && (
        <Space size="large">
          <Form.Item name="households" label={t('area.field.households')}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} data-testid="edit-households" />
          </Form.Item>
          <Form.Item name="population" label={t('area.field.population')}>
            <InputNumber min={0} precision={0} style={{ width: 160 }} data-testid="edit-population" />
          </Form.Item>
        </Space>
      )}
      <Collapse
        size="small"
        items={[
          {
            key: 'draw',
            label: t('gis.draw.title'),
            children: (
              <BoundaryDrawMap
                area={area}
                saving={save.isPending}
                onSave={(boundary) => save.mutate({ boundary })}
              />
            ),
          },
          {
            key: 'boundary',
            label: t('areas.editBoundary'),
            forceRender: true,
            children: (
              <Form.Item name="boundary" extra={t('areas.boundaryHint')} style={{ marginBottom: 0 }}>
                <Input.TextArea className="cg-boundary-input" autoSize={{ minRows: 4, maxRows: 12 }} />
              </Form.Item>
            ),
          },
        ]}
      />
      {failure?.kind === 'boundary' && <ProblemList problems={failure.problems} />}
      {failure?.kind === 'other' && <Alert type="error" showIcon title={failure.message} />}
      <Button
        type="primary"
        htmlType="submit"
        loading={save.isPending}
        style={{ marginTop: 16 }}
        data-testid="edit-save"
      >
        {t('areas.save')}
      </Button>
    </Form>
  );
}
