import { DeleteOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { type Category, catalogQueries, type Department } from '../../app/case-catalog';
import { FailureAlerts } from '../../components/FailureAlerts';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import {
  addRule,
  type CategoryInput,
  catalogAdminQueries,
  createDepartment,
  type DepartmentInput,
  deleteRule,
  putCategory,
  type RoutingRule,
  retireDepartment,
  STEPS,
  type Step,
  updateDepartment,
} from './catalog-admin.api';

/** The server's rule for a category code (catalog.admin.ts). */
const CODE_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;
const AREA_PATTERN = /^[0-9]{12}([0-9]{3})?$/;
/** "No parent" / "any category" in a select: antd options should not have a `null` value. */
const NONE = '';

/** A category with its names in both languages, and its children when it is a top-level one. */
interface Row extends Category {
  nameZh: string;
  nameEn: string;
  children?: Row[];
}

/** The categories as a two-level tree, named in both languages. */
function useCategoryRows() {
  const { i18n } = useTranslation();
  const zh = useQuery(catalogAdminQueries.categoriesZh());
  const en = useQuery(catalogAdminQueries.categoriesEn());
  const rows = useMemo(() => {
    if (!zh.data || !en.data) return undefined;
    const english = new Map(en.data.items.map((c) => [c.code, c.name]));
    const flat: Row[] = zh.data.items.map((c) => {
      const nameEn = english.get(c.code) ?? c.name;
      return { ...c, nameZh: c.name, nameEn, name: i18n.language.startsWith('en') ? nameEn : c.name };
    });
    const tops = flat.filter((c) => c.parentCode === null);
    for (const top of tops) {
      const children = flat.filter((c) => c.parentCode === top.code);
      if (children.length) top.children = children;
    }
    // A child whose parent is not listed is still shown, at the top.
    const orphans = flat.filter((c) => c.parentCode !== null && !tops.some((t) => t.code === c.parentCode));
    return { tree: [...tops, ...orphans], flat };
  }, [zh.data, en.data, i18n.language]);
  return {
    rows,
    loading: zh.isFetching || en.isFetching,
    error: zh.error ?? en.error,
  };
}

/** Departments grouped by kind, for a select. */
function departmentOptions(departments: Department[] | undefined, t: TFunction) {
  return (['department', 'force'] as const)
    .map((kind) => ({
      label: t(`caseAdmin.kind.${kind}`),
      options: (departments ?? [])
        .filter((d) => d.kind === kind)
        .map((d) => ({ value: d.code, label: d.name })),
    }))
    .filter((group) => group.options.length > 0);
}

/** 事件类别与派遣规则: the case categories (names, default department, time limits) and routing rules. */
export default function CaseCatalogPage() {
  const { can } = useAuth();
  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }}>
      <CategoriesSection />
      {can('departments.manage') && <DepartmentsSection />}
      <RulesSection />
    </Space>
  );
}

function CategoriesSection() {
  const { t } = useTranslation();
  const { rows, loading, error } = useCategoryRows();
  const departments = useQuery(catalogQueries.departments());
  const departmentName = new Map(departments.data?.items.map((d) => [d.code, d.name]));
  // Versions learned from saves and 409 answers since the list was read (the list carries each one).
  const [versions, setVersions] = useState<Record<string, number>>({});
  // `null`: closed; `'new'`: a new category; otherwise the category being changed.
  const [editing, setEditing] = useState<Row | 'new' | null>(null);

  const columns: TableColumnsType<Row> = [
    {
      key: 'code',
      title: t('caseAdmin.field.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="cg-mono">{code}</span>,
    },
    { key: 'name', title: t('caseAdmin.field.name'), dataIndex: 'name' },
    {
      key: 'department',
      title: t('caseAdmin.field.departmentCode'),
      dataIndex: 'departmentCode',
      render: (code: string | null) =>
        code === null ? (
          <Typography.Text type="secondary">{t('caseAdmin.noDepartment')}</Typography.Text>
        ) : (
          (departmentName.get(code) ?? code)
        ),
    },
    ...STEPS.map((step) => ({
      key: step,
      title: t('caseAdmin.field.hours', { step: t(`cases.step.${step}`) }),
      align: 'right' as const,
      render: (_: unknown, row: Row) => row.timeLimits[step] ?? '—',
    })),
    {
      key: 'edit',
      render: (_, row) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing(row)}
          data-testid={`category-edit-${row.code}`}
        >
          {t('caseAdmin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('caseAdmin.categories')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="category-create"
        >
          {t('caseAdmin.createCategory')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.categoriesIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      <Table<Row>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={rows?.tree}
        columns={columns}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        data-testid="categories-table"
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('caseAdmin.createCategory')
            : t('caseAdmin.editCategory', { code: editing?.code })
        }
        footer={null}
        width={600}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <CategoryForm
            category={editing === 'new' ? undefined : editing}
            all={rows?.flat ?? []}
            departments={departments.data?.items}
            version={editing === 'new' ? undefined : (versions[editing.code] ?? editing.version)}
            onVersion={(code, version) => setVersions((known) => ({ ...known, [code]: version }))}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </Card>
  );
}

interface Values extends Record<Step, number | null> {
  code: string;
  parentCode: string;
  nameZh: string;
  nameEn: string;
  departmentCode: string | null;
}

const FIELDS = ['code', 'parentCode', 'nameZh', 'nameEn', 'departmentCode', ...STEPS];

function CategoryForm({
  category,
  all,
  departments,
  version,
  onVersion,
  onSaved,
}: {
  category?: Row;
  all: Row[];
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

/** 部门与专业力量: the units cases are sent to; retired ones stay listed, greyed, for the record. */
function DepartmentsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useQuery(catalogAdminQueries.departments());
  // `null`: closed; `'new'`: a new unit; otherwise the code of the unit being changed.
  const [editing, setEditing] = useState<string | null>(null);
  // The unit as the list has it now: after a 409 the list is read again, with the current version.
  const current =
    editing && editing !== 'new' ? departments.data?.items.find((d) => d.code === editing) : undefined;
  const retire = useMutation({
    mutationFn: (unit: Department) => retireDepartment(unit.code, unit.version),
    onSuccess: (unit) => {
      void message.success(t('caseAdmin.retired', { name: unit.name }));
      void queryClient.invalidateQueries({ queryKey: ['case-catalog', 'departments'] });
    },
    onError: (error) => {
      void message.error(error.message);
      void queryClient.invalidateQueries({ queryKey: ['case-catalog', 'departments'] });
    },
  });

  const columns: TableColumnsType<Department> = [
    {
      key: 'code',
      title: t('caseAdmin.departmentField.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="cg-mono">{code}</span>,
    },
    { key: 'nameZh', title: t('caseAdmin.field.nameZh'), dataIndex: 'nameZh' },
    { key: 'nameEn', title: t('caseAdmin.field.nameEn'), dataIndex: 'nameEn' },
    {
      key: 'kind',
      title: t('caseAdmin.departmentField.kind'),
      dataIndex: 'kind',
      render: (kind: Department['kind'], row) => (
        <Space size={4}>
          <Tag color={kind === 'force' ? 'orange' : 'blue'}>{t(`caseAdmin.unitKind.${kind}`)}</Tag>
          {row.retired && (
            <Tag data-testid={`department-retired-${row.code}`}>{t('caseAdmin.retiredTag')}</Tag>
          )}
        </Space>
      ),
    },
    { key: 'sort', title: t('caseAdmin.departmentField.sort'), dataIndex: 'sort', align: 'right' },
    {
      key: 'edit',
      render: (_, row) =>
        row.retired ? null : (
          <Space size={4}>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(row.code)}
              data-testid={`department-edit-${row.code}`}
            >
              {t('caseAdmin.edit')}
            </Button>
            <Popconfirm
              title={t('caseAdmin.retireConfirm', { name: row.name })}
              description={t('caseAdmin.retiredHint')}
              onConfirm={() => retire.mutate(row)}
            >
              <Button
                size="small"
                danger
                icon={<StopOutlined />}
                loading={retire.isPending && retire.variables?.code === row.code}
                data-testid={`department-retire-${row.code}`}
              >
                {t('caseAdmin.retire')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('caseAdmin.departments')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="department-create"
        >
          {t('caseAdmin.createDepartment')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.departmentsIntro')}</Typography.Paragraph>
      {departments.isError && (
        <Alert type="error" showIcon title={departments.error.message} style={{ marginBottom: 8 }} />
      )}
      <Table<Department>
        rowKey="code"
        size="small"
        loading={departments.isFetching}
        dataSource={departments.data?.items}
        rowClassName={(row) => (row.retired ? 'cg-retired' : '')}
        columns={columns}
        pagination={false}
        data-testid="departments-table"
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('caseAdmin.createDepartment')
            : t('caseAdmin.editDepartment', { code: editing })
        }
        footer={null}
        width={520}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <DepartmentForm
            unit={editing === 'new' ? undefined : current}
            code={editing === 'new' ? undefined : editing}
            all={departments.data?.items ?? []}
            reading={departments.isFetching}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </Card>
  );
}

interface DepartmentValues {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Department['kind'];
  sort: number | null;
}

const DEPARTMENT_FIELDS = ['code', 'nameZh', 'nameEn', 'kind', 'sort'];

function DepartmentForm({
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

interface RuleValues {
  categoryCode: string;
  areaCode: string;
  departmentCode: string;
}

function RulesSection() {
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
