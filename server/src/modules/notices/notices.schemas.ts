import { type Static, Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Code = Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const FileParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileId: Type.String({ format: 'uuid' }),
});

export const AttachmentUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    contentType: Type.Enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
    data: Type.String({ minLength: 1, maxLength: 14_000_000, description: 'The bytes, base64 (≤ 10 MB)' }),
  },
  { additionalProperties: false },
);

export const NoticeBody = Type.Object(
  {
    title: Type.String({ minLength: 2, maxLength: 100 }),
    body: Type.String({ minLength: 2, maxLength: 10_000 }),
    /** Streets, communities or grids inside the publisher's area. */
    areaCodes: Type.Array(Code, { minItems: 1, maxItems: 200 }),
    pinned: Type.Optional(Type.Boolean()),
    /** Important notices: grid workers see the households that have not read them. */
    important: Type.Optional(Type.Boolean()),
    /** Shown on the public notices page as well. */
    isPublic: Type.Optional(Type.Boolean()),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    attachments: Type.Optional(Type.Array(AttachmentUpload, { maxItems: 5 })),
  },
  { additionalProperties: false },
);
export type NoticeBody = Static<typeof NoticeBody>;

export const NoticeSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  areaCodes: Type.Array(Type.String()),
  authorName: Type.String(),
  pinned: Type.Boolean(),
  important: Type.Boolean(),
  isPublic: Type.Boolean(),
  publishedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  attachments: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
  /** For a resident: whether they have read it; for staff: how many households have. */
  read: Type.Boolean(),
  readHouseholds: Type.Integer(),
});
export type NoticeView = Static<typeof NoticeSchema>;

export const NoticesQuery = Type.Object(
  { areaCode: Type.Optional(Code), includeExpired: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const UnreadHouseholdSchema = Type.Object({
  householdId: Type.String(),
  gridCode: Type.String(),
  address: Type.String(),
  headName: Nullable(Type.String()),
  /** Focus groups of its members (e.g. elderly_alone): these households come first. */
  focusGroups: Type.Array(Type.String()),
});
export const PublicNoticesQuery = Type.Object(
  { communityCode: Type.String({ pattern: '^[0-9]{12}$' }) },
  { additionalProperties: false },
);
export const PublicNoticeSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  authorName: Type.String(),
  pinned: Type.Boolean(),
  publishedAt: Type.String(),
  expiresAt: Nullable(Type.String()),
});
