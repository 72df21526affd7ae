import type { FastifyInstance } from 'fastify';
import { type TObject, type TSchema, Type } from 'typebox';
import { audit, maskNumbers } from '../../platform/audit.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { requirePermission } from '../../platform/auth/auth.service.ts';
import { Page, ProblemSchema } from '../../platform/http.ts';
import { type Lang, langOf } from '../../platform/i18n.ts';
import { EXPORT_LIMIT, type ExportColumn, exportFile, exportStream } from './export.ts';
import { HistoryResponse, IdParams, VersionBody } from './registry.schemas.ts';

type Params = { id: string };
export interface RecordService<Query, Create, Update, Retire, Item> {
  list(auth: Auth | null, query: Query, lang: Lang): Promise<{ items: Item[]; total: number }>;
  get(auth: Auth | null, id: string, lang: Lang): Promise<unknown>;
  history(auth: Auth | null, id: string): Promise<unknown[]>;
  create(auth: Auth | null, body: Create, lang: Lang): Promise<unknown>;
  update(auth: Auth | null, id: string, body: Update, lang: Lang): Promise<unknown>;
  retire(auth: Auth | null, id: string, body: Retire, lang: Lang): Promise<unknown>;
  /**
   * The whole filtered list in batches, for an export without a row limit (streamed). `begin` is
   * told the number of rows before the first is read. Without it, an export is one page of
   * `EXPORT_LIMIT` rows built in memory.
   */
  exportBatches?(
    auth: Auth | null,
    query: Query,
    lang: Lang,
    begin: (total: number) => Promise<void>,
  ): AsyncIterable<Item[]>;
}

export interface RecordRoutes<Query, Create, Update, Retire, Item> {
  path: string;
  tag: string;
  /** e.g. "person", for the summaries in the API document. */
  noun: string;
  schemas: { item: TSchema; query: TObject; create: TSchema; update: TSchema; retire?: TSchema };
  service: RecordService<Query, Create, Update, Retire, Item>;
  /** The columns of `GET <path>/export`, a CSV or XLSX file of the filtered list. */
  exportColumns: ExportColumn<Item>[];
  /** The tables the list and a record are read from, for the read cache. */
  reads: readonly string[];
}

/** Registry answers change when a record does, not with the clock: kept up to a minute. */
const REGISTRY_TTL_MS = 60_000;

const problems = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };
const writeProblems = { ...problems, 409: ProblemSchema, 422: ProblemSchema };
export const RetireBody = Type.Object(
  { ...VersionBody, reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/**
 * The six routes every registry resource has: list, read, history, create, change (with the
 * version read) and retire (nothing is deleted). Handlers only pass validated input on.
 */
export function registerRecordRoutes<Query, Create, Update, Retire, Item>(
  app: FastifyInstance,
  {
    path,
    tag,
    noun,
    schemas,
    service,
    exportColumns,
    reads,
  }: RecordRoutes<Query, Create, Update, Retire, Item>,
) {
  const tags = [tag];
  const lang = (request: { headers: Record<string, unknown> }) =>
    langOf(request.headers['accept-language'] as string | undefined);
  type Req<B = unknown, Q = unknown> = {
    auth: Auth | null;
    params: Params;
    body: B;
    query: Q;
    headers: Record<string, unknown>;
  };

  app.get(
    path,
    {
      schema: {
        tags,
        summary: `List and search ${noun} records`,
        querystring: schemas.query,
        response: { 200: Page(schemas.item as never), ...problems },
      },
      config: { readCache: { reads, area: 'scope', ttlMs: REGISTRY_TTL_MS } },
    },
    async (request) => {
      const r = request as unknown as Req<unknown, Query>;
      return service.list(r.auth, r.query, lang(r));
    },
  );
  const { page: _page, pageSize: _pageSize, ...filters } = schemas.query.properties;
  app.get(
    `${path}/export`,
    {
      schema: {
        tags,
        summary: `The filtered ${noun} list as a CSV or XLSX file (masked; ${service.exportBatches ? 'streamed, every row' : `at most ${EXPORT_LIMIT} rows`})`,
        querystring: Type.Object(
          { ...filters, format: Type.Optional(Type.Enum(['csv', 'xlsx'])) },
          { additionalProperties: false },
        ),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.Unknown({ description: 'The file' }), ...problems },
      },
    },
    async (request, reply) => {
      const r = request as unknown as Req<unknown, Query & { format?: 'csv' | 'xlsx' }>;
      // Exports are for those who keep the registry, not for look-ups (registry.lookup).
      requirePermission(r.auth, 'registry.read');
      const format = r.query.format ?? 'xlsx';
      const recordExport = (rows: number) =>
        audit(app.db, r.auth, {
          action: 'registry.export',
          targetType: tag,
          detail: { filters: maskNumbers(r.query), rows },
        });
      if (service.exportBatches) {
        // The first batch is read before the reply starts, so that a refused export (no permission,
        // the audit entry not written) is still an error status rather than a cut-off file.
        const batches = service.exportBatches(r.auth, r.query, lang(r), recordExport)[Symbol.asyncIterator]();
        // However the reply ends (sent, or the client gone before the stream began), the batches
        // end too, and with them their transaction.
        reply.raw.once('close', () => void batches.return?.(undefined));
        const first = await batches.next();
        async function* all() {
          if (first.done) return;
          yield first.value;
          yield* { [Symbol.asyncIterator]: () => batches };
        }
        const file = exportStream(tag, exportColumns as ExportColumn<unknown>[], all(), format, lang(r));
        return (
          reply
            .type(file.contentType)
            .header('content-disposition', `attachment; filename="${file.filename}"`)
            // nginx passes it on as it comes rather than buffering the file (docs/deploy.md).
            .header('x-accel-buffering', 'no')
            .send(file.body)
        );
      }
      const query = { ...r.query, page: 1, pageSize: EXPORT_LIMIT };
      const { items } = await service.list(r.auth, query, lang(r));
      await recordExport(items.length);
      const file = await exportFile(tag, exportColumns as ExportColumn<unknown>[], items, format, lang(r));
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );
  app.get(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: `One ${noun}`,
        params: IdParams,
        response: { 200: schemas.item, ...problems },
      },
      config: { readCache: { reads, area: 'record', ttlMs: REGISTRY_TTL_MS } },
    },
    async (request) => {
      const r = request as unknown as Req;
      return service.get(r.auth, r.params.id, lang(r));
    },
  );
  app.get(
    `${path}/:id/history`,
    {
      schema: {
        tags,
        summary: `Changes of one ${noun}, newest first`,
        params: IdParams,
        response: { 200: HistoryResponse, ...problems },
      },
    },
    async (request) => {
      const r = request as unknown as Req;
      return { items: await service.history(r.auth, r.params.id) };
    },
  );
  app.post(
    path,
    {
      schema: {
        tags,
        summary: `Register a ${noun}`,
        body: schemas.create,
        response: { 201: schemas.item, ...writeProblems },
      },
    },
    async (request, reply) => {
      const r = request as unknown as Req<Create>;
      return reply.code(201).send(await service.create(r.auth, r.body, lang(r)));
    },
  );
  app.patch(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: `Change a ${noun}; needs the version read`,
        params: IdParams,
        body: schemas.update,
        response: { 200: schemas.item, ...writeProblems },
      },
    },
    async (request) => {
      const r = request as unknown as Req<Update>;
      return service.update(r.auth, r.params.id, r.body, lang(r));
    },
  );
  app.post(
    `${path}/:id/retire`,
    {
      schema: {
        tags,
        summary: `Retire a ${noun} (kept, marked retired; nothing is deleted)`,
        params: IdParams,
        body: schemas.retire ?? RetireBody,
        response: { 200: schemas.item, ...writeProblems },
      },
    },
    async (request) => {
      const r = request as unknown as Req<Retire>;
      return service.retire(r.auth, r.params.id, r.body, lang(r));
    },
  );
}
