import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

const MARK = '\u0000cg-value:';
/** Shapes kept per query (an area scope each): beyond, they are compiled again. */
const MAX_SHAPES = 1_000;

/**
 * A query of one fixed shape, built and compiled to SQL once and then run with new values. Kysely
 * builds an operation tree and compiles it on every call: for a case's detail, one short statement,
 * that was about an eighth of the request's CPU. Meant for the hottest reads whose shape never
 * changes with their values (a record by id), not for lists whose filters change the statement.
 *
 * `build` gets stand-ins for the values and must pass each one to the query as a bound parameter (a
 * value in `where`, or `${…}` in `sql`), not inspect it: the stand-ins are checked on first use,
 * and a value that did not become a parameter of its own is an error, not a silently wrong query.
 * What does shape the statement (an area scope, whose prefix is written into it as a literal for
 * the planner) is passed as `shape`: the query is compiled once per shape.
 */
export function compiledOnce<V extends Record<string, unknown>, R>(
  build: (db: Db, values: V, shape: string) => Compilable<R>,
): (db: Db, values: V, shape?: string) => Promise<R[]> {
  const byShape = new Map<string, { query: CompiledQuery<R>; slots: (string | null)[] }>();
  return async (db, values, shape = '') => {
    let compiled = byShape.get(shape);
    if (!compiled) {
      if (byShape.size >= MAX_SHAPES) byShape.clear();
      compiled = compile((standIns: V) => build(db, standIns, shape), Object.keys(values));
      byShape.set(shape, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((fixed, i) => {
      const name = slots[i];
      return name === null ? fixed : values[name];
    });
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}

function compile<V extends Record<string, unknown>, R>(build: (values: V) => Compilable<R>, names: string[]) {
  const standIns = Object.fromEntries(names.map((name) => [name, `${MARK}${name}`])) as unknown as V;
  const query = build(standIns).compile();
  const slots = query.parameters.map((p) =>
    typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null,
  );
  const unbound = names.filter((name) => !slots.includes(name));
  if (unbound.length > 0 || query.sql.includes(MARK))
    throw new Error(
      `compiledOnce: ${unbound.join(', ') || 'a value'} is not a bound parameter of ${query.sql}`,
    );
  return { query, slots };
}

/**
 * The fixed beginning of a family of queries (tables, joins, a long select list) built once per
 * connection pool or transaction. Kysely's builders are immutable, so each query extends the
 * stored one without changing it; for a case list the 34 selected columns took longer to build
 * than the list's filters and order.
 */
export function builtOnce<B>(build: (db: Db) => B): (db: Db) => B {
  const byDb = new WeakMap<Db, B>();
  return (db) => {
    let built = byDb.get(db);
    if (built === undefined) {
      built = build(db);
      byDb.set(db, built);
    }
    return built;
  };
}
