import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { OpendataField } from '../../db/types.ts';

/**
 * The datastore: a version's rows in a table of its own (`opendata_store.opendata_rows_<version
 * id>`: a schema of its own, left out of backups, as the rows are computed), one typed
 * column per field plus `_id` (the row's number, CKAN's name for it), and a b-tree index on every
 * field, so `datastore_search` filters, sorts and pages with indexes on a million rows. Field
 * names come from the catalogue (checked against NAME below), never from a request.
 */
const NAME = /^[a-z_][a-z0-9_]*$/;
const PG_TYPE: Record<OpendataField['type'], string> = {
  string: 'text',
  integer: 'bigint',
  number: 'double precision',
  date: 'date',
  boolean: 'boolean',
};

const SCHEMA = 'opendata_store';
export const rowsTable = (versionId: number) => `opendata_rows_${versionId}`;
/** The version's table, schema-qualified, for a statement. */
export const qualified = (versionId: number) => sql.id(SCHEMA, rowsTable(versionId));

/** Whether the version's table is there (a restored backup has versions without their rows). */
export async function rowsExist(db: Db, versionId: number): Promise<boolean> {
  const result = await sql<{
    ok: boolean;
  }>`select to_regclass(${`${SCHEMA}.${rowsTable(versionId)}`}::text) is not null as ok`.execute(db);
  return result.rows[0].ok;
}

function checked(fields: OpendataField[]) {
  for (const f of fields) if (!NAME.test(f.name)) throw new Error(`bad field name ${f.name}`);
  return fields;
}

type Value = string | number | boolean | null;

/** Creates the version's table and fills it, in slices of one statement each. */
export async function createRows(
  db: Db,
  versionId: number,
  fields: OpendataField[],
  rows: Record<string, Value>[],
) {
  const table = qualified(versionId);
  const columns = checked(fields);
  const defs = columns.map((f) => sql`${sql.id(f.name)} ${sql.raw(PG_TYPE[f.type])}`);
  await sql`create table ${table} (_id integer primary key, ${sql.join(defs)})`.execute(db);
  const recordset = sql.join([
    sql`_id integer`,
    ...columns.map((f) => sql`${sql.id(f.name)} ${sql.raw(PG_TYPE[f.type])}`),
  ]);
  const slice = 20_000;
  for (let i = 0; i < rows.length; i += slice) {
    const part = rows.slice(i, i + slice).map((row, j) => ({ _id: i + j + 1, ...row }));
    await sql`insert into ${table}
      select * from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as x(${recordset})`.execute(db);
  }
  await createIndexes(db, versionId, columns);
}

export async function createIndexes(db: Db, versionId: number, fields: OpendataField[]) {
  for (const f of checked(fields))
    await sql`create index ${sql.id(`${rowsTable(versionId)}_${f.name}_idx`)} on ${qualified(versionId)} (${sql.id(f.name)}, _id)`.execute(
      db,
    );
}

/**
 * Statistics and the visibility map of a new version's table, outside the transaction that made
 * it (VACUUM cannot run in one): counts of a filter then use index-only scans.
 */
export async function vacuumRows(db: Db, versionId: number) {
  await sql`vacuum (analyze) ${qualified(versionId)}`.execute(db);
}

export async function dropRows(db: Db, versionId: number) {
  await sql`drop table if exists ${qualified(versionId)}`.execute(db);
}

export interface Search {
  fields: OpendataField[];
  /** field → value or any of values. */
  filters: Record<string, Value | Value[]>;
  /** Text anywhere in the text fields, or per field. */
  q: string | Record<string, string> | null;
  sort: { field: string; desc: boolean }[];
  select: string[];
  limit: number;
  offset: number;
}

function whereOf(s: Search): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  for (const [name, value] of Object.entries(s.filters)) {
    const field = s.fields.find((f) => f.name === name)!;
    const cast = sql.raw(PG_TYPE[field.type]);
    if (Array.isArray(value))
      conditions.push(
        sql`${sql.id(name)} = any(${value.map((v) => (v === null ? null : String(v)))}::${cast}[])`,
      );
    else if (value === null) conditions.push(sql`${sql.id(name)} is null`);
    else conditions.push(sql`${sql.id(name)} = ${String(value)}::${cast}`);
  }
  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (typeof s.q === 'string' && s.q !== '') {
    const texts = s.fields.filter((f) => f.type === 'string');
    conditions.push(
      sql`(${sql.join(
        texts.map((f) => sql`${sql.id(f.name)} ilike ${like(s.q as string)}`),
        sql` or `,
      )})`,
    );
  } else if (s.q && typeof s.q === 'object') {
    for (const [name, text] of Object.entries(s.q))
      conditions.push(sql`${sql.id(name)}::text ilike ${like(text)}`);
  }
  return conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

/** A page of rows, and their number unless `withTotal` is false (CKAN's `include_total`). */
export async function searchRows(db: Db, versionId: number, s: Search, knownTotal: number, withTotal = true) {
  const table = qualified(versionId);
  const where = whereOf(s);
  const order = [...s.sort.map((o) => sql`${sql.id(o.field)} ${sql.raw(o.desc ? 'desc' : 'asc')}`), sql`_id`];
  const columns = s.select.map((name) => sql.id(name));
  const filtered = Object.keys(s.filters).length > 0 || s.q;
  const [records, total] = await Promise.all([
    sql<Record<string, Value>>`select ${sql.join(columns)} from ${table} ${where}
      order by ${sql.join(order)} limit ${s.limit} offset ${s.offset}`.execute(db),
    filtered && withTotal
      ? sql<{ n: number }>`select count(*)::int as n from ${table} ${where}`.execute(db)
      : Promise.resolve({ rows: [{ n: withTotal ? knownTotal : null }] }),
  ]);
  return { records: records.rows, total: total.rows[0].n as number | null };
}

/** Every row in order, for downloads. */
export async function allRows(db: Db, versionId: number, fields: OpendataField[]) {
  const result = await sql<Record<string, Value>>`select ${sql.join(
    checked(fields).map((f) => sql.id(f.name)),
  )} from ${qualified(versionId)} order by _id`.execute(db);
  return result.rows;
}
