import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { commandQueries, type ResourcesSummary } from './command.api';

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
  const summary = useQuery(commandQueries.resources(areaCode, year));
  const reports = useQuery(commandQueries.reports(areaCode));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['command'] });
  const [form] = Form.useForm<{
    communityCode: string;
    category: string;
    allocated: number;
    spent?: number;
  }>();
  const addFund = useMutation({
    mutationFn: (v: { communityCode: string; category: string; allocated: number; spent?: number }) =>
      api.post('/api/resources/funds', { ...v, year }),
    onSuccess: () => {
      form.resetFields();
      return refresh();
    },
    onError: (e) => void message.error(e.message),
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return api.post<{ funds: number; people: number; rooms: number }>('/api/resources/import', {
        year,
        file: btoa(binary),
      });
    },
    onSuccess: (r) => {
      void message.success(t('command.resources.imported', r));
      return refresh();
    },
    onError: (e) => void message.error(e.message),
  });
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
      {can('resources.write') && (
        <Card title={t('command.resources.addFund')}>
          <Form form={form} layout="inline" onFinish={(v) => addFund.mutate(v)}>
            <Form.Item name="communityCode" rules={[{ required: true }]}>
              <Select
                style={{ width: 200 }}
                placeholder={t('command.resources.community')}
                options={(summary.data?.communities ?? []).map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
            <Form.Item name="category" rules={[{ required: true }]}>
              <Input placeholder={t('command.resources.category')} />
            </Form.Item>
            <Form.Item name="allocated" rules={[{ required: true }]}>
              <InputNumber min={0} placeholder={t('command.resources.allocated')} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="spent">
              <InputNumber min={0} placeholder={t('command.resources.spent')} style={{ width: 160 }} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={addFund.isPending}>
              {t('command.resources.addFund')}
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                importFile.mutate(file);
                return false;
              }}
            >
              <Button loading={importFile.isPending} style={{ marginLeft: 8 }}>
                {t('command.resources.import')}
              </Button>
            </Upload>
          </Form>
        </Card>
      )}
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
