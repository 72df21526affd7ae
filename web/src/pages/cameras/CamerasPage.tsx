import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Drawer, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { AreaPicker } from '../../components/AreaPicker';
import { CameraMap } from './CameraMap';
import { type Camera, type Incident as CameraDetailIncident, cameraQueries } from './cameras.api';
import './cameras.css';

/** 摄像机: the camera list with status, the map layer, and one camera's alarms, incidents and false-alarm rate. */
export default function CamerasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { id } = useParams();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const areaCode = params.get('areaCode') ?? undefined;
  const status = params.get('status') ?? undefined;
  const [q, setQ] = useState('');
  const list = useQuery(cameraQueries.list({ areaCode, status, q: q || undefined, page, pageSize: 20 }));
  const points = useQuery(cameraQueries.points(areaCode));
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };
  return (
    <div data-testid="cameras-page">
      <Card
        title={t('cameras.list.title')}
        extra={
          <Space wrap>
            <AreaPicker
              style={{ width: 240 }}
              value={areaCode ?? null}
              placeholder={t('cameras.wall.area')}
              onChange={(code) => set('areaCode', code ?? undefined)}
            />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('cameras.list.status')}
              value={status}
              onChange={(v) => set('status', v)}
              options={(['online', 'offline'] as const).map((s) => ({
                value: s,
                label: t(`cameras.status.${s}`),
              }))}
            />
            <Input.Search
              allowClear
              placeholder={t('cameras.list.search')}
              onSearch={setQ}
              style={{ width: 200 }}
            />
          </Space>
        }
      >
        <CameraMap points={points.data?.items ?? []} onPick={(picked) => navigate(`/cameras/${picked}`)} />
        <Table<Camera>
          rowKey="id"
          style={{ marginTop: 12 }}
          data-testid="cameras-table"
          loading={list.isFetching}
          dataSource={list.data?.items}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total,
            onChange: setPage,
            showSizeChanger: false,
          }}
          onRow={(row) => ({ onClick: () => navigate(`/cameras/${row.id}`) })}
          columns={[
            { title: t('cameras.list.name'), dataIndex: 'name' },
            { title: t('cameras.list.deviceId'), dataIndex: 'deviceId' },
            { title: t('cameras.list.grid'), dataIndex: 'gridCode' },
            {
              title: t('cameras.list.status'),
              dataIndex: 'status',
              render: (s: Camera['status'], row) => (
                <Space>
                  <Tag color={s === 'online' ? 'green' : 'default'}>{t(`cameras.status.${s}`)}</Tag>
                  {row.intelligent && <Tag color="blue">{t('cameras.list.intelligent')}</Tag>}
                </Space>
              ),
            },
            { title: t('cameras.list.owner'), dataIndex: 'ownerDepartment' },
          ]}
        />
      </Card>
      <Drawer
        open={Boolean(id)}
        width={640}
        onClose={() => navigate('/cameras')}
        title={t('cameras.detail.title')}
      >
        {id && <CameraDetailView id={id} />}
      </Drawer>
    </div>
  );
}

function CameraDetailView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const detail = useQuery(cameraQueries.detail(id, i18n.language));
  const c = detail.data;
  if (!c) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="camera-detail">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('cameras.list.name')}>{c.name}</Descriptions.Item>
        <Descriptions.Item label={t('cameras.list.deviceId')}>{c.channelId ?? c.deviceId}</Descriptions.Item>
        <Descriptions.Item label={t('cameras.list.grid')}>{c.gridCode}</Descriptions.Item>
        <Descriptions.Item label={t('cameras.list.status')}>
          {t(`cameras.status.${c.status}`)}
          {c.lastHeartbeatAt ? ` · ${new Date(c.lastHeartbeatAt).toLocaleString(i18n.language)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('cameras.detail.direction')}>{c.direction ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cameras.list.owner')}>{c.ownerDepartment ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cameras.detail.types')}>
          {c.analysisTypes.join(', ') || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('cameras.detail.falseAlarms')}</Typography.Title>
      <Table
        size="small"
        rowKey="alarmType"
        pagination={false}
        dataSource={c.stats}
        columns={[
          { title: t('cameras.wall.type'), dataIndex: 'alarmType' },
          { title: t('cameras.detail.incidents'), dataIndex: 'incidents' },
          { title: t('cameras.decision.dismissed'), dataIndex: 'dismissed' },
          {
            title: t('cameras.detail.rate'),
            dataIndex: 'falseAlarmRate',
            render: (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`),
          },
        ]}
      />
      <Typography.Title level={5}>{t('cameras.detail.incidents')}</Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 10 }}
        dataSource={c.incidents}
        columns={[
          { title: t('cameras.wall.type'), dataIndex: 'alarmTypeName' },
          {
            title: t('cameras.detail.started'),
            dataIndex: 'startedAt',
            render: (v: string) => new Date(v).toLocaleString(i18n.language),
          },
          { title: t('cameras.detail.alarms'), dataIndex: 'alarmCount' },
          {
            title: t('cameras.detail.decision'),
            dataIndex: 'decision',
            render: (d: CameraDetailIncident['decision'], row) =>
              `${t(`cameras.decision.${d}`)} ${row.caseNumber ?? ''}`,
          },
        ]}
      />
    </Space>
  );
}
