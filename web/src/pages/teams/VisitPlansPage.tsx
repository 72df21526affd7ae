import { EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAreaNames } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { useRecordFormat, useTags } from '../../app/registry.format';
import { HOUSE_USAGES, ORG_KINDS } from '../../app/registry.model';
import { AreaPicker } from '../../components/AreaPicker';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import {
  createPlan,
  FREQUENCIES,
  type Frequency,
  generateTasks,
  type Plan,
  TARGET_TYPES,
  type TargetType,
  updatePlan,
  visitQueries,
} from './teams.api';
import { filterValue, planFilter } from './teams.model';
import './teams.css';
import { FailureAlerts } from '../../components/FailureAlerts';

/** Readable text for a plan's condition (a tag, a house usage, an organization kind). */
function useFilterText() {
  const { t } = useTranslation();
  const tags = useTags();
  const houses = useRecordFormat('houses');
  const orgs = useRecordFormat('orgs');
  return (targetType: TargetType, value: string | undefined) => {
    if (!value) return t('teams.plans.noFilter');
    if (targetType === 'person') return tags.find((tag) => tag.code === value)?.name ?? value;
    if (targetType === 'house') return houses.value('usage', value);
    return orgs.value('kind', value);
  };
}

/** 走访计划: the rules that make visit tasks, and "generate now". */
export default function VisitPlansPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const areaNames = useAreaNames();
  const filterText = useFilterText();
  const [page, setPage] = useState(1);
  const plans = useQuery(visitQueries.plans({ page, pageSize: 20 }));
  const [editing, setEditing] = useState<Plan | 'new' | null>(null);
  const canPlan = can('visits.plan');

  const generate = useMutation({
    mutationFn: () => generateTasks({}),
    onSuccess: (result) => {
      void message.success(t('teams.plans.generated', result));
      void queryClient.invalidateQueries({ queryKey: ['visits'] });
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<Plan> = [
    { key: 'name', title: t('teams.plans.name'), dataIndex: 'name' },
    {
      key: 'targetType',
      title: t('teams.plans.targetType'),
      render: (_, plan) => t(`teams.target.${plan.targetType}`),
    },
    {
      key: 'filter',
      title: t('teams.plans.filter'),
      render: (_, plan) => filterText(plan.targetType, filterValue(plan.filter)),
    },
    {
      key: 'frequency',
      title: t('teams.plans.frequency'),
      render: (_, plan) => t(`teams.frequency.${plan.frequency}`),
    },
    {
      key: 'area',
      title: t('teams.plans.area'),
      dataIndex: 'areaCode',
      render: (code: string) => areaNames.get(code) ?? code,
    },
    {
      key: 'active',
      title: t('teams.plans.active'),
      render: (_, plan) =>
        plan.active ? (
          <Tag color="green">{t('teams.plans.active')}</Tag>
        ) : (
          <Tag>{t('teams.plans.inactive')}</Tag>
        ),
    },
    ...(canPlan
      ? [
          {
            key: 'edit',
            render: (_: unknown, plan: Plan) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(plan)}
                data-testid={`plan-edit-${plan.id}`}
              >
                {t('teams.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      className="cg-teams"
      title={t('teams.plans.title')}
      extra={
        canPlan && (
          <Space>
            <Popconfirm title={t('teams.plans.generateConfirm')} onConfirm={() => generate.mutate()}>
              <Button
                icon={<ThunderboltOutlined />}
                loading={generate.isPending}
                data-testid="plans-generate"
              >
                {t('teams.plans.generate')}
              </Button>
            </Popconfirm>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="plan-create"
            >
              {t('teams.plans.create')}
            </Button>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('teams.plans.intro')}</Typography.Paragraph>
      {plans.isError && <Alert type="error" showIcon title={plans.error.message} />}
      <Table<Plan>
        rowKey="id"
        size="small"
        data-testid="plans-table"
        loading={plans.isFetching}
        dataSource={plans.data?.items}
        columns={columns}
        pagination={{
          current: page,
          pageSize: 20,
          total: plans.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('teams.plans.create') : t('teams.plans.edit')}
        footer={null}
        width={560}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <PlanForm
            plan={editing === 'new' ? undefined : editing}
            onSaved={() => setEditing(null)}
            onConflict={(current) => setEditing(current)}
          />
        )}
      </Modal>
    </Card>
  );
}

interface PlanValues {
  name: string;
  targetType: TargetType;
  filter?: string;
  frequency: Frequency;
  areaCode?: string | null;
  active: boolean;
}

function PlanForm({
  plan,
  onSaved,
  onConflict,
}: {
  plan?: Plan;
  onSaved(): void;
  /** After a 409: the plan as it is now, which the form then shows. */
  onConflict(current: Plan): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanValues>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const [conflicted, setConflicted] = useState(false);
  const targetType = Form.useWatch('targetType', form) ?? plan?.targetType ?? 'person';
  const tags = useTags();
  const houses = useRecordFormat('houses');
  const orgs = useRecordFormat('orgs');
  const areaNames = useAreaNames();
  const required = { required: true, whitespace: true, message: t('teams.required') };

  const save = useMutation({
    mutationFn: (values: PlanValues) => {
      const filter = planFilter(values.targetType, values.filter);
      return plan
        ? updatePlan(plan.id, {
            version: plan.version,
            name: values.name.trim(),
            filter,
            frequency: values.frequency,
            active: values.active,
          })
        : createPlan({
            name: values.name.trim(),
            targetType: values.targetType,
            filter,
            frequency: values.frequency,
            ...(values.areaCode ? { areaCode: values.areaCode } : {}),
          });
    },
    onSuccess: () => {
      void message.success(t(plan ? 'teams.plans.saved' : 'teams.plans.created'));
      void queryClient.invalidateQueries({ queryKey: ['visits', 'plans'] });
      onSaved();
    },
    onError: (error) => {
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, ['name', 'targetType', 'filter', 'frequency', 'areaCode'], {
              tag: 'filter',
              usage: 'filter',
              kind: 'filter',
            })
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'conflict') {
        setConflicted(true);
        void queryClient.invalidateQueries({ queryKey: ['visits', 'plans'] });
        onConflict(next.current as unknown as Plan);
        return;
      }
      if (next.kind === 'fields') form.setFields(next.fields as never);
      setFailure(next);
    },
  });

  const filterOptions =
    targetType === 'person'
      ? tags.map((tag) => ({ value: tag.code, label: tag.name }))
      : targetType === 'house'
        ? HOUSE_USAGES.map((usage) => ({ value: usage, label: houses.value('usage', usage) }))
        : ORG_KINDS.map((kind) => ({ value: kind, label: orgs.value('kind', kind) }));
  const filterPlaceholder = {
    person: 'tagPlaceholder',
    house: 'usagePlaceholder',
    org: 'kindPlaceholder',
    grid: 'noFilter',
  } as const;

  return (
    <Form<PlanValues>
      // A new plan (after a conflict) brings new initial values: a new form.
      key={plan ? `${plan.id}-${plan.version}` : 'new'}
      form={form}
      layout="vertical"
      data-testid="plan-form"
      initialValues={{
        name: plan?.name ?? '',
        targetType: plan?.targetType ?? 'person',
        filter: plan ? filterValue(plan.filter) : undefined,
        frequency: plan?.frequency ?? 'weekly',
        areaCode: plan?.areaCode,
        active: plan?.active ?? true,
      }}
      onFinish={(values) => save.mutate(values)}
      onValuesChange={(changed: Partial<PlanValues>) => {
        if ('targetType' in changed) form.setFieldValue('filter', undefined);
        if (failure) setFailure(null);
      }}
    >
      {conflicted && plan && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="version-conflict"
          title={t('teams.plans.conflict', { version: plan.version })}
        />
      )}
      <Form.Item name="name" label={t('teams.plans.name')} rules={[required, { max: 100 }]}>
        <Input data-testid="plan-name" />
      </Form.Item>
      <Form.Item name="targetType" label={t('teams.plans.targetType')} rules={[{ required: true }]}>
        <Select
          disabled={Boolean(plan)}
          data-testid="plan-target"
          options={TARGET_TYPES.map((type) => ({ value: type, label: t(`teams.target.${type}`) }))}
        />
      </Form.Item>
      {targetType !== 'grid' && (
        <Form.Item
          name="filter"
          label={t('teams.plans.filter')}
          rules={[{ required: true, message: t('teams.required') }]}
        >
          <Select
            data-testid="plan-filter"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t(`teams.plans.${filterPlaceholder[targetType]}`)}
            options={filterOptions}
          />
        </Form.Item>
      )}
      <Form.Item name="frequency" label={t('teams.plans.frequency')} rules={[{ required: true }]}>
        <Select
          data-testid="plan-frequency"
          options={FREQUENCIES.map((f) => ({ value: f, label: t(`teams.frequency.${f}`) }))}
        />
      </Form.Item>
      {plan ? (
        <Form.Item label={t('teams.plans.area')}>
          <Input disabled value={areaNames.get(plan.areaCode) ?? plan.areaCode} />
        </Form.Item>
      ) : (
        <Form.Item name="areaCode" label={t('teams.plans.area')}>
          <AreaPicker placeholder={t('teams.plans.wholeArea')} data-testid="plan-area" />
        </Form.Item>
      )}
      {plan && (
        <Form.Item name="active" label={t('teams.plans.active')} valuePropName="checked">
          <Switch data-testid="plan-active" />
        </Form.Item>
      )}
      <FailureAlerts failure={failure} gap={8} />
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">
        {plan ? t('teams.save') : t('teams.plans.create')}
      </Button>
    </Form>
  );
}
