import type { CaseState } from '../../db/types.ts';
import { isWithin } from '../../geo/area-code.ts';
import { verifyApiKey } from '../../platform/auth/apikeys.ts';
import { AppError } from '../../platform/errors.ts';
import type { Lang } from '../../platform/i18n.ts';
import { type CasesContext, ENDED_STATES, OPEN_STATES, reportCase, stateName } from '../cases/index.ts';
import * as repo from './open311.repository.ts';
import type { CreateRequestInput, RequestsQueryInput, ServiceRequest } from './open311.schemas.ts';

/** When this API last changed, as discovery reports it. */
const CHANGESET = '2026-11-27T00:00:00Z';
/** The spec's defaults for a request search without dates, and its cap. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

const pick = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

export function discovery(baseUrl: string, lang: Lang) {
  return {
    changeset: CHANGESET,
    contact: pick(
      lang,
      '请联系区网格化服务管理中心（指挥中心）',
      "Contact the district's grid management (command) centre",
    ),
    key_service: pick(
      lang,
      'API 密钥由区管理员签发（命令 civicgrid apikey create 或 POST /api/api-keys）',
      "API keys are issued by the district's administrators (civicgrid apikey create, or POST /api/api-keys)",
    ),
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: baseUrl,
        changeset: CHANGESET,
        type: 'production' as const,
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

function serviceOf(row: repo.ServiceRow, lang: Lang) {
  const name = pick(lang, row.name_zh, row.name_en);
  const group = pick(lang, row.group_zh, row.group_en);
  const department = pick(lang, row.department_zh ?? '', row.department_en ?? '');
  return {
    service_code: row.code,
    service_name: name,
    description: department
      ? pick(lang, `${group}：${name}，由${department}处置`, `${group}: ${name}, handled by ${department}`)
      : `${group}: ${name}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: [row.name_zh, row.name_en, row.code].join(','),
    group,
  };
}

export async function services(ctx: CasesContext, lang: Lang) {
  return (await repo.listServices(ctx.db)).map((row) => serviceOf(row, lang));
}

/** Attributes every service takes; both optional, so a client that ignores them still works. */
const ATTRIBUTES = {
  external_id: {
    datatype: 'string',
    order: 1,
    zh: ['客户端自己的编号', '同一密钥以同一编号重复提交时，返回已有的请求而不重复立案'],
    en: [
      "The client's own id for the report",
      'Sent again with the same key and id, the existing request is answered instead of a new one',
    ],
  },
  location_detail: {
    datatype: 'string',
    order: 2,
    zh: ['位置补充说明', '楼栋、单元、门牌或附近标志物，附在地址之后'],
    en: ['Where exactly', 'Building, entrance, door number or a landmark; added to the address'],
  },
} as const;

export async function serviceDefinition(ctx: CasesContext, code: string, lang: Lang) {
  if (!(await repo.findService(ctx.db, code))) throw new AppError('service_not_found', { code });
  return {
    service_code: code,
    attributes: Object.entries(ATTRIBUTES).map(([attribute, a]) => ({
      variable: true,
      code: attribute,
      datatype: a.datatype,
      required: false,
      datatype_description: a[lang][1],
      order: a.order,
      description: a[lang][0],
      values: [],
    })),
  };
}

const attributeOf = (input: CreateRequestInput, code: keyof typeof ATTRIBUTES) => {
  const value = input.attribute?.[code];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text || undefined;
};

/** Creates a case from a GeoReport request. Needs a key with the `open311` scope and a point. */
export async function createRequest(ctx: CasesContext, input: CreateRequestInput, lang: Lang) {
  const client = await verifyApiKey(ctx.db, input.api_key, 'open311');
  if (!client) throw new AppError('api_key_invalid');
  const service = await repo.findService(ctx.db, input.service_code);
  if (!service) throw new AppError('service_not_found', { code: input.service_code });
  // The district has no geocoder: an address alone cannot be placed in a grid.
  if (input.lat === undefined || input.long === undefined) throw new AppError('location_unresolved');
  const grid = (await ctx.gridIndex.current()).locate(input.long, input.lat);
  if (grid && !isWithin(grid, client.areaCode))
    throw new AppError('point_outside_scope', { lon: input.long, lat: input.lat });

  const externalId = attributeOf(input, 'external_id');
  const notice = (number: string) =>
    pick(lang, `已受理，事件编号 ${number}`, `Received; the case number is ${number}`);
  const answer = (number: string) => [
    { service_request_id: number, service_notice: notice(number), account_id: null },
  ];
  const existing = async () =>
    externalId ? await repo.findByExternalId(ctx.db, client.name, externalId) : undefined;
  const made = await existing();
  if (made) return answer(made.number);
  const name = [input.last_name, input.first_name].filter((p) => p?.trim()).join('');
  const detail = attributeOf(input, 'location_detail');
  const address = [input.address_string?.trim(), detail].filter(Boolean).join(' ');
  const created = await reportCase(
    ctx,
    { kind: 'client', name: client.name, source: 'open311', areaCode: client.areaCode, externalId },
    {
      categoryCode: service.code,
      // GeoReport makes the description optional; a case needs one.
      description: input.description?.trim() || pick(lang, service.name_zh, service.name_en),
      lon: input.long,
      lat: input.lat,
      address: address || undefined,
      reporterName: name || undefined,
      reporterPhone: input.phone?.trim() || undefined,
    },
    lang,
  ).catch(async (error) => {
    // The same request sent twice at once: the second answers with the first.
    const first = (error as { constraint?: string }).constraint === 'cases_external_uq' && (await existing());
    if (first) return first;
    throw error;
  });
  return answer(created.number);
}

/** Reads without a key see the requests made through Open311; a key sees every case in its area. */
async function readerScope(ctx: CasesContext, apiKey: string | undefined): Promise<repo.RequestScope> {
  if (apiKey === undefined) return { source: 'open311' };
  const client = await verifyApiKey(ctx.db, apiKey, 'open311');
  if (!client) throw new AppError('api_key_invalid');
  return { areaCode: client.areaCode };
}

function requestOf(row: repo.RequestRow, lang: Lang): ServiceRequest {
  const open = !ENDED_STATES.includes(row.state);
  return {
    service_request_id: row.number,
    status: open ? 'open' : 'closed',
    status_notes: stateName(row.state, lang),
    service_name: pick(lang, row.category_zh, row.category_en),
    service_code: row.category_code,
    description: row.description,
    agency_responsible: row.department_zh ? pick(lang, row.department_zh, row.department_en ?? '') : null,
    service_notice: null,
    requested_datetime: row.reported_at.toISOString(),
    updated_datetime: row.updated_at.toISOString(),
    expected_datetime: open ? (row.step_deadline?.toISOString() ?? null) : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lon,
    media_url: null,
  };
}

const list = (text: string | undefined) => {
  const items = text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
};

function dateOf(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new AppError('validation_failed', { summary: `${name} is not a W3C date-time` });
  return date;
}

export async function listRequests(ctx: CasesContext, query: RequestsQueryInput, lang: Lang) {
  const scope = await readerScope(ctx, query.api_key);
  const numbers = list(query.service_request_id);
  // Named requests override every other filter (spec).
  if (numbers) {
    const rows = await repo.listRequests(
      ctx.db,
      scope,
      { numbers: numbers.slice(0, MAX_REQUESTS) },
      MAX_REQUESTS,
    );
    return rows.map((row) => requestOf(row, lang));
  }
  let from = dateOf('start_date', query.start_date);
  const to = dateOf('end_date', query.end_date);
  if (!from && !to) from = new Date(Date.now() - DEFAULT_DAYS * 86_400_000);
  const statuses = new Set(list(query.status));
  let states: readonly CaseState[] | undefined;
  if (statuses.size === 1) states = statuses.has('open') ? OPEN_STATES : ENDED_STATES;
  const rows = await repo.listRequests(
    ctx.db,
    scope,
    { serviceCodes: list(query.service_code), states, from, to },
    MAX_REQUESTS,
  );
  return rows.map((row) => requestOf(row, lang));
}

export async function getRequest(ctx: CasesContext, number: string, apiKey: string | undefined, lang: Lang) {
  const scope = await readerScope(ctx, apiKey);
  const [row] = await repo.listRequests(ctx.db, scope, { numbers: [number] }, 1);
  if (!row) throw new AppError('case_not_found', { id: number });
  return [requestOf(row, lang)];
}

/** Requests are created at once, so a token is just the case's id: it answers with the number. */
export async function requestOfToken(ctx: CasesContext, token: string, apiKey: string | undefined) {
  const scope = await readerScope(ctx, apiKey);
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token);
  const row = isUuid ? await repo.findRequestById(ctx.db, scope, token) : undefined;
  if (!row) throw new AppError('case_not_found', { id: token });
  return [{ service_request_id: row.number, token }];
}
