import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Image, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AreaPicker } from '../../components/AreaPicker';
import { CameraMap } from './CameraMap';
import { cameraQueries, decide, type Incident } from './cameras.api';
import './cameras.css';

/** Live incidents: the stream says something changed, the list is read again. */
function useIncidentEvents(onChange: () => void) {
  useEffect(() => {
    const source = new EventSource('/api/camera-incidents/events');
    let timer: ReturnType<typeof setTimeout> | null = null;
    source.addEventListener('incident', () => {
      // A burst of alarms gives one reload.
      timer ??= setTimeout(() => {
        timer = null;
        onChange();
      }, 300);
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [onChange]);
}

/** 视频告警墙: incidents waiting for the command centre, their snapshot and camera, one click each. */
export default function AlarmWallPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const areaCode = params.get('areaCode') ?? undefined;
  const alarmType = params.get('alarmType') ?? undefined;
  const decision = (params.get('decision') ?? 'pending') as Incident['decision'];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const incidents = useQuery(
    cameraQueries.incidents({ areaCode, alarmType, decision, pageSize: 50 }, i18n.language),
  );
  const rules = useQuery(cameraQueries.rules());
  const points = useQuery(cameraQueries.points(areaCode));
  const [reload] = useState(
    () => () => void client.invalidateQueries({ queryKey: ['cameras', 'incidents'] }),
  );
  useIncidentEvents(reload);
  const items = incidents.data?.items ?? [];
  const selected = items.find((i) => i.id === selectedId) ?? items[0] ?? null;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const act = useMutation({
    mutationFn: ({ incident, verb }: { incident: Incident; verb: 'confirm' | 'dismiss' }) =>
      decide(incident.id, verb, incident.version),
    onSuccess: (done) => {
      message.success(
        done.decision === 'case'
          ? t('cameras.wall.confirmed', { number: done.caseNumber ?? '' })
          : t('cameras.wall.dismissed'),
      );
      reload();
    },
    onError: (error) => {
      message.error(error.message);
      reload();
    },
  });

  return (
    <div className="cg-alarm-wall" data-testid="alarm-wall">
      <Card
        title={t('cameras.wall.title')}
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
              data-testid="wall-type"
              style={{ width: 180 }}
              placeholder={t('cameras.wall.type')}
              value={alarmType}
              onChange={(v) => set('alarmType', v)}
              options={(rules.data?.items ?? []).map((r) => ({
                value: r.alarmType,
                label: i18n.language === 'en' ? r.nameEn : r.nameZh,
              }))}
            />
            <Select
              data-testid="wall-decision"
              style={{ width: 140 }}
              value={decision}
              onChange={(v) => set('decision', v)}
              options={(['pending', 'case', 'dismissed'] as const).map((d) => ({
                value: d,
                label: t(`cameras.decision.${d}`),
              }))}
            />
          </Space>
        }
      >
        {incidents.isError && <Alert type="error" showIcon title={incidents.error.message} />}
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Typography.Text type="secondary" data-testid="wall-total">
              {t('cameras.wall.total', { count: incidents.data?.total ?? 0 })}
            </Typography.Text>
            <List
              data-testid="wall-incidents"
              dataSource={items}
              locale={{ emptyText: <Empty description={t('cameras.wall.empty')} /> }}
              renderItem={(incident) => (
                <List.Item
                  data-testid="wall-incident"
                  data-incident-id={incident.id}
                  className={`cg-incident ${selected?.id === incident.id ? 'cg-incident-selected' : ''}`}
                  onClick={() => setSelectedId(incident.id)}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <Tag color="volcano">{incident.alarmTypeName}</Tag>
                        <span>{incident.cameraName}</span>
                        {incident.throttled && <Tag>{t('cameras.wall.throttled')}</Tag>}
                      </Space>
                    }
                    description={`${new Date(incident.startedAt).toLocaleString(i18n.language)} · ${t(
                      'cameras.wall.alarms',
                      { count: incident.alarmCount },
                    )}${incident.bestScore === null ? '' : ` · ${incident.bestScore.toFixed(2)}`}`}
                  />
                </List.Item>
              )}
            />
          </Col>
          <Col xs={24} lg={14}>
            {selected && (
              <Card
                size="small"
                data-testid="wall-selected"
                title={`${selected.alarmTypeName} · ${selected.cameraName}`}
                extra={
                  selected.decision === 'pending' ? (
                    <Space>
                      <Button
                        type="primary"
                        data-testid="wall-confirm"
                        loading={act.isPending}
                        onClick={() => act.mutate({ incident: selected, verb: 'confirm' })}
                      >
                        {t('cameras.wall.confirm')}
                      </Button>
                      <Button
                        danger
                        data-testid="wall-dismiss"
                        loading={act.isPending}
                        onClick={() => act.mutate({ incident: selected, verb: 'dismiss' })}
                      >
                        {t('cameras.wall.dismiss')}
                      </Button>
                    </Space>
                  ) : (
                    <Tag data-testid="wall-decided">
                      {t(`cameras.decision.${selected.decision}`)} {selected.caseNumber ?? ''}
                    </Tag>
                  )
                }
              >
                <Space direction="vertical" style={{ width: '100%' }}>
                  {selected.hasSnapshot ? (
                    <Image
                      className="cg-snapshot"
                      data-testid="wall-snapshot"
                      src={`/api/camera-incidents/${selected.id}/snapshot`}
                      alt={t('cameras.wall.snapshot')}
                    />
                  ) : (
                    <Typography.Text type="secondary">{t('cameras.wall.noSnapshot')}</Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {selected.deviceId} · {selected.gridCode}
                  </Typography.Text>
                </Space>
              </Card>
            )}
            <div style={{ marginTop: 12 }}>
              <CameraMap points={points.data?.items ?? []} selected={selected} />
            </div>
          </Col>
        </Row>
      </Card>
    </div>
  );
}
