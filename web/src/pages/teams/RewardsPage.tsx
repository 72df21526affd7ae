import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useAreaNames } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { readProblem } from '../../components/write-errors';
import { LEVELS, putRewardRules, type RewardLedger, type RewardRules, teamQueries } from './teams.api';
import { ledgerCsv, todayCst } from './teams.model';
import './teams.css';

/** 资格与补贴: the yearly allowance rules (district admin) and the allowance ledger of a year. */
export default function RewardsPage() {
  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }} className="cg-teams">
      <RulesCard />
      <LedgerCard />
    </Space>
  );
}

function RulesCard() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useQuery(teamQueries.rewardRules());
  const [form] = Form.useForm<RewardRules>();
  const editable = can('teams.configure');
  useEffect(() => {
    if (rules.data) form.setFieldsValue(rules.data);
  }, [form, rules.data]);

  const save = useMutation({
    mutationFn: putRewardRules,
    onSuccess: (saved) => {
      queryClient.setQueryData(teamQueries.rewardRules().queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ['teams', 'rewards'] });
      void message.success(t('teams.rewards.rulesSaved'));
    },
    onError: (error) => {
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, [...LEVELS])
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as never);
      else void message.error(next.kind === 'other' ? next.message : error.message);
    },
  });

  return (
    <Card title={t('teams.rewards.rules')}>
      <Typography.Paragraph type="secondary">{t('teams.rewards.rulesIntro')}</Typography.Paragraph>
      {rules.isError && <Alert type="error" showIcon title={rules.error.message} />}
      <Form<RewardRules>
        form={form}
        layout="inline"
        onFinish={(values) => save.mutate(values)}
        data-testid="reward-rules"
      >
        {LEVELS.map((level) => (
          <Form.Item
            key={level}
            name={level}
            label={t(`teams.level.${level}`)}
            rules={[
              {
                validator: (_, value: number | null) =>
                  value !== null &&
                  value !== undefined &&
                  Number.isInteger(value) &&
                  value >= 0 &&
                  value <= 1_000_000
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('teams.rewards.amountInvalid'))),
              },
            ]}
          >
            <InputNumber
              disabled={!editable}
              style={{ width: 130 }}
              min={0}
              step={500}
              suffix="¥"
              data-testid={`reward-${level}`}
            />
          </Form.Item>
        ))}
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="reward-rules-save">
            {t('teams.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function LedgerCard() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayCst().slice(0, 4));
  const year = Number(params.get('year') ?? thisYear);
  const area = params.get('area') ?? undefined;
  const ledger = useQuery(teamQueries.rewards(year, area));
  const areaNames = useAreaNames();
  const money = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  const set = (name: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const download = (data: RewardLedger) => {
    const text = ledgerCsv(
      data,
      {
        name: t('teams.field.name'),
        area: t('teams.rewards.area'),
        level: t('teams.qualifications'),
        certificateNo: t('teams.certificateNo'),
        amount: t('teams.rewards.amount'),
        total: t('teams.rewards.total'),
      },
      (level) => t(`teams.level.${level as 'junior'}`),
      (code) => areaNames.get(code) ?? code,
    );
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('teams.rewards.fileName', { year: data.year });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Card
      title={t('teams.rewards.ledger')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          disabled={!ledger.data || ledger.data.items.length === 0}
          onClick={() => ledger.data && download(ledger.data)}
          data-testid="ledger-export"
        >
          {t('teams.rewards.exportCsv')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="ledger-year"
          style={{ width: 120 }}
          value={year}
          onChange={(value: number) => set('year', value === thisYear ? undefined : String(value))}
          options={Array.from({ length: 6 }, (_, i) => thisYear + 1 - i).map((y) => ({ value: y, label: y }))}
        />
        <AreaPicker
          style={{ width: 220 }}
          value={area}
          placeholder={t('teams.areaPlaceholder')}
          onChange={(code) => set('area', code ?? undefined)}
        />
      </Space>
      {ledger.data && (
        <Typography.Paragraph type="secondary" data-testid="ledger-rule">
          {ledger.data.rule}
        </Typography.Paragraph>
      )}
      {ledger.isError && <Alert type="error" showIcon title={ledger.error.message} />}
      <Table
        rowKey={(item) => `${item.memberId}-${item.certificateNo}`}
        size="small"
        data-testid="ledger-table"
        loading={ledger.isFetching}
        dataSource={ledger.data?.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { key: 'name', title: t('teams.field.name'), dataIndex: 'name' },
          {
            key: 'area',
            title: t('teams.rewards.area'),
            dataIndex: 'areaCode',
            render: (code: string) => areaNames.get(code) ?? code,
          },
          {
            key: 'level',
            title: t('teams.qualifications'),
            render: (_, item) => t(`teams.level.${item.level}`),
          },
          { key: 'certificateNo', title: t('teams.certificateNo'), dataIndex: 'certificateNo' },
          {
            key: 'amount',
            title: t('teams.rewards.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: money,
          },
        ]}
        summary={() =>
          ledger.data && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong data-testid="ledger-total">
                  {t('teams.rewards.totalLine', {
                    count: ledger.data.total,
                    amount: money(ledger.data.totalAmount),
                  })}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{money(ledger.data.totalAmount)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}
