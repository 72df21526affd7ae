import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inScope } from '../../db/scope.ts';
import type { Database } from '../../db/types.ts';

export type Trx = Transaction<Database>;
type Conn = Db | Trx;

const statementColumns = [
  's.id',
  's.estate_id',
  's.community_code',
  's.period',
  's.period_start',
  's.period_end',
  's.revision',
  's.corrects_id',
  's.correction_reason',
  's.opening_balance',
  's.closing_balance',
  's.note',
  's.state',
  's.published_at',
  's.publisher_name',
  's.created_at',
  's.updated_at',
  's.version',
] as const;

export interface StatementRow {
  id: string;
  estate_id: string;
  community_code: string;
  period: string;
  period_start: string;
  period_end: string;
  revision: number;
  corrects_id: string | null;
  correction_reason: string | null;
  opening_balance: number;
  closing_balance: number;
  note: string | null;
  state: 'draft' | 'published';
  published_at: Date | null;
  publisher_name: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  income: number;
  expense: number;
  line_count: number;
  /** The highest published revision of the same estate and period (null: none published). */
  current_revision: number | null;
}

/** Statement columns with the sums of its lines and the estate-period's current published revision. */
function statements(db: Conn) {
  return db
    .selectFrom('disclosure_statements as s')
    .select(statementColumns)
    .select([
      sql<number>`(select coalesce(sum(l.amount) filter (where l.direction = 'income'), 0)::bigint
        from disclosure_lines l where l.statement_id = s.id)`.as('income'),
      sql<number>`(select coalesce(sum(l.amount) filter (where l.direction = 'expense'), 0)::bigint
        from disclosure_lines l where l.statement_id = s.id)`.as('expense'),
      sql<number>`(select count(*)::int from disclosure_lines l where l.statement_id = s.id)`.as(
        'line_count',
      ),
      sql<number | null>`(select max(c.revision) from disclosure_statements c
        where c.estate_id = s.estate_id and c.period = s.period and c.state = 'published')`.as(
        'current_revision',
      ),
    ]);
}

export function findStatement(db: Conn, id: string): Promise<StatementRow | undefined> {
  return statements(db).where('s.id', '=', id).executeTakeFirst() as Promise<StatementRow | undefined>;
}

export interface ListFilter {
  /** Area scope (staff), or the estates an owner may read. */
  scope?: string;
  estateIds?: string[];
  estateId?: string;
  period?: string;
  state?: 'draft' | 'published';
  /** Only each estate-period's current published revision. */
  currentOnly?: boolean;
}

export async function listStatements(db: Db, f: ListFilter, page: { page: number; pageSize: number }) {
  let q = statements(db);
  if (f.scope) q = q.where(inScope('s.community_code', f.scope));
  if (f.estateIds) {
    if (f.estateIds.length === 0) return { rows: [] as StatementRow[], total: 0 };
    q = q.where('s.estate_id', 'in', f.estateIds);
  }
  if (f.estateId) q = q.where('s.estate_id', '=', f.estateId);
  if (f.period) q = q.where('s.period', '=', f.period);
  if (f.state) q = q.where('s.state', '=', f.state);
  if (f.currentOnly)
    q = q.where('s.state', '=', 'published').where(
      sql<boolean>`s.revision = (select max(c.revision) from disclosure_statements c
        where c.estate_id = s.estate_id and c.period = s.period and c.state = 'published')`,
    );
  const rows = (await q
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('s.period', 'desc')
    .orderBy('s.community_code')
    .orderBy('s.estate_id')
    .orderBy('s.revision', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute()) as (StatementRow & { total: number })[];
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Every revision of an estate's period, newest first. */
export function revisionsOf(db: Conn, estateId: string, period: string) {
  return db
    .selectFrom('disclosure_statements')
    .select(['id', 'revision', 'state', 'published_at', 'correction_reason'])
    .where('estate_id', '=', estateId)
    .where('period', '=', period)
    .orderBy('revision', 'desc')
    .execute();
}

export async function nextRevision(trx: Trx, estateId: string, period: string): Promise<number> {
  const row = await trx
    .selectFrom('disclosure_statements')
    .select(sql<number>`coalesce(max(revision), 0) + 1`.as('next'))
    .where('estate_id', '=', estateId)
    .where('period', '=', period)
    .executeTakeFirstOrThrow();
  return row.next;
}

export interface NewStatement {
  estate_id: string;
  community_code: string;
  period: string;
  period_start: string;
  period_end: string;
  revision: number;
  corrects_id: string | null;
  correction_reason: string | null;
  opening_balance: number;
  closing_balance: number;
  note: string | null;
  created_by: string;
}

export async function insertStatement(trx: Trx, values: NewStatement): Promise<string> {
  const row = await trx
    .insertInto('disclosure_statements')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a draft at the expected version; undefined when the version is stale. */
export function updateDraft(
  trx: Trx,
  id: string,
  version: number,
  values: { opening_balance?: number; closing_balance?: number; note?: string | null },
) {
  return trx
    .updateTable('disclosure_statements')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
}

export function publishDraft(
  trx: Trx,
  id: string,
  version: number,
  by: { userId: string; name: string },
  at: Date,
) {
  return trx
    .updateTable('disclosure_statements')
    .set({
      state: 'published',
      published_at: at,
      published_by: by.userId,
      publisher_name: by.name,
      version: sql`version + 1`,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
}

export interface LineRow {
  id: string;
  statement_id: string;
  position: number;
  direction: 'income' | 'expense';
  category: string;
  amount: number;
  counterparty: string;
  occurred_on: string;
  description: string | null;
}

export function linesOf(db: Conn, statementId: string): Promise<LineRow[]> {
  return db
    .selectFrom('disclosure_lines')
    .selectAll()
    .where('statement_id', '=', statementId)
    .orderBy('position')
    .execute();
}

export type NewLine = Omit<LineRow, 'id' | 'statement_id' | 'position'> & { id?: string };

/**
 * Makes the draft's lines these, in this order: lines naming an id of the draft are changed in
 * place (their vouchers stay), the others are added, and lines no longer listed go (with their
 * vouchers).
 */
export async function setLines(trx: Trx, statementId: string, lines: NewLine[]) {
  const existing = new Set((await linesOf(trx, statementId)).map((l) => l.id));
  const kept = lines.filter((l) => l.id && existing.has(l.id)).map((l) => l.id as string);
  let del = trx.deleteFrom('disclosure_lines').where('statement_id', '=', statementId);
  if (kept.length > 0) del = del.where('id', 'not in', kept);
  await del.execute();
  const fresh: (Omit<LineRow, 'id'> & { id?: string })[] = [];
  for (const [i, line] of lines.entries()) {
    const { id, ...values } = line;
    if (id && existing.has(id))
      await trx
        .updateTable('disclosure_lines')
        .set({ ...values, position: i + 1 })
        .where('id', '=', id)
        .execute();
    else fresh.push({ ...values, statement_id: statementId, position: i + 1 });
  }
  for (let i = 0; i < fresh.length; i += 500)
    await trx
      .insertInto('disclosure_lines')
      .values(fresh.slice(i, i + 500))
      .execute();
}

export interface VoucherRow {
  id: string;
  statement_id: string;
  line_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export function vouchersOf(db: Conn, statementId: string): Promise<VoucherRow[]> {
  return db
    .selectFrom('disclosure_vouchers')
    .select(['id', 'statement_id', 'line_id', 'file_name', 'content_type', 'size', 'sha256'])
    .where('statement_id', '=', statementId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertVoucher(trx: Trx, values: Omit<VoucherRow, 'id'>) {
  const row = await trx
    .insertInto('disclosure_vouchers')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Copies a statement's lines and vouchers onto a new draft (a correction starts as the original). */
export async function copyLines(trx: Trx, fromId: string, toId: string) {
  await sql`
    with src as (
      select l.*, gen_random_uuid() as new_id from disclosure_lines l where l.statement_id = ${fromId}
    ), lines as (
      insert into disclosure_lines (id, statement_id, position, direction, category, amount, counterparty, occurred_on, description)
      select new_id, ${toId}, position, direction, category, amount, counterparty, occurred_on, description from src
      returning id
    )
    insert into disclosure_vouchers (statement_id, line_id, file_name, content_type, size, sha256, created_at)
    select ${toId}, src.new_id, v.file_name, v.content_type, v.size, v.sha256, v.created_at
    from disclosure_vouchers v join src on src.id = v.line_id
    where exists (select 1 from lines)
  `.execute(trx);
}

export async function touch(trx: Trx, id: string, version: number) {
  return trx
    .updateTable('disclosure_statements')
    .set({ version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'draft')
    .returning('id')
    .executeTakeFirst();
}

// Periods not published on time.

export interface LateRow {
  estate_id: string;
  period: string;
  community_code: string;
  due_on: string;
  flagged_at: Date;
  published_at: Date | null;
}

/** The estate-periods among these that have no published statement. */
export async function unpublished(
  db: Db,
  estateIds: string[],
  periods: string[],
): Promise<{ estate_id: string; period: string }[]> {
  if (estateIds.length === 0 || periods.length === 0) return [];
  const { rows } = await sql<{ estate_id: string; period: string }>`
    select e.id as estate_id, p.period
    from unnest(${estateIds}::uuid[]) as e(id) cross join unnest(${periods}::text[]) as p(period)
    where not exists (
      select 1 from disclosure_statements s
      where s.estate_id = e.id and s.period = p.period and s.state = 'published'
    )`.execute(db);
  return rows;
}

export async function flagLate(db: Db, rows: Omit<LateRow, 'flagged_at' | 'published_at'>[]) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('disclosure_late')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['estate_id', 'period']).doNothing())
      .execute();
}

export function markLatePublished(trx: Trx, estateId: string, period: string, at: Date) {
  return trx
    .updateTable('disclosure_late')
    .set({ published_at: at })
    .where('estate_id', '=', estateId)
    .where('period', '=', period)
    .where('published_at', 'is', null)
    .execute();
}

export function lateIn(db: Db, scope: string, open: boolean | undefined): Promise<LateRow[]> {
  let q = db.selectFrom('disclosure_late').selectAll().where(inScope('community_code', scope));
  if (open === true) q = q.where('published_at', 'is', null);
  if (open === false) q = q.where('published_at', 'is not', null);
  return q.orderBy('due_on', 'desc').orderBy('community_code').limit(1000).execute();
}

/** Lines of the current published revisions in the scope, for open data (no counterparty, no text). */
export async function publishedLines(db: Db, scope: string) {
  const { rows } = await sql<{
    statement_id: string;
    estate_id: string;
    community_code: string;
    period: string;
    revision: number;
    published_at: Date;
    opening_balance: number;
    closing_balance: number;
    direction: 'income' | 'expense';
    category: string;
    amount: number;
    occurred_on: string;
  }>`
    select s.id as statement_id, s.estate_id, s.community_code, s.period, s.revision, s.published_at,
      s.opening_balance, s.closing_balance, l.direction, l.category, l.amount, l.occurred_on
    from disclosure_statements s
    join disclosure_lines l on l.statement_id = s.id
    where s.state = 'published' and ${inScope('s.community_code', scope)}
      and s.revision = (select max(c.revision) from disclosure_statements c
        where c.estate_id = s.estate_id and c.period = s.period and c.state = 'published')
    order by s.community_code, s.estate_id, s.period, l.position`.execute(db);
  return rows;
}

/** One line with its statement's estate, period, revision and state (for a question about it). */
export function lineWithStatement(db: Db, statementId: string, lineId: string) {
  return db
    .selectFrom('disclosure_lines as l')
    .innerJoin('disclosure_statements as s', 's.id', 'l.statement_id')
    .select([
      's.id as statement_id',
      's.estate_id',
      's.community_code',
      's.period',
      's.revision',
      's.state',
      'l.id as line_id',
      'l.position',
      'l.direction',
      'l.category',
      'l.amount',
      'l.occurred_on',
    ])
    .where('s.id', '=', statementId)
    .where('l.id', '=', lineId)
    .executeTakeFirst();
}
