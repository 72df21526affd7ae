import { type Static, Type } from 'typebox';
import { AreaCode } from '../../geo/area-code.ts';

const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: "The community's 12-digit code" });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Money = Type.Number({ minimum: 0, maximum: 1e11, description: 'Yuan' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Rate = Type.Union([Type.Number(), Type.Null()]);

export const FundBody = Type.Object(
  {
    communityCode: CommunityCode,
    year: Year,
    category: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'e.g. office funds, service projects',
    }),
    allocated: Money,
    spent: Type.Optional(Money),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const PersonBody = Type.Object(
  {
    communityCode: CommunityCode,
    year: Year,
    name: Type.String({ minLength: 1, maxLength: 50 }),
    fromUnit: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The street office or department sending them',
    }),
    since: Day,
    role: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const RoomBody = Type.Object(
  {
    communityCode: CommunityCode,
    year: Year,
    purpose: Type.String({ minLength: 1, maxLength: 100 }),
    areaM2: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Versioned = { id: Type.String(), version: Type.Integer() };
export const FundSchema = Type.Object({ ...Versioned, ...FundBody.properties, spent: Money });
export const PersonSchema = Type.Object({ ...Versioned, ...PersonBody.properties });
export const RoomSchema = Type.Object({ ...Versioned, ...RoomBody.properties });

export const KindParams = Type.Object(
  { kind: Type.Enum(['funds', 'people', 'rooms']), id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const UpdateFundBody = Type.Object(
  { ...FundBody.properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const UpdatePersonBody = Type.Object(
  { ...PersonBody.properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const UpdateRoomBody = Type.Object(
  { ...RoomBody.properties, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const EntriesQuery = Type.Object(
  { communityCode: CommunityCode, year: Year },
  { additionalProperties: false },
);
export const EntriesSchema = Type.Object({
  funds: Type.Array(FundSchema),
  people: Type.Array(PersonSchema),
  rooms: Type.Array(RoomSchema),
});

export const SummaryQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), year: Year },
  { additionalProperties: false },
);

const Totals = {
  allocated: Type.Number(),
  spent: Type.Number(),
  spentShare: Rate,
  households: Type.Integer(),
  grids: Type.Integer(),
  allocatedPerHousehold: Rate,
  spentPerHousehold: Rate,
  allocatedPerGrid: Rate,
  spentPerGrid: Rate,
  people: Type.Integer(),
  roomsM2: Type.Number(),
};

export const SummarySchema = Type.Object({
  year: Year,
  areaCode: Type.String(),
  computedAt: Type.String({ format: 'date-time' }),
  refreshSeconds: Type.Integer(),
  communities: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...Totals })),
  byCategory: Type.Array(
    Type.Object({ category: Type.String(), allocated: Type.Number(), spent: Type.Number() }),
  ),
  total: Type.Object(Totals),
});

export const ImportBody = Type.Object(
  {
    year: Year,
    file: Type.String({ maxLength: 8_000_000, description: 'The XLSX ledger, base64' }),
  },
  { additionalProperties: false },
);
export const ImportSchema = Type.Object({
  funds: Type.Integer(),
  people: Type.Integer(),
  rooms: Type.Integer(),
});

export type FundInput = Static<typeof FundBody>;
export type PersonInput = Static<typeof PersonBody>;
export type RoomInput = Static<typeof RoomBody>;
export type Summary = Static<typeof SummarySchema>;
