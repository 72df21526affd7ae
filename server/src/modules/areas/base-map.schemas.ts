import { type Static, Type } from 'typebox';

const Template = Type.String({
  minLength: 10,
  maxLength: 1000,
  description: 'http(s) tile URL with {z}, {x}, {y}; {s} for a subdomain',
});
/** The tile layer under the boundaries. Without one, the boundaries themselves are the base map. */
export const BaseMapSchema = Type.Object(
  {
    url: Template,
    labelsUrl: Type.Optional(Type.Union([Template, Type.Null()])),
    subdomains: Type.String({ maxLength: 20, description: 'e.g. abc or 01234567' }),
    attribution: Type.String({ maxLength: 300 }),
    maxZoom: Type.Integer({ minimum: 1, maximum: 22 }),
    crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
      description: 'The system the tiles are drawn in',
    }),
  },
  { additionalProperties: false },
);
export const BaseMapBody = Type.Object(
  { baseMap: Type.Union([BaseMapSchema, Type.Null()], { description: 'null: no tiles' }) },
  { additionalProperties: false },
);
/** The configured tiles and the caller's area's bounds, to centre maps on. */
export const BaseMapConfig = Type.Object({
  baseMap: Type.Union([BaseMapSchema, Type.Null()]),
  bounds: Type.Union([Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), Type.Null()], {
    description: "The caller's area [minLon, minLat, maxLon, maxLat], WGS84",
  }),
});
export type BaseMap = Static<typeof BaseMapSchema>;
