import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { commandQueries, type ResourcesSummary } from './command.api';
import { ResourceEntries } from './ResourceEntries';

const money = (x: number | null) => (x === null ? '—' : Math.round(x).toLocaleString());
const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
type Row = ResourcesSummary['communities'][number];

/** 资源下沉: per community and year, funds allocated and spent, people and rooms; entry, import, monthly reports. */
export default function ResourcesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const areaCode = params.get('area');
  const [year, setYear] = useState(new Date().getFullYear());
  // The community whose ledger is edited below (kept in the URL).
  const communityCode = params.get('community');
  const pick = (code: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (code) next.set('community', code);
      else next.delete('community');
      return next;
    });
  const summary = useQuery(commandQueries.resources(areaCode, year));
  const reports = useQuery(commandQueries.reports(areaCode));
  const community = summary.data?.communities.find((c) => c.code === communityCode) ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['command'] });
  const month = new Date().toISOString().slice(0, 7);
  const generate = useMutation({
    mutationFn: () => api.post('/api/command/reports', { month, ...(areaCode ? { areaCode } : {}) }),
    onSuccess: refresh,
    onError: (e) => void message.error(e.message),
  });

  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }}>
      <Card
        title={t('command.resources.title')}
        extra={
          <Space>
            <AreaPicker
              value={areaCode}
              onChange={(code) => setParams(code ? { area: code } : {})}
              data-testid="resources-area"
              style={{ width: 240 }}
            />
            <Select
              value={year}
              onChange={setYear}
              options={[0, 1, 2].map((i) => ({
                value: new Date().getFullYear() - i,
                label: new Date().getFullYear() - i,
              }))}
            />
          </Space>
        }
      >
        <Table<Row>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={summary.data?.communities ?? []}
          data-testid="resources-table"
          rowClassName={(r) => (r.code === communityCode ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => pick(r.code), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('command.resources.community'), dataIndex: 'name' },
            {
              title: t('command.resources.allocated'),
              dataIndex: 'allocated',
              align: 'right',
              render: money,
            },
            { title: t('command.resources.spent'), dataIndex: 'spent', align: 'right', render: money },
            {
              title: t('command.resources.spentShare'),
              dataIndex: 'spentShare',
              align: 'right',
              render: percent,
            },
            { title: t('command.resources.households'), dataIndex: 'households', align: 'right' },
            {
              title: t('command.resources.perHousehold'),
              dataIndex: 'allocatedPerHousehold',
              align: 'right',
              render: money,
            },
            { title: t('command.resources.grids'), dataIndex: 'grids', align: 'right' },
            {
              title: t('command.resources.perGrid'),
              dataIndex: 'allocatedPerGrid',
              align: 'right',
              render: money,
            },
            { title: t('command.resources.people'), dataIndex: 'people', align: 'right' },
            { title: t('command.resources.rooms'), dataIndex: 'roomsM2', align: 'right' },
          ]}
          summary={() =>
            summary.data && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('command.resources.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {money(summary.data.total.allocated)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {money(summary.data.total.spent)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {percent(summary.data.total.spentShare)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {summary.data.total.households}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {money(summary.data.total.allocatedPerHousehold)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {summary.data.total.grids}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {money(summary.data.total.allocatedPerGrid)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  {summary.data.total.people}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">
                  {summary.data.total.roomsM2}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      <Card
        title={
          community
            ? t('command.resources.entries', { community: community.name, year })
            : t('command.resources.title')
        }
        data-testid="resources-entries"
      >
        {community ? (
          <ResourceEntries
            key={`${community.code}-${year}`}
            communityCode={community.code}
            communityName={community.name}
            year={year}
            mayWrite={can('resources.write')}
          />
        ) : (
          <span className="cg-resources-hint">{t('command.resources.pickCommunity')}</span>
        )}
      </Card>
      <Card
        title={t('command.reports.title')}
        extra={
          can('command.manage') && (
            <Button onClick={() => generate.mutate()} loading={generate.isPending}>
              {t('command.reports.generate')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={reports.data ?? []}
          columns={[
            { title: t('command.reports.month'), dataIndex: 'month' },
            { title: '', dataIndex: 'generatedAt', render: (x: string) => new Date(x).toLocaleString() },
            {
              title: '',
              dataIndex: 'id',
              render: (id: string) => (
                <Space>
                  <a href={`/api/command/reports/${id}/docx`}>DOCX</a>
                  <a href={`/api/command/reports/${id}/xlsx`}>XLSX</a>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
