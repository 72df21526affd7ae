import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { catalogQueries } from '../../app/case-catalog';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import { addRule, catalogAdminQueries, deleteRule, type RoutingRule } from './catalog-admin.api';
import { departmentOptions, NONE } from './catalog-fields';
import { useCategoryRows } from './category-rows';

const AREA_PATTERN = /^[0-9]{12}([0-9]{3})?$/;

interface RuleValues {
  categoryCode: string;
  areaCode: string;
  departmentCode: string;
}

/** 派遣规则: which department gets a category's cases, before the category's default (catalog-admin.api.ts). */
export function RoutingRulesSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleValues>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const rules = useQuery(catalogAdminQueries.rules());
  const { rows } = useCategoryRows();
  const departments = useQuery(catalogQueries.departments());
  const categoryName = new Map(rows?.flat.map((c) => [c.code, c.name]));
  const departmentName = new Map(departments.data?.items.map((d) => [d.code, d.name]));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['case-catalog', 'routing-rules'] });

  const add = useMutation({
    mutationFn: addRule,
    onSuccess: () => {
      void message.success(t('caseAdmin.ruleAdded'));
      form.resetFields();
      setFailure(null);
      void refresh();
    },
    onError: (error) => {
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, ['categoryCode', 'areaCode', 'departmentCode'])
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      setFailure(next);
    },
  });
  const remove = useMutation({
    mutationFn: deleteRule,
    onSuccess: () => {
      void message.success(t('caseAdmin.ruleDeleted'));
      void refresh();
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<RoutingRule> = [
    {
      key: 'category',
      title: t('caseAdmin.field.categoryCode'),
      dataIndex: 'categoryCode',
      render: (code: string | null) =>
        code === null ? (
          <Typography.Text type="secondary">{t('caseAdmin.anyCategory')}</Typography.Text>
        ) : (
          (categoryName.get(code) ?? code)
        ),
    },
    {
      key: 'area',
      title: t('caseAdmin.field.areaCode'),
      dataIndex: 'areaCode',
      render: (code: string | null) =>
        code === null ? (
          <Typography.Text type="secondary">{t('caseAdmin.anyArea')}</Typography.Text>
        ) : (
          <span className="cg-mono">{code}</span>
        ),
    },
    {
      key: 'department',
      title: t('caseAdmin.field.departmentCode'),
      dataIndex: 'departmentCode',
      render: (code: string) => departmentName.get(code) ?? code,
    },
    {
      key: 'delete',
      render: (_, rule) => (
        <Popconfirm title={t('caseAdmin.deleteRuleConfirm')} onConfirm={() => remove.mutate(rule.id)}>
          <Button size="small" danger icon={<DeleteOutlined />} data-testid={`rule-delete-${rule.id}`}>
            {t('caseAdmin.deleteRule')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <Card title={t('caseAdmin.rules')}>
      <Typography.Paragraph type="secondary">{t('caseAdmin.rulesIntro')}</Typography.Paragraph>
      <Form<RuleValues>
        form={form}
        layout="inline"
        data-testid="rule-form"
        initialValues={{ categoryCode: NONE, areaCode: '' }}
        onFinish={({ categoryCode, areaCode, departmentCode }) =>
          add.mutate({
            categoryCode: categoryCode || null,
            areaCode: areaCode.trim() || null,
            departmentCode,
          })
        }
        onValuesChange={() => failure && setFailure(null)}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="categoryCode" label={t('caseAdmin.field.categoryCode')}>
          <Select
            style={{ width: 200 }}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="rule-category"
            options={[
              { value: NONE, label: t('caseAdmin.anyCategory') },
              ...(rows?.flat ?? []).map((c) => ({
                value: c.code,
                label: c.parentCode
                  ? `${categoryName.get(c.parentCode) ?? c.parentCode} / ${c.name}`
                  : c.name,
              })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="areaCode"
          label={t('caseAdmin.field.areaCode')}
          tooltip={t('caseAdmin.areaHint')}
          rules={[
            {
              validator: (_, code: string) =>
                !code?.trim() || AREA_PATTERN.test(code.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('caseAdmin.areaInvalid'))),
            },
          ]}
        >
          <Input
            className="cg-mono"
            style={{ width: 170 }}
            placeholder={t('caseAdmin.anyArea')}
            data-testid="rule-area"
          />
        </Form.Item>
        <Form.Item
          name="departmentCode"
          label={t('caseAdmin.field.departmentCode')}
          rules={[{ required: true, message: t('caseAdmin.required') }]}
        >
          <Select
            style={{ width: 200 }}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="rule-department"
            options={departmentOptions(departments.data?.items, t)}
          />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={add.isPending}
            data-testid="rule-add"
          >
            {t('caseAdmin.addRule')}
          </Button>
        </Form.Item>
      </Form>
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
          data-testid="rule-error"
        />
      )}
      {rules.isError && (
        <Alert type="error" showIcon title={rules.error.message} style={{ marginBottom: 8 }} />
      )}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        loading={rules.isFetching}
        dataSource={rules.data?.items}
        columns={columns}
        pagination={false}
        data-testid="rules-table"
      />
    </Card>
  );
}
