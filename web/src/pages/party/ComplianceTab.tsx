import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useListState } from '../../components/list-state';
import {
  type Arrears,
  type Compliance,
  type OrgKind,
  partyQueries,
  type Status,
  thisMonthCst,
} from './party.api';

const STATE_COLOR = { met: 'green', pending: 'blue', missing: 'red' } as const;

function MonthInput() {
  const state = useListState();
  return (
    <Input
      type="month"
      style={{ width: 160 }}
      value={state.get('month') ?? thisMonthCst()}
      onChange={(e) =>
        state.set({
          month: e.target.value || undefined,
          tab: state.get('tab'),
          areaCode: state.get('areaCode'),
        })
      }
      data-testid="party-month"
    />
  );
}

/** Per organization and month: what the requirements ask in the month's windows, and what is missing. */
export function ComplianceTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const month = useListState().get('month');
  const compliance = useQuery(partyQueries.compliance(areaCode, month));
  const requirements = useQuery(partyQueries.requirements());
  type Row = Compliance['items'][number];
  return (
    <Space orientation="vertical" style={{ display: 'flex' }}>
      <Card size="small" title={t('party.requirements')}>
        <Typography.Paragraph type="secondary">{t('party.requirementsHint')}</Typography.Paragraph>
        <Space wrap data-testid="party-requirements">
          {requirements.data?.items.map((r) => (
            <Tag key={r.kind}>
              {t(`party.meetingKind.${r.kind}`)} · {t(`party.every.${r.every}`)} ·{' '}
              {r.orgKinds.map((k) => t(`party.orgKind.${k as OrgKind}`)).join('/')}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card title={t('party.tab.compliance')} extra={<MonthInput />}>
        {compliance.isError && <Alert type="error" showIcon title={compliance.error.message} />}
        <Table<Row>
          rowKey="orgId"
          size="small"
          loading={compliance.isLoading}
          dataSource={compliance.data?.items}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          data-testid="party-compliance"
          columns={[
            { title: t('party.field.org'), dataIndex: 'orgName' },
            {
              title: t('party.field.kind'),
              dataIndex: 'kind',
              render: (k: OrgKind) => t(`party.orgKind.${k}`),
              width: 100,
            },
            {
              title: t('party.tab.compliance'),
              dataIndex: 'checks',
              render: (checks: Row['checks']) => (
                <Space wrap size={4}>
                  {checks.map((c) => (
                    <Tooltip key={c.kind} title={`${c.from} – ${c.to} · ${c.held}`}>
                      <Tag color={STATE_COLOR[c.state]} data-testid={`party-check-${c.state}`}>
                        {t(`party.meetingKind.${c.kind}`)}：{t(`party.state.${c.state}`)}
                      </Tag>
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            {
              title: '',
              dataIndex: 'missing',
              width: 110,
              sorter: (a, b) => a.missing - b.missing,
              render: (n: number) =>
                n > 0 ? (
                  <Tag color="red">{t('party.missingCount', { count: n })}</Tag>
                ) : (
                  <Tag color="green">{t('party.compliant')}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** Members in dues arrears at a month. */
export function ArrearsTab({ areaCode }: { areaCode?: string }) {
  const { t } = useTranslation();
  const month = useListState().get('month');
  const arrears = useQuery(partyQueries.arrears(areaCode, month));
  return (
    <Card title={t('party.tab.arrears')} extra={<MonthInput />}>
      <Typography.Paragraph type="secondary">{t('party.arrearsIntro')}</Typography.Paragraph>
      {arrears.isError && <Alert type="error" showIcon title={arrears.error.message} />}
      <Table<Arrears['items'][number]>
        rowKey="memberId"
        size="small"
        loading={arrears.isLoading}
        dataSource={arrears.data?.items}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        data-testid="party-arrears"
        columns={[
          { title: t('party.field.memberName'), dataIndex: 'name' },
          { title: t('party.field.org'), dataIndex: 'orgName' },
          {
            title: t('party.field.status'),
            dataIndex: 'status',
            render: (s: Status) => t(`party.status.${s}`),
          },
          { title: t('party.field.duesStandard'), dataIndex: 'duesStandard' },
          { title: t('party.field.duesPaidTo'), dataIndex: 'duesPaidTo' },
          {
            title: t('party.field.monthsOwed'),
            dataIndex: 'monthsOwed',
            sorter: (a, b) => a.monthsOwed - b.monthsOwed,
          },
          { title: t('party.field.amountOwed'), dataIndex: 'amountOwed' },
        ]}
      />
    </Card>
  );
}
