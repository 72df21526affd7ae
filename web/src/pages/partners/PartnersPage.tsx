import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  ApprovedSchema,
  BookingSchema,
  FiguresSchema,
  PartnerSchema,
  ServiceSchema,
} from '../../../../server/src/modules/partners/partners.schemas.ts';
import { api, withQuery } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';

type Partner = Static<typeof PartnerSchema>;
type Service = Static<typeof ServiceSchema>;
type Booking = Static<typeof BookingSchema>;
type Figures = Static<typeof FiguresSchema>;

export const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Community and street staff: partners' applications to approve or reject, the partners, their
 * services and the bookings of the area's residents (masked), and the figures per community.
 */
export default function PartnersPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [area, setArea] = useState<string | undefined>();
  const partners = useQuery({
    queryKey: ['partners', area],
    queryFn: ({ signal }) => api.get<Partner[]>(withQuery('/api/partners', { areaCode: area }), signal),
  });
  const services = useQuery({
    queryKey: ['partner-services', area],
    queryFn: ({ signal }) =>
      api.get<Service[]>(withQuery('/api/partner-services', { areaCode: area }), signal),
  });
  const bookings = useQuery({
    queryKey: ['partner-bookings', area],
    queryFn: ({ signal }) =>
      api.get<Booking[]>(withQuery('/api/partner-bookings', { areaCode: area, limit: 500 }), signal),
  });
  const figures = useQuery({
    queryKey: ['partner-figures', area],
    queryFn: ({ signal }) => api.get<Figures>(withQuery('/api/partners/figures', { areaCode: area }), signal),
  });
  const done = () => client.invalidateQueries({ queryKey: ['partners'] });
  const approve = useMutation({
    mutationFn: (v: { p: Partner; username: string }) =>
      api.post<Static<typeof ApprovedSchema>>(`/api/partners/${v.p.id}/approve`, {
        version: v.p.version,
        username: v.username,
      }),
    onSuccess: (r) => {
      modal.success({
        content: t('partners.approved', {
          username: r.account.username,
          password: r.account.temporaryPassword,
        }),
      });
      void done();
    },
    onError: (e: Error) => message.error(e.message),
  });
  const reject = useMutation({
    mutationFn: (v: { p: Partner; reason: string }) =>
      api.post<Partner>(`/api/partners/${v.p.id}/reject`, { version: v.p.version, reason: v.reason }),
    onSuccess: () => {
      message.success(t('partners.rejected'));
      void done();
    },
    onError: (e: Error) => message.error(e.message),
  });
  const ask = (title: string, placeholder: string, then: (value: string) => void) => {
    let value = '';
    modal.confirm({
      title,
      content: <Input placeholder={placeholder} onChange={(e) => (value = e.target.value)} />,
      onOk: () => then(value.trim()),
    });
  };
  const kind = (k: string) => t(`partners.kinds.${k}` as 'partners.kinds.other');
  const partnerColumns = [
    { title: t('partners.name'), dataIndex: 'name' },
    { title: t('partners.kind'), render: (_: unknown, p: Partner) => kind(p.kind), width: 110 },
    { title: t('partners.area'), render: (_: unknown, p: Partner) => p.areaName ?? p.areaCode, width: 140 },
    {
      title: t('partners.contact'),
      render: (_: unknown, p: Partner) => `${p.contactName} ${p.contactPhone}`,
      width: 180,
    },
    {
      title: t('partners.state'),
      width: 110,
      render: (_: unknown, p: Partner) => (
        <Tag color={p.state === 'approved' ? 'green' : p.state === 'pending' ? 'gold' : 'default'}>
          {t(`partners.partnerStates.${p.state}`)}
        </Tag>
      ),
    },
    {
      title: t('partners.appliedAt'),
      width: 120,
      render: (_: unknown, p: Partner) => new Date(p.appliedAt).toLocaleDateString(i18n.language),
    },
  ];
  const pending = (partners.data ?? []).filter((p) => p.state === 'pending');
  return (
    <Card
      title={t('partners.title')}
      extra={
        <AreaPicker
          value={area}
          onChange={(v: string | null) => setArea(v ?? undefined)}
          style={{ width: 260 }}
        />
      }
      data-testid="partners-page"
    >
      <Tabs
        items={[
          {
            key: 'applications',
            label: `${t('partners.applications')} (${pending.length})`,
            children: (
              <Table<Partner>
                rowKey="id"
                loading={partners.isLoading}
                dataSource={pending}
                columns={[
                  ...partnerColumns,
                  {
                    title: '',
                    width: 180,
                    render: (_, p) => (
                      <Space>
                        <Button
                          type="primary"
                          size="small"
                          onClick={() =>
                            ask(t('partners.approve'), t('partners.username'), (username) =>
                              approve.mutate({ p, username }),
                            )
                          }
                        >
                          {t('partners.approve')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          onClick={() =>
                            ask(t('partners.reject'), t('partners.reason'), (reason) =>
                              reject.mutate({ p, reason }),
                            )
                          }
                        >
                          {t('partners.reject')}
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'partners',
            label: t('partners.partners'),
            children: (
              <Table<Partner>
                rowKey="id"
                loading={partners.isLoading}
                dataSource={(partners.data ?? []).filter((p) => p.state !== 'pending')}
                pagination={{ pageSize: 20 }}
                columns={[
                  ...partnerColumns,
                  { title: t('partners.services'), dataIndex: 'services', width: 90 },
                  { title: t('partners.reason'), render: (_, p) => p.reason ?? '', width: 160 },
                ]}
              />
            ),
          },
          {
            key: 'services',
            label: t('partners.services'),
            children: <ServicesTable data={services.data ?? []} loading={services.isLoading} />,
          },
          {
            key: 'bookings',
            label: t('partners.bookings'),
            children: <BookingsTable data={bookings.data ?? []} loading={bookings.isLoading} />,
          },
          {
            key: 'figures',
            label: t('partners.figures'),
            children: (
              <Table
                rowKey="code"
                loading={figures.isLoading}
                dataSource={figures.data?.communities ?? []}
                pagination={false}
                columns={[
                  { title: t('partners.community'), dataIndex: 'name' },
                  { title: t('partners.partnersServing'), dataIndex: 'partners' },
                  { title: t('partners.servicesOffered'), dataIndex: 'services' },
                  { title: t('partners.used'), dataIndex: 'bookings' },
                  { title: t('partners.doneCount'), dataIndex: 'done' },
                  {
                    title: t('partners.rating'),
                    render: (_, r) => (r.rating === null ? '—' : `${r.rating} (${r.ratings})`),
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

export function ServicesTable({
  data,
  loading,
  actions,
}: {
  data: Service[];
  loading: boolean;
  actions?: (s: Service) => React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Table<Service>
      rowKey="id"
      loading={loading}
      dataSource={data}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: t('partners.service'), dataIndex: 'name' },
        { title: t('partners.partner'), dataIndex: 'partnerName', width: 150 },
        {
          title: t('partners.kind'),
          width: 100,
          render: (_, s) => t(`partners.serviceKinds.${s.kind}` as 'partners.serviceKinds.other'),
        },
        { title: t('partners.area'), render: (_, s) => s.areaName ?? s.areaCode, width: 130 },
        { title: t('partners.hours'), dataIndex: 'hours', width: 150 },
        {
          title: t('partners.price'),
          width: 90,
          render: (_, s) =>
            s.priceFen === 0 ? t('partners.free') : `${yuan(s.priceFen)} ${t('partners.yuan')}`,
        },
        { title: t('partners.booked'), render: (_, s) => `${s.booked} / ${s.capacity}`, width: 90 },
        {
          title: t('partners.rating'),
          render: (_, s) => (s.rating === null ? '—' : `${s.rating} (${s.ratings})`),
          width: 90,
        },
        {
          title: t('partners.state'),
          width: 90,
          render: (_, s) => (
            <Tag color={s.state === 'open' ? 'green' : 'default'}>{t(`partners.${s.state}`)}</Tag>
          ),
        },
        ...(actions ? [{ title: '', width: 220, render: (_: unknown, s: Service) => actions(s) }] : []),
      ]}
    />
  );
}

export function BookingsTable({
  data,
  loading,
  actions,
}: {
  data: Booking[];
  loading: boolean;
  actions?: (b: Booking) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table<Booking>
      rowKey="id"
      loading={loading}
      dataSource={data}
      pagination={{ pageSize: 20 }}
      columns={[
        { title: t('partners.service'), dataIndex: 'serviceName' },
        { title: t('partners.partner'), dataIndex: 'partnerName', width: 150 },
        { title: t('partners.resident'), dataIndex: 'residentName', width: 90 },
        { title: t('partners.phone'), render: (_, b) => b.phone ?? '', width: 130 },
        {
          title: t('partners.bookedAt'),
          width: 160,
          render: (_, b) => new Date(b.bookedAt).toLocaleString(i18n.language),
        },
        {
          title: t('partners.state'),
          width: 90,
          render: (_, b) => <Tag>{t(`partners.bookingStates.${b.state}`)}</Tag>,
        },
        {
          title: t('partners.rating'),
          width: 160,
          render: (_, b) => (b.rating === null ? '' : `★${b.rating} ${b.comment ?? ''}`),
        },
        ...(actions ? [{ title: '', width: 240, render: (_: unknown, b: Booking) => actions(b) }] : []),
      ]}
    />
  );
}
