import { useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { BookingSchema, ServiceSchema } from '../../../server/src/modules/partners/partners.schemas.ts';
import { call, problemText } from './api';
import { language } from './i18n';

type Service = Static<typeof ServiceSchema>;
type Booking = Static<typeof BookingSchema>;

/** This screen's own strings: loaded with it, not with the app's first page. */
const zh = {
  title: '便民服务',
  back: '返回',
  free: '免费',
  left: '剩余名额',
  book: '预约',
  phone: '联系电话（上门服务必填）',
  booked: '预约成功',
  mine: '我的预约',
  none: '暂无服务',
  noBookings: '还没有预约',
  cancel: '取消预约',
  rate: '评价',
  comment: '评价内容（选填）',
  submit: '提交',
  hours: '服务时间',
  state: { booked: '已预约', confirmed: '已确认', done: '已完成', cancelled: '已取消', declined: '已婉拒' },
  yuan: '元',
};
const en: typeof zh = {
  title: 'Services',
  back: 'Back',
  free: 'Free',
  left: 'Places left',
  book: 'Book',
  phone: 'Phone (needed for home services)',
  booked: 'Booked',
  mine: 'My bookings',
  none: 'No services yet',
  noBookings: 'No bookings yet',
  cancel: 'Cancel',
  rate: 'Rate',
  comment: 'Comment (optional)',
  submit: 'Send',
  hours: 'Hours',
  state: {
    booked: 'booked',
    confirmed: 'confirmed',
    done: 'done',
    cancelled: 'cancelled',
    declined: 'declined',
  },
  yuan: 'yuan',
};

/** Partners' services offered where the resident lives: book or claim one, follow it, rate it. */
export default function Services({ back }: { back: () => void }) {
  const t = language() === 'en' ? en : zh;
  const [services, setServices] = useState<Service[]>([]);
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void call<Service[]>('/api/partner-services').then((a) => a.status === 200 && setServices(a.body));
    void call<Booking[]>('/api/partner-bookings').then((a) => a.status === 200 && setBookings(a.body));
  }, []);
  useEffect(load, [load]);
  const act = async (path: string, body: unknown, ok: number, done?: string) => {
    setError(null);
    setMessage(null);
    const a = await call(path, 'POST', body);
    if (a.status !== ok) return setError(problemText(a));
    if (done) setMessage(done);
    load();
  };
  const price = (s: Service) => (s.priceFen === 0 ? t.free : `${(s.priceFen / 100).toFixed(2)} ${t.yuan}`);
  return (
    <section data-testid="services">
      <button type="button" className="plain" onClick={back}>
        ← {t.back}
      </button>
      <h2>{t.title}</h2>
      <label htmlFor="booking-phone">{t.phone}</label>
      <input id="booking-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
      {message && <p className="muted">{message}</p>}
      {error && <p className="error">{error}</p>}
      {services.length === 0 && <p className="muted">{t.none}</p>}
      {services.map((s) => (
        <article key={s.id} className="item" data-testid="service">
          <strong>{s.name}</strong>
          <p className="muted">
            {s.partnerName} · {price(s)} · {t.left} {s.capacity - s.booked}
            {s.rating !== null && ` · ★${s.rating}`}
          </p>
          {s.hours && (
            <p className="muted">
              {t.hours}: {s.hours}
            </p>
          )}
          {s.description && <p>{s.description}</p>}
          <button
            type="button"
            className="primary"
            disabled={s.booked >= s.capacity}
            onClick={() =>
              act('/api/partner-bookings', { serviceId: s.id, ...(phone ? { phone } : {}) }, 201, t.booked)
            }
          >
            {t.book}
          </button>
        </article>
      ))}
      <h2>{t.mine}</h2>
      {bookings.length === 0 && <p className="muted">{t.noBookings}</p>}
      {bookings.map((b) => (
        <article key={b.id} className="item" data-testid="booking">
          <strong>{b.serviceName}</strong>
          <p className="muted">
            {b.partnerName} · <span className="tag">{t.state[b.state]}</span>
            {b.rating !== null && ` · ★${b.rating}`}
          </p>
          {(b.state === 'booked' || b.state === 'confirmed') && (
            <button
              type="button"
              onClick={() => act(`/api/partner-bookings/${b.id}/cancel`, { version: b.version }, 200)}
            >
              {t.cancel}
            </button>
          )}
          {b.state === 'done' && b.rating === null && <Rate booking={b} t={t} act={act} />}
        </article>
      ))}
    </section>
  );
}

function Rate({
  booking,
  t,
  act,
}: {
  booking: Booking;
  t: typeof zh;
  act: (path: string, body: unknown, ok: number) => Promise<void>;
}) {
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  return (
    <div>
      <div className="row stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" className={n <= rating ? 'on' : ''} onClick={() => setRating(n)}>
            ★
          </button>
        ))}
      </div>
      <input
        aria-label={t.comment}
        placeholder={t.comment}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      <button
        type="button"
        className="primary"
        onClick={() =>
          act(
            `/api/partner-bookings/${booking.id}/rating`,
            { version: booking.version, rating, ...(comment ? { comment } : {}) },
            200,
          )
        }
      >
        {t.rate}
      </button>
    </div>
  );
}
