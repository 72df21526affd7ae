import { stringify } from 'csv-stringify/sync';
import jsonld from 'jsonld';
import { Parser as N3Parser, Writer as N3Writer } from 'n3';
import { excel } from '../../platform/exceljs.ts';
import { datasetDef, LICENCE_TITLE, LICENCE_URL } from './opendata.catalog.ts';
import type { DatasetView } from './opendata.schemas.ts';

/**
 * What the datasets are published as: files (CSV with a BOM so Excel reads UTF-8, XLSX, JSON,
 * GeoJSON for places), a Frictionless data package, and DCAT-AP metadata in JSON-LD.
 */
type Row = Record<string, string | number | boolean | null>;

export const FORMATS = ['csv', 'xlsx', 'json', 'geojson'] as const;
export type Format = (typeof FORMATS)[number];
export const MEDIA_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};
const IANA: Record<Format, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  geojson: 'application/geo+json',
};

export function formatsOf(d: DatasetView): Format[] {
  return d.geo ? [...FORMATS] : ['csv', 'xlsx', 'json'];
}

export const downloadUrl = (base: string, name: string, format: Format) =>
  `${base}/api/opendata/datasets/${name}/download/${format}`;

export async function render(d: DatasetView, rows: Row[], format: Format): Promise<Buffer | string> {
  const names = d.fields.map((f) => f.name);
  switch (format) {
    case 'csv':
      return `\uFEFF${stringify(rows, { header: true, columns: names, cast: { boolean: (b) => String(b) } })}`;
    case 'json':
      return JSON.stringify({
        dataset: d.name,
        version: d.latest?.number ?? null,
        fields: d.fields,
        records: rows,
      });
    case 'geojson': {
      const geo = datasetDef(d.name)?.geo;
      if (!geo) throw new Error('not a dataset of places');
      return JSON.stringify({
        type: 'FeatureCollection',
        features: rows
          .filter((r) => typeof r[geo.lon] === 'number' && typeof r[geo.lat] === 'number')
          .map((r) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [r[geo.lon], r[geo.lat]] },
            properties: Object.fromEntries(
              names.filter((n) => n !== geo.lon && n !== geo.lat).map((n) => [n, r[n]]),
            ),
          })),
      });
    }
    case 'xlsx': {
      const workbook = new (excel().Workbook)();
      const sheet = workbook.addWorksheet(d.name.slice(0, 31));
      sheet.columns = d.fields.map((f) => ({ header: `${f.title} ${f.name}`, key: f.name, width: 18 }));
      sheet.addRows(rows);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }
  }
}

/** Frictionless Data Package (v1) with a Table Schema for its one tabular resource. */
export function dataPackage(base: string, d: DatasetView) {
  return {
    profile: 'tabular-data-package',
    name: d.name,
    title: d.title,
    description: d.description,
    version: `1.${d.latest?.number ?? 0}.0`,
    keywords: d.keywords,
    licenses: [{ name: LICENCE_TITLE, path: LICENCE_URL, title: 'Creative Commons Attribution 4.0' }],
    homepage: `${base}/data/${d.name}`,
    ...(d.latest && { created: d.latest.createdAt }),
    resources: [
      {
        profile: 'tabular-data-resource',
        name: d.name,
        path: downloadUrl(base, d.name, 'csv'),
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8-sig',
        ...(d.latest && { hash: `sha256:${d.latest.hash}` }),
        schema: {
          fields: d.fields.map((f) => ({
            name: f.name,
            type: f.type,
            title: f.title,
            description: f.titleEn,
          })),
          missingValues: [''],
        },
      },
    ],
  };
}

export interface Publisher {
  name: string;
  areaCode: string;
  email: string;
}

const THEMES = 'http://publications.europa.eu/resource/authority/data-theme/';
const FREQ: Record<string, string> = {
  daily: 'http://publications.europa.eu/resource/authority/frequency/DAILY',
  weekly: 'http://publications.europa.eu/resource/authority/frequency/WEEKLY',
  monthly: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY',
};

/** The DCAT-AP catalogue as JSON-LD, for harvesters. */
export function dcatCatalog(base: string, publisher: Publisher, datasets: DatasetView[]) {
  const agent = { '@id': `${base}/#publisher`, '@type': 'foaf:Agent', 'foaf:name': publisher.name };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      'dct:issued': { '@type': 'xsd:dateTime' },
      'dct:modified': { '@type': 'xsd:dateTime' },
      'dcat:accessURL': { '@type': '@id' },
      'dcat:downloadURL': { '@type': '@id' },
      'dct:license': { '@type': '@id' },
      'dct:accrualPeriodicity': { '@type': '@id' },
      'dcat:theme': { '@type': '@id' },
      'dcat:landingPage': { '@type': '@id' },
    },
    '@id': `${base}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': [
      { '@value': `${publisher.name}开放数据目录`, '@language': 'zh-CN' },
      { '@value': `${publisher.name} open data catalogue`, '@language': 'en' },
    ],
    'dct:description': { '@value': 'CivicGrid open data', '@language': 'en' },
    'dct:publisher': agent,
    'foaf:homepage': { '@id': `${base}/data` },
    'dcat:dataset': datasets.map((d) => ({
      '@id': `${base}/data/${d.name}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': d.name,
      'dct:title': [
        { '@value': d.title, '@language': 'zh-CN' },
        { '@value': d.titleEn, '@language': 'en' },
      ],
      'dct:description': [
        { '@value': d.description, '@language': 'zh-CN' },
        { '@value': d.descriptionEn, '@language': 'en' },
      ],
      'dct:publisher': { '@id': agent['@id'] },
      'dcat:theme': `${THEMES}${d.theme}`,
      'dcat:keyword': d.keywords,
      'dct:spatial': {
        '@id': `${base}/api/areas/${publisher.areaCode}`,
        'dct:identifier': publisher.areaCode,
      },
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        'dcat:endDate': {
          '@value': (d.latest?.createdAt ?? new Date().toISOString()).slice(0, 10),
          '@type': 'xsd:date',
        },
      },
      'dct:accrualPeriodicity': FREQ[d.frequency],
      'dct:accessRights': {
        '@id': `http://publications.europa.eu/resource/authority/access-right/${d.access === 'public' ? 'PUBLIC' : 'RESTRICTED'}`,
      },
      'dcat:landingPage': `${base}/data/${d.name}`,
      ...(d.latest && { 'dct:modified': d.latest.createdAt }),
      'dcat:contactPoint': {
        '@type': 'vcard:Organization',
        'vcard:fn': publisher.name,
        'vcard:hasEmail': { '@id': `mailto:${publisher.email}` },
      },
      'dcat:distribution': formatsOf(d).map((format) => ({
        '@id': `${base}/data/${d.name}#${format}`,
        '@type': 'dcat:Distribution',
        'dct:title': `${d.titleEn} (${format.toUpperCase()})`,
        'dcat:accessURL': downloadUrl(base, d.name, format),
        'dcat:downloadURL': downloadUrl(base, d.name, format),
        'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${IANA[format]}` },
        'dct:format': format.toUpperCase(),
        'dct:license': LICENCE_URL,
      })),
    })),
  };
}

/** The prefixes the Turtle catalogue is written with (those of the JSON-LD context). */
const TURTLE_PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

/**
 * The same catalogue as Turtle: the JSON-LD document turned into RDF by the JSON-LD processor
 * (N-Quads), then written by N3.js. One graph, two syntaxes: nothing is described twice.
 */
export async function dcatTurtle(catalog: ReturnType<typeof dcatCatalog>): Promise<string> {
  const nquads = (await jsonld.toRDF(catalog as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
  })) as unknown as string;
  const quads = new N3Parser({ format: 'N-Quads' }).parse(nquads);
  const writer = new N3Writer({ prefixes: TURTLE_PREFIXES });
  writer.addQuads(quads);
  return new Promise((resolve, reject) =>
    writer.end((error, result) => (error ? reject(error) : resolve(result))),
  );
}
