/**
 * For the tests: the rules of the Frictionless `tabular-data-package` profile (Data Package v1,
 * Tabular Data Resource, Table Schema) that our packages use, as JSON Schema. No Frictionless
 * package is installed, so the profile's required structure is restated here from the
 * specifications (specs.frictionlessdata.io): names, licences, resources with `path` or `data`,
 * a `schema` with typed fields, hashes, missing values.
 */
const NAME = '^([-a-z0-9._/])+$';
const TYPES = [
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'date',
  'time',
  'datetime',
  'year',
  'yearmonth',
  'duration',
  'geopoint',
  'geojson',
  'any',
];

const tableSchema = {
  type: 'object',
  required: ['fields'],
  properties: {
    fields: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          type: { enum: TYPES },
          format: { type: 'string' },
          title: { type: 'string' },
          description: { type: 'string' },
          constraints: { type: 'object' },
        },
      },
    },
    primaryKey: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    missingValues: { type: 'array', items: { type: 'string' } },
  },
};

const resource = {
  type: 'object',
  required: ['name', 'profile', 'schema'],
  oneOf: [{ required: ['path'] }, { required: ['data'] }],
  properties: {
    profile: { const: 'tabular-data-resource' },
    name: { type: 'string', pattern: NAME },
    path: {
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string' } },
      ],
    },
    data: {},
    schema: tableSchema,
    title: { type: 'string' },
    description: { type: 'string' },
    format: { type: 'string' },
    mediatype: { type: 'string', pattern: '^(.+)/(.+)$' },
    encoding: { type: 'string' },
    bytes: { type: 'integer' },
    hash: { type: 'string', pattern: '^([^:]+:[a-fA-F0-9]+|[a-fA-F0-9]{32})$' },
  },
};

export const DATA_PACKAGE_PROFILE = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['resources', 'profile'],
  properties: {
    profile: { const: 'tabular-data-package' },
    name: { type: 'string', pattern: NAME },
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    homepage: { type: 'string', format: 'uri' },
    version: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    keywords: { type: 'array', minItems: 1, items: { type: 'string' } },
    licenses: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        anyOf: [{ required: ['name'] }, { required: ['path'] }],
        properties: {
          name: { type: 'string', pattern: '^([-a-zA-Z0-9._])+$' },
          path: { type: 'string' },
          title: { type: 'string' },
        },
      },
    },
    resources: { type: 'array', minItems: 1, items: resource },
  },
};
