import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import type { Department } from '../../app/case-catalog';
import { FailureAlerts } from '../../components/FailureAlerts';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import { type CategoryInput, putCategory, STEPS, type Step } from './catalog-admin.api';
import { CODE_PATTERN, departmentOptions, NONE } from './catalog-fields';
import type { CategoryRow } from './category-rows';

interface Values extends Record<Step, number | null> {
  code: string;
  parentCode: string;
  nameZh: string;
  nameEn: string;
  departmentCode: string | null;
}

const FIELDS = ['code', 'parentCode', 'nameZh', 'nameEn', 'departmentCode', ...STEPS];

export function CategoryForm({
  category,
  all,
  departments,
  version,
  onVersion,
  onSaved,
}: {
  category?: CategoryRow;
  all: CategoryRow[];
  departments?: Department[];
  /** The version this page knows of the category, if any. */
  version?: number;
  onVersion(code: string, version: number): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  // Set after a 409: the version the server has now, which the next save sends.
  const [conflict, setConflict] = useState<{ message: string; version: number } | null>(null);
  const required = { required: true, whitespace: true, message: t('caseAdmin.required') };
  const hasChildren = category ? all.some((c) => c.parentCode === category.code) : false;

  const save = useMutation({
    mutationFn: ({ code, body }: { code: string; body: CategoryInput }) => putCategory(code, body),
    onSuccess: (saved) => {
      onVersion(saved.code, saved.version);
      void message.success(t(category ? 'caseAdmin.saved' : 'caseAdmin.created'));
      void queryClient.invalidateQueries({ queryKey: ['case-catalog'] });
      onSaved();
    },
    onError: (error, { code }) => {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        const current = error.extra<number>('currentVersion');
        if (typeof current === 'number') {
          onVersion(code, current);
          setConflict({ message: error.detail, version: current });
          setFailure(null);
          return;
        }
      }
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, FIELDS)
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      setFailure(next);
    },
  });

  const submit = (values: Values) => {
    const timeLimits: CategoryInput['timeLimits'] = {};
    for (const step of STEPS) {
      const hours = values[step];
      if (hours !== null && hours !== undefined) timeLimits[step] = hours;
    }
    const known = conflict?.version ?? version;
    save.mutate({
      code: (category?.code ?? values.code).trim(),
      body: {
        parentCode: values.parentCode || null,
        nameZh: values.nameZh.trim(),
        nameEn: values.nameEn.trim(),
        departmentCode: values.departmentCode ?? null,
        timeLimits,
        ...(category && known !== undefined ? { version: known } : {}),
      },
    });
  };

  const parents = all.filter((c) => c.parentCode === null && c.code !== category?.code);

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="category-form"
      initialValues={{
        code: category?.code ?? '',
        parentCode: category?.parentCode ?? NONE,
        nameZh: category?.nameZh ?? '',
        nameEn: category?.nameEn ?? '',
        departmentCode: category?.departmentCode ?? null,
        ...Object.fromEntries(STEPS.map((step) => [step, category?.timeLimits[step] ?? null])),
      }}
      onFinish={submit}
      onValuesChange={() => failure?.kind === 'fields' && setFailure(null)}
    >
      <Form.Item
        name="code"
        label={t('caseAdmin.field.code')}
        extra={category ? undefined : t('caseAdmin.codeHint')}
        rules={
          category
            ? []
            : [
                required,
                { pattern: CODE_PATTERN, message: t('caseAdmin.codeInvalid') },
                {
                  validator: (_, code: string) =>
                    all.some((c) => c.code === code.trim())
                      ? Promise.reject(new Error(t('caseAdmin.codeTaken')))
                      : Promise.resolve(),
                },
              ]
        }
      >
        <Input className="cg-mono" disabled={category !== undefined} data-testid="category-code" />
      </Form.Item>
      <Form.Item name="parentCode" label={t('caseAdmin.field.parentCode')}>
        <Select
          data-testid="category-parent"
          // A category with children stays top-level: the server keeps two levels.
          disabled={hasChildren}
          options={[
            { value: NONE, label: t('caseAdmin.noParent') },
            ...parents.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
          ]}
        />
      </Form.Item>
      <Form.Item name="nameZh" label={t('caseAdmin.field.nameZh')} rules={[required, { max: 50 }]}>
        <Input data-testid="category-nameZh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('caseAdmin.field.nameEn')} rules={[required, { max: 80 }]}>
        <Input data-testid="category-nameEn" />
      </Form.Item>
      <Form.Item name="departmentCode" label={t('caseAdmin.field.departmentCode')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('caseAdmin.noDepartment')}
          data-testid="category-department"
          options={departmentOptions(departments, t)}
        />
      </Form.Item>
      <Typography.Text strong>{t('caseAdmin.field.timeLimits')}</Typography.Text>
      <Space wrap style={{ marginTop: 8 }}>
        {STEPS.map((step) => (
          <Form.Item
            key={step}
            name={step}
            label={t(`cases.step.${step}`)}
            rules={[
              {
                validator: (_, hours: number | null) =>
                  hours === null || hours === undefined || (hours > 0 && hours <= 2000)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('caseAdmin.hoursInvalid'))),
              },
            ]}
          >
            <InputNumber min={0} max={2000} style={{ width: 96 }} data-testid={`category-hours-${step}`} />
          </Form.Item>
        ))}
      </Space>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={conflict.message}
          description={t('caseAdmin.versionConflict', { version: conflict.version })}
          style={{ marginBottom: 12 }}
          data-testid="category-conflict"
        />
      )}
      <FailureAlerts failure={failure} />
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">
        {category ? t('caseAdmin.save') : t('caseAdmin.createCategory')}
      </Button>
    </Form>
  );
}
