import { type Static, Type } from 'typebox';

/**
 * GeoReport v2 (http://wiki.open311.org/GeoReport_v2) documents, named and ordered as the spec
 * has them: the XML serializer writes elements in the order of these properties.
 */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const FormatParams = Type.Object({ format: Type.Enum(['json', 'xml']) });
export type Format = Static<typeof FormatParams>['format'];

export const DiscoverySchema = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.Enum(['production', 'test']),
      formats: Type.Array(Type.String()),
    }),
  ),
});

export const ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Enum(['realtime', 'batch', 'blackbox']),
  keywords: Type.String(),
  group: Type.String(),
});

export const AttributeSchema = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.Enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: Type.Boolean(),
  datatype_description: Type.String(),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});

export const ServiceDefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(AttributeSchema),
});

export const RequestSchema = Type.Object({
  service_request_id: Type.String(),
  status: Type.Enum(['open', 'closed']),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Nullable(Type.String()),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Nullable(Type.String()),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
});
export type ServiceRequest = Static<typeof RequestSchema>;

export const CreatedSchema = Type.Object({
  service_request_id: Type.String(),
  service_notice: Nullable(Type.String()),
  account_id: Nullable(Type.String()),
});

export const TokenSchema = Type.Object({ service_request_id: Type.String(), token: Type.String() });

export const ErrorsSchema = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));

/** Asked for in the query, or in the Accept-Language header. */
const locale = Type.Optional(Type.String({ maxLength: 20 }));
const jurisdiction_id = Type.Optional(Type.String({ maxLength: 100 }));
const api_key = Type.Optional(Type.String({ maxLength: 200 }));

export const LocaleQuery = Type.Object({ locale, jurisdiction_id });

export const ServiceParams = Type.Object({
  service_code: Type.String({ maxLength: 50 }),
  format: FormatParams.properties.format,
});

export const RequestParams = Type.Object({
  service_request_id: Type.String({ maxLength: 50 }),
  format: FormatParams.properties.format,
});

export const TokenParams = Type.Object({
  token: Type.String({ maxLength: 50 }),
  format: FormatParams.properties.format,
});

export const KeyQuery = Type.Object({ api_key, locale, jurisdiction_id });

export const RequestsQuery = Type.Object({
  api_key,
  locale,
  jurisdiction_id,
  service_request_id: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated list' })),
  service_code: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated list' })),
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time' })),
  end_date: Type.Optional(Type.String({ maxLength: 40, description: 'W3C date-time' })),
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))*$' })),
});
export type RequestsQueryInput = Static<typeof RequestsQuery>;

export const CreateRequestBody = Type.Object({
  api_key,
  locale,
  jurisdiction_id,
  service_code: Type.String({ minLength: 1, maxLength: 50 }),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  address_string: Type.Optional(Type.String({ maxLength: 500 })),
  address_id: Type.Optional(Type.String({ maxLength: 100 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  device_id: Type.Optional(Type.String({ maxLength: 200 })),
  account_id: Type.Optional(Type.String({ maxLength: 200 })),
  first_name: Type.Optional(Type.String({ maxLength: 50 })),
  last_name: Type.Optional(Type.String({ maxLength: 50 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  media_url: Type.Optional(Type.String({ maxLength: 2000 })),
  attribute: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String())])),
  ),
});
export type CreateRequestInput = Static<typeof CreateRequestBody>;
