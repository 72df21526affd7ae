import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  BookingSchema,
  ServiceBody,
  SERVICE_KINDS as ServiceKinds,
  ServiceSchema,
} from '../../../../server/src/modules/partners/partners.schemas.ts';
import { api } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';
import { BookingsTable, ServicesTable } from './PartnersPage';

type Service = Static<typeof ServiceSchema>;
const SERVICE_KINDS: typeof ServiceKinds = [
  'finance',
  'repair',
  'elderly',
  'health',
  'education',
  'legal',
  'digital',
  'shopping',
  'charity',
  'other',
];
type Booking = Static<typeof BookingSchema>;

/**
 * A partner's own console: its services (offer, change, stop) and their bookings (confirm,
 * decline, mark done). A confirmed home service's phone is shown on demand (audited).
 */
export default function MyServicesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{
    name: string;
    kind: (typeof SERVICE_KINDS)[number];
    areaCode: string;
    hours?: string;
    price?: number;
    capacity: number;
    needsContact?: boolean;
    description?: string;
  }>();
  const services = useQuery({
    queryKey: ['my-services'],
    queryFn: ({ signal }) => api.get<Service[]>('/api/partner-services', signal),
  });
  const bookings = useQuery({
    queryKey: ['my-bookings'],
    queryFn: ({ signal }) => api.get<Booking[]>('/api/partner-bookings?limit=500', signal),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['my-services'] });
    void client.invalidateQueries({ queryKey: ['my-bookings'] });
  };
  const fail = (e: Error) => message.error(e.message);
  const create = useMutation({
    mutationFn: (body: Static<typeof ServiceBody>) => api.post<Service>('/api/partner-services', body),
    onSuccess: () => {
      message.success(t('partners.saved'));
      form.resetFields();
      refresh();
    },
    onError: fail,
  });
  const toggle = useMutation({
    mutationFn: (s: Service) =>
      api.patch<Service>(`/api/partner-services/${s.id}`, {
        version: s.version,
        state: s.state === 'open' ? 'closed' : 'open',
      }),
    onSuccess: refresh,
    onError: fail,
  });
  const move = useMutation({
    mutationFn: (v: { b: Booking; move: 'confirm' | 'decline' | 'done' }) =>
      api.post<Booking>(`/api/partner-bookings/${v.b.id}/${v.move}`, { version: v.b.version }),
    onSuccess: refresh,
    onError: fail,
  });
  const showPhone = async (b: Booking) => {
    const full = await api.get<Booking>(`/api/partner-bookings/${b.id}`);
    modal.info({ title: b.serviceName, content: `${full.residentName} ${full.phone ?? ''}` });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-services-page">
      <Card title={t('partners.myBookings')}>
        <BookingsTable
          data={bookings.data ?? []}
          loading={bookings.isLoading}
          actions={(b) => (
            <Space>
              {b.state === 'booked' && (
                <Button size="small" type="primary" onClick={() => move.mutate({ b, move: 'confirm' })}>
                  {t('partners.confirm')}
                </Button>
              )}
              {b.state === 'confirmed' && (
                <Button size="small" type="primary" onClick={() => move.mutate({ b, move: 'done' })}>
                  {t('partners.done')}
                </Button>
              )}
              {(b.state === 'booked' || b.state === 'confirmed') && (
                <Button size="small" danger onClick={() => move.mutate({ b, move: 'decline' })}>
                  {t('partners.decline')}
                </Button>
              )}
              {b.state === 'confirmed' && (
                <Button size="small" onClick={() => void showPhone(b)}>
                  {t('partners.showPhone')}
                </Button>
              )}
            </Space>
          )}
        />
      </Card>
      <Card title={t('partners.myServices')}>
        <ServicesTable
          data={services.data ?? []}
          loading={services.isLoading}
          actions={(s) => (
            <Button size="small" onClick={() => toggle.mutate(s)}>
              {s.state === 'open' ? t('partners.close') : t('partners.reopen')}
            </Button>
          )}
        />
      </Card>
      <Card title={t('partners.newService')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            create.mutate({
              name: v.name,
              kind: v.kind,
              areaCode: v.areaCode,
              hours: v.hours,
              priceFen: Math.round((v.price ?? 0) * 100),
              capacity: v.capacity,
              needsContact: Boolean(v.needsContact),
              description: v.description,
            })
          }
        >
          <Form.Item name="name" label={t('partners.name')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label={t('partners.kind')} rules={[{ required: true }]}>
            <Select
              options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`partners.serviceKinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="areaCode" label={t('partners.area')} rules={[{ required: true }]}>
            <AreaPicker />
          </Form.Item>
          <Form.Item name="hours" label={t('partners.hours')}>
            <Input />
          </Form.Item>
          <Space size="large">
            <Form.Item name="price" label={`${t('partners.price')} (${t('partners.yuan')})`} initialValue={0}>
              <InputNumber min={0} precision={2} />
            </Form.Item>
            <Form.Item name="capacity" label={t('partners.capacity')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="needsContact" label={t('partners.needsContact')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('partners.description')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('partners.newService')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
