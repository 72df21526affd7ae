import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Rate,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  JOINT_AREAS as JointAreas,
  PairingSchema,
  PairingSummarySchema,
} from '../../../../server/src/modules/pairing/pairing.schemas.ts';
import { api, withQuery } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';

type Summary = Static<typeof PairingSummarySchema>;
type Pairing = Static<typeof PairingSchema>;
const AREAS: typeof JointAreas = ['party', 'civility', 'service', 'stability', 'environment'];
const day = (d: { format: (f: string) => string } | undefined) => d?.format('YYYY-MM-DD');

/**
 * Five-joint pairing (五联共管): the pairings of a community (or of one unit across communities),
 * each with its agreement, yearly plan, activities and yearly review.
 */
export default function PairingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [area, setArea] = useState<string | undefined>();
  const [unit, setUnit] = useState<string | undefined>();
  const [year, setYear] = useState(new Date().getFullYear());
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['pairings', area, unit, year],
    queryFn: ({ signal }) =>
      api.get<Summary[]>(withQuery('/api/pairings', { areaCode: area, unitName: unit, year }), signal),
  });
  const units = [...new Set((list.data ?? []).map((p) => p.unitName))];
  const create = useMutation({
    mutationFn: (body: unknown) => api.post<Pairing>('/api/pairings', body),
    onSuccess: (p) => {
      message.success(t('pairing.saved'));
      setCreating(false);
      void client.invalidateQueries({ queryKey: ['pairings'] });
      setOpen(p.id);
    },
    onError: (e: Error) => message.error(e.message),
  });
  return (
    <Card
      title={t('pairing.title')}
      data-testid="pairings-page"
      extra={
        <Space>
          <AreaPicker
            value={area}
            onChange={(v: string | null) => setArea(v ?? undefined)}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t('pairing.byUnit')}
            style={{ width: 200 }}
            value={unit}
            onChange={setUnit}
            options={units.map((u) => ({ value: u, label: u }))}
          />
          <InputNumber value={year} onChange={(v) => v && setYear(v)} min={2000} max={2100} />
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('pairing.create')}
          </Button>
        </Space>
      }
    >
      <Table<Summary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20 }}
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('pairing.community'), render: (_, p) => p.communityName ?? p.communityCode },
          { title: t('pairing.unit'), dataIndex: 'unitName' },
          {
            title: t('pairing.unitKind'),
            render: (_, p) => t(`pairing.unitKinds.${p.unitKind}`),
            width: 110,
          },
          { title: t('pairing.signedOn'), dataIndex: 'signedOn', width: 110 },
          {
            title: t('pairing.state'),
            render: (_, p) => <Tag>{t(`pairing.states.${p.state}`)}</Tag>,
            width: 90,
          },
          { title: t('pairing.planItems'), dataIndex: 'planItems', width: 90 },
          { title: t('pairing.activities'), dataIndex: 'activities', width: 80 },
          { title: t('pairing.participants'), dataIndex: 'participants', width: 90 },
          {
            title: t('pairing.reviewed'),
            width: 90,
            render: (_, p) => (p.reviewed ? <Tag color="green">{t('pairing.yes')}</Tag> : t('pairing.no')),
          },
        ]}
      />
      <Drawer open={creating} onClose={() => setCreating(false)} title={t('pairing.create')} width={520}>
        <Form
          layout="vertical"
          onFinish={(v) =>
            create.mutate({
              communityCode: v.communityCode,
              unitKind: v.unitKind,
              ...(v.unitKind === 'party_org' ? { partyOrgId: v.partyOrgId } : { unitName: v.unitName }),
              agreement: v.agreement ?? '',
              signedOn: day(v.signedOn),
            })
          }
        >
          <Form.Item name="communityCode" label={t('pairing.community')} rules={[{ required: true }]}>
            <AreaPicker />
          </Form.Item>
          <Form.Item name="unitKind" label={t('pairing.unitKind')} initialValue="unit">
            <Select
              options={(['unit', 'party_org'] as const).map((k) => ({
                value: k,
                label: t(`pairing.unitKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="unitName" label={t('pairing.unit')}>
            <Input />
          </Form.Item>
          <Form.Item name="partyOrgId" label={t('pairing.partyOrgId')}>
            <Input />
          </Form.Item>
          <Form.Item name="signedOn" label={t('pairing.signedOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="agreement" label={t('pairing.agreement')}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('pairing.create')}
          </Button>
        </Form>
      </Drawer>
      {open && <PairingDrawer id={open} year={year} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function PairingDrawer({ id, year, onClose }: { id: string; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['pairing', id],
    queryFn: ({ signal }) => api.get<Pairing>(`/api/pairings/${id}`, signal),
  });
  const p = detail.data;
  const saved = (next: Pairing) => {
    message.success(t('pairing.saved'));
    client.setQueryData(['pairing', id], next);
    void client.invalidateQueries({ queryKey: ['pairings'] });
  };
  const write = useMutation({
    mutationFn: (v: { method: 'put' | 'post' | 'patch'; path: string; body: unknown }) =>
      api[v.method]<Pairing>(`/api/pairings/${id}${v.path}`, v.body),
    onSuccess: saved,
    onError: (e: Error) => message.error(e.message),
  });
  const plan = p?.plans.find((x) => x.year === year);
  const review = p?.reviews.find((x) => x.year === year);
  const areaName = (a: string) => t(`pairing.areas.${a}` as 'pairing.areas.party');
  return (
    <Drawer open onClose={onClose} width={720} title={p ? `${p.unitName} · ${p.communityName ?? ''}` : ''}>
      {p && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('pairing.signedOn')}>{p.signedOn}</Descriptions.Item>
            <Descriptions.Item label={t('pairing.state')}>{t(`pairing.states.${p.state}`)}</Descriptions.Item>
            <Descriptions.Item label={t('pairing.agreement')} span={2}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{p.agreement}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('pairing.files')} span={2}>
              {p.files.map((f) => (
                <a key={f.id} href={`/api/pairings/${p.id}/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.fileName}{' '}
                </a>
              ))}
            </Descriptions.Item>
          </Descriptions>
          {p.state === 'active' && (
            <Button
              onClick={() =>
                write.mutate({ method: 'patch', path: '', body: { version: p.version, state: 'ended' } })
              }
            >
              {t('pairing.end')}
            </Button>
          )}
          <Card size="small" title={`${t('pairing.plan')} ${year}`}>
            <Form
              key={`plan-${plan?.version ?? 0}`}
              initialValues={{ items: plan?.items ?? [{ area: 'party', item: '' }] }}
              onFinish={(v) =>
                write.mutate({
                  method: 'put',
                  path: `/plans/${year}`,
                  body: { version: plan?.version ?? 0, items: v.items },
                })
              }
            >
              <Form.List name="items">
                {(fields, { add }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline">
                        <Form.Item name={[f.name, 'area']}>
                          <Select
                            style={{ width: 130 }}
                            options={AREAS.map((a) => ({ value: a, label: areaName(a) }))}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'item']} rules={[{ required: true }]}>
                          <Input style={{ width: 420 }} placeholder={t('pairing.item')} />
                        </Form.Item>
                      </Space>
                    ))}
                    <Space>
                      <Button onClick={() => add({ area: 'service', item: '' })}>
                        {t('pairing.addItem')}
                      </Button>
                      <Button type="primary" htmlType="submit">
                        {t('pairing.savePlan')}
                      </Button>
                    </Space>
                  </>
                )}
              </Form.List>
            </Form>
          </Card>
          <Card size="small" title={t('pairing.activity')}>
            <Form
              layout="inline"
              onFinish={(v) =>
                write.mutate({
                  method: 'post',
                  path: '/activities',
                  body: { ...v, heldOn: day(v.heldOn), participants: v.participants ?? 0 },
                })
              }
            >
              <Form.Item name="heldOn" rules={[{ required: true }]}>
                <DatePicker placeholder={t('pairing.heldOn')} />
              </Form.Item>
              <Form.Item name="area" rules={[{ required: true }]}>
                <Select
                  style={{ width: 120 }}
                  placeholder={t('pairing.areas.party')}
                  options={AREAS.map((a) => ({ value: a, label: areaName(a) }))}
                />
              </Form.Item>
              <Form.Item name="kind" rules={[{ required: true }]}>
                <Input placeholder={t('pairing.kind')} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name="title" rules={[{ required: true, min: 2 }]}>
                <Input placeholder={t('pairing.activityTitle')} />
              </Form.Item>
              <Form.Item name="participants">
                <InputNumber min={0} placeholder={t('pairing.participants')} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('pairing.activity')}
              </Button>
            </Form>
            <List
              size="small"
              dataSource={p.activities}
              renderItem={(a) => (
                <List.Item>
                  {a.heldOn} <Tag>{areaName(a.area)}</Tag> {a.kind} · {a.title} · {t('pairing.participants')}{' '}
                  {a.participants}
                  {a.photos.map((f) => (
                    <a
                      key={f.id}
                      href={`/api/pairings/${p.id}/files/${f.id}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {' '}
                      📷
                    </a>
                  ))}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={`${t('pairing.review')} ${year}`}>
            <Form
              key={`review-${review?.version ?? 0}`}
              layout="vertical"
              initialValues={{ summary: review?.summary, scores: review?.scores ?? {} }}
              onFinish={(v) =>
                write.mutate({
                  method: 'put',
                  path: `/reviews/${year}`,
                  body: { version: review?.version ?? 0, summary: v.summary, scores: v.scores },
                })
              }
            >
              {AREAS.map((a) => (
                <Form.Item key={a} name={['scores', a]} label={areaName(a)} rules={[{ required: true }]}>
                  <Rate />
                </Form.Item>
              ))}
              <Form.Item name="summary" label={t('pairing.summary')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('pairing.saveReview')}
              </Button>
            </Form>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
