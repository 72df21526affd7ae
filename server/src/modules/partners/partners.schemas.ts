import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Code = Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const PARTNER_KINDS = ['bank', 'shop', 'charity', 'it', 'social_org', 'company', 'other'] as const;
/** What a service is about; the resident app groups services by it. */
export const SERVICE_KINDS = [
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
] as const;
export const BOOKING_STATES = ['booked', 'confirmed', 'done', 'cancelled', 'declined'] as const;
export const BOOKING_MOVES = ['confirm', 'decline', 'done', 'cancel'] as const;
export type BookingMove = (typeof BOOKING_MOVES)[number];

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const MoveParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  move: Type.Enum(BOOKING_MOVES),
});

export const ApplicationBody = Type.Object(
  {
    name: Text(100, 2),
    kind: Type.Enum(PARTNER_KINDS),
    /** The street or community it would serve; that area's staff decide. */
    areaCode: Code,
    contactName: Text(50),
    contactPhone: Type.String({ pattern: '^1[3-9][0-9]{9}$' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ApplicationBody = Static<typeof ApplicationBody>;

export const ApplicationReceipt = Type.Object({ id: Type.String(), state: Type.Literal('pending') });

export const PartnerSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  contactName: Type.String(),
  /** Always masked. */
  contactPhone: Type.String(),
  description: Type.String(),
  state: Type.Enum(['pending', 'approved', 'rejected']),
  reason: Nullable(Type.String()),
  appliedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  services: Type.Integer(),
  accounts: Type.Array(Type.String(), { description: 'Usernames of its partner accounts' }),
});
export type PartnerView = Static<typeof PartnerSchema>;

export const PartnersQuery = Type.Object(
  {
    areaCode: Type.Optional(Code),
    state: Type.Optional(Type.Enum(['pending', 'approved', 'rejected'])),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    /** The username of the partner's first account (its temporary password is answered once). */
    username: Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }),
  },
  { additionalProperties: false },
);
export const RejectBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Text(500, 2) },
  { additionalProperties: false },
);
export const ApprovedSchema = Type.Object({
  partner: PartnerSchema,
  account: Type.Object({ username: Type.String(), temporaryPassword: Type.String() }),
});

export const ServiceBody = Type.Object(
  {
    name: Text(100, 2),
    kind: Type.Enum(SERVICE_KINDS),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The partner's area or one inside it: a street, community or grid. */
    areaCode: Code,
    hours: Type.Optional(Type.String({ maxLength: 200 })),
    /** 0 = free; otherwise fen. */
    priceFen: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** Home services: the partner sees the resident's phone in full once it confirms a booking. */
    needsContact: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ServiceBody = Static<typeof ServiceBody>;
export const ServiceUpdateBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Text(100, 2)),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    hours: Type.Optional(Type.String({ maxLength: 200 })),
    priceFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    state: Type.Optional(Type.Enum(['open', 'closed'])),
  },
  { additionalProperties: false },
);
export type ServiceUpdateBody = Static<typeof ServiceUpdateBody>;

export const ServiceSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  partnerKind: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  hours: Type.String(),
  priceFen: Type.Integer(),
  capacity: Type.Integer(),
  booked: Type.Integer(),
  needsContact: Type.Boolean(),
  state: Type.Enum(['open', 'closed']),
  rating: Nullable(Type.Number({ description: 'Average of its ratings, 1–5' })),
  ratings: Type.Integer(),
});
export type ServiceView = Static<typeof ServiceSchema>;
export const ServicesQuery = Type.Object(
  {
    areaCode: Type.Optional(Code),
    kind: Type.Optional(Type.Enum(SERVICE_KINDS)),
    partnerId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

export const BookingBody = Type.Object(
  {
    serviceId: Type.String({ format: 'uuid' }),
    /** Needed for a home service; kept encrypted, shown masked (docs/partners.md). */
    phone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type BookingBody = Static<typeof BookingBody>;
export const MoveBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const RatingBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const BookingSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  partnerId: Type.String(),
  partnerName: Type.String(),
  communityCode: Type.String(),
  /** The resident's surname and a mask to the partner and staff; their own name to the resident. */
  residentName: Type.String(),
  /** Masked, except to the partner of a confirmed home service and to the resident. */
  phone: Nullable(Type.String()),
  note: Type.String(),
  state: Type.Enum(BOOKING_STATES),
  reason: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
  bookedAt: Type.String(),
  confirmedAt: Nullable(Type.String()),
  doneAt: Nullable(Type.String()),
});
export type BookingView = Static<typeof BookingSchema>;
export const BookingsQuery = Type.Object(
  {
    areaCode: Type.Optional(Code),
    state: Type.Optional(Type.Enum(BOOKING_STATES)),
    serviceId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const FiguresQuery = Type.Object(
  { areaCode: Type.Optional(Code), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
const FigureRow = {
  partners: Type.Integer(),
  services: Type.Integer(),
  bookings: Type.Integer(),
  done: Type.Integer(),
  rating: Nullable(Type.Number()),
  ratings: Type.Integer(),
};
export const FiguresSchema = Type.Object({
  areaCode: Type.String(),
  year: Nullable(Type.Integer()),
  communities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...FigureRow })),
  total: Type.Object(FigureRow),
});
export type Figures = Static<typeof FiguresSchema>;
