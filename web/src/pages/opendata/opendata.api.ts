import type { Static } from 'typebox';
import type * as od from '../../../../server/src/modules/opendata/opendata.schemas.ts';
import { api, withQuery } from '../../app/api';

// Types from the server's schemas (docs/opendata.md).
export type Dataset = od.DatasetView;
export type PartnerKey = od.PartnerKeyView;
export type CreatedPartnerKey = Static<typeof od.CreatedPartnerKeySchema>;
export type CreatePartnerKey = od.CreatePartnerKeyInput;
export type Usage = Static<typeof od.UsageSchema>['items'][number];
export type Version = Static<typeof od.VersionSchema>;
export type Row = Record<string, string | number | boolean | null>;

export interface DatastoreResult {
  fields: { id: string; type: string }[];
  records: Row[];
  total: number;
}

export const FORMATS = ['csv', 'xlsx', 'json', 'geojson'] as const;
export const downloadUrl = (name: string, format: string) =>
  `/api/opendata/datasets/${name}/download/${format}`;

export const opendataApi = {
  datasets: (q?: string) => api.get<{ items: Dataset[] }>(withQuery('/api/opendata/datasets', { q })),
  dataset: (name: string) => api.get<Dataset>(`/api/opendata/datasets/${name}`),
  /** CKAN's datastore_search: the portal reads the data as any client would. */
  async search(
    name: string,
    options: { limit: number; filters?: Record<string, string> },
  ): Promise<DatastoreResult> {
    const response = await fetch(
      withQuery('/api/3/action/datastore_search', {
        resource_id: name,
        limit: options.limit,
        filters: options.filters ? JSON.stringify(options.filters) : undefined,
      }),
    );
    const body = await response.json();
    if (!body.success) throw new Error(body.error?.message ?? String(response.status));
    return body.result;
  },
  versions: (name: string) => api.get<{ items: Version[] }>(`/api/opendata/datasets/${name}/versions`),
  refresh: (name: string) =>
    api.post<{ name: string; changed: boolean; version: number }>(`/api/opendata/datasets/${name}/refresh`),
  settings: (name: string, body: { access?: string; frequency?: string; enabled?: boolean }) =>
    api.put<Dataset>(`/api/opendata/datasets/${name}/settings`, body),
  keys: () => api.get<{ items: PartnerKey[] }>('/api/opendata/partner-keys'),
  issue: (body: CreatePartnerKey) => api.post<CreatedPartnerKey>('/api/opendata/partner-keys', body),
  revoke: (id: string) => api.post<PartnerKey>(`/api/opendata/partner-keys/${id}/revoke`),
  usage: () => api.get<{ items: Usage[] }>('/api/opendata/usage'),
};
