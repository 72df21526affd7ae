import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import type { Department } from '../../app/case-catalog';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import { createDepartment, type DepartmentInput, updateDepartment } from './catalog-admin.api';
import { CODE_PATTERN } from './catalog-fields';

interface DepartmentValues {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Department['kind'];
  sort: number | null;
}

const DEPARTMENT_FIELDS = ['code', 'nameZh', 'nameEn', 'kind', 'sort'];

export function DepartmentForm({
  unit,
  code,
  all,
  reading,
  onSaved,
}: {
  /** The unit as listed now (its version is the one a save sends); absent for a new one. */
  unit?: Department;
  /** The code of the unit being changed; absent for a new one. */
  code?: string;
  all: Department[];
  /** Whether the list is being read again (after a save or a 409). */
  reading: boolean;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DepartmentValues>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  // The server's words after a 409; the list is read again, and the next save sends its version.
  const [conflict, setConflict] = useState<string | null>(null);
  const required = { required: true, whitespace: true, message: t('caseAdmin.required') };
  const existing = code !== undefined;
  // The departments query of the cases pages, in every language.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['case-catalog', 'departments'] });

  const save = useMutation({
    mutationFn: ({ code, body }: { code: string; body: DepartmentInput }) =>
      existing
        ? updateDepartment(code, { ...body, version: unit?.version ?? 0 })
        : createDepartment({ code, ...body }),
    onSuccess: () => {
      void message.success(t(existing ? 'caseAdmin.saved' : 'caseAdmin.created'));
      void refresh();
      onSaved();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        setConflict(error.detail);
        setFailure(null);
        void refresh();
        return;
      }
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, DEPARTMENT_FIELDS)
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      setFailure(next);
    },
  });

  const submit = (values: DepartmentValues) =>
    save.mutate({
      code: (code ?? values.code).trim(),
      body: {
        nameZh: values.nameZh.trim(),
        nameEn: values.nameEn.trim(),
        kind: values.kind,
        ...(values.sort !== null && values.sort !== undefined && { sort: values.sort }),
      },
    });

  return (
    <Form<DepartmentValues>
      form={form}
      layout="vertical"
      data-testid="department-form"
      initialValues={{
        code: code ?? '',
        nameZh: unit?.nameZh ?? '',
        nameEn: unit?.nameEn ?? '',
        kind: unit?.kind ?? 'department',
        sort: unit?.sort ?? null,
      }}
      onFinish={submit}
      onValuesChange={() => failure && setFailure(null)}
    >
      <Form.Item
        name="code"
        label={t('caseAdmin.departmentField.code')}
        extra={existing ? undefined : t('caseAdmin.codeHint')}
        rules={
          existing
            ? []
            : [
                required,
                { pattern: CODE_PATTERN, message: t('caseAdmin.codeInvalid') },
                {
                  validator: (_, value: string) =>
                    all.some((d) => d.code === value?.trim())
                      ? Promise.reject(new Error(t('caseAdmin.codeTaken')))
                      : Promise.resolve(),
                },
              ]
        }
      >
        <Input className="cg-mono" disabled={existing} data-testid="department-code" />
      </Form.Item>
      <Form.Item name="nameZh" label={t('caseAdmin.field.nameZh')} rules={[required, { max: 50 }]}>
        <Input data-testid="department-nameZh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('caseAdmin.field.nameEn')} rules={[required, { max: 80 }]}>
        <Input data-testid="department-nameEn" />
      </Form.Item>
      <Form.Item name="kind" label={t('caseAdmin.departmentField.kind')} rules={[required]}>
        <Select
          data-testid="department-kind"
          options={(['department', 'force'] as const).map((kind) => ({
            value: kind,
            label: t(`caseAdmin.unitKind.${kind}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="sort" label={t('caseAdmin.departmentField.sort')}>
        <InputNumber
          min={0}
          max={10_000}
          precision={0}
          style={{ width: 120 }}
          data-testid="department-sort"
        />
      </Form.Item>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={conflict}
          description={
            existing && unit && !reading
              ? t('caseAdmin.departmentConflict', { version: unit.version })
              : undefined
          }
          style={{ marginBottom: 12 }}
          data-testid="department-conflict"
        />
      )}
      {failure?.kind === 'fields' &&
        failure.others.map((text) => (
          <Alert key={text} type="error" showIcon title={text} style={{ marginBottom: 12 }} />
        ))}
      {failure?.kind === 'other' && (
        <Alert
          type="error"
          showIcon
          title={failure.message}
          style={{ marginBottom: 12 }}
          data-testid="department-error"
        />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="department-submit">
        {existing ? t('caseAdmin.save') : t('caseAdmin.createDepartment')}
      </Button>
    </Form>
  );
}
