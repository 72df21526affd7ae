import type { Problem } from '../app/api';

/** One entry of `errors` on 422 `invalid_field`. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** What a failed registry write means for the form that sent it. */
export type WriteFailure =
  | { kind: 'fields'; fields: { name: string; errors: string[] }[]; others: string[] }
  | { kind: 'conflict'; current: { version: number } & Record<string, unknown> }
  | { kind: 'other'; message: string };

/** Duplicates are about one field: the message belongs under it. */
const DUPLICATE_FIELD: Record<string, string> = { person_exists: 'idNumber', org_exists: 'creditCode' };

/**
 * Reads a problem answer for a form with the fields `known`. 422 `invalid_field` lists
 * `errors[{ field, message }]` (translated by the server); 400 `validation_failed` names its
 * fields by path (`body/phone`); `aliases` maps a server field onto the form field that shows it
 * (`location` → `lon`). Problems of fields the form does not have are returned in `others`.
 */
export function readProblem(
  problem: Problem,
  known: readonly string[],
  aliases: Record<string, string> = {},
): WriteFailure {
  if (problem.code === 'version_conflict' && problem.current) {
    return { kind: 'conflict', current: problem.current as { version: number } & Record<string, unknown> };
  }
  let listed: { field: string; message: string }[] | null = null;
  if (problem.code === 'invalid_field' && Array.isArray(problem.errors)) {
    listed = (problem.errors as FieldProblem[]).map(({ field, message }) => ({ field, message }));
  } else if (problem.code === 'validation_failed' && Array.isArray(problem.errors)) {
    listed = (problem.errors as { path: string; message: string }[]).map(({ path, message }) => ({
      field: path.split('/').pop() ?? path,
      message,
    }));
  } else if (DUPLICATE_FIELD[problem.code]) {
    listed = [{ field: DUPLICATE_FIELD[problem.code], message: problem.detail ?? problem.code }];
  }
  if (!listed) return { kind: 'other', message: problem.detail ?? problem.title ?? problem.code };

  const byField = new Map<string, string[]>();
  const others = new Set<string>();
  for (const { field, message } of listed) {
    const name = aliases[field] ?? field;
    if (known.includes(name)) byField.set(name, [...(byField.get(name) ?? []), message]);
    // The summary names the field in the user's language, which a bare message does not.
    else others.add(problem.detail ?? message);
  }
  return {
    kind: 'fields',
    fields: [...byField].map(([name, errors]) => ({ name, errors })),
    others: [...others],
  };
}
