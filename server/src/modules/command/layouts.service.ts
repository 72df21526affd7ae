import type { Db } from '../../db/database.ts';
import type { Auth } from '../../platform/auth/auth.service.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './command.repository.ts';
import type { LayoutInput } from './command.schemas.ts';
import { wallScope } from './command.service.ts';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findLayoutById>>>;

const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  owner: r.owner_user_id ? ('user' as const) : ('role' as const),
  role: r.owner_role,
  panels: r.panels as LayoutInput['panels'],
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

/** The caller's own layouts, then their role's. */
export async function listLayouts(db: Db, auth: Auth | null) {
  wallScope(auth, undefined);
  return (await repo.listLayouts(db, auth!.userId, auth!.role)).map(view);
}

/**
 * Saves a named layout for the caller, or for the caller's role (command.manage). A name already
 * saved is replaced when the caller sends the version they saw (409 when it moved on); without a
 * version, an existing name is a conflict too, so no one overwrites a layout they did not load.
 */
export async function saveLayout(db: Db, auth: Auth | null, input: LayoutInput) {
  wallScope(auth, undefined, input.forRole ? 'command.manage' : 'command.read');
  const owner = input.forRole ? { role: auth!.role } : { userId: auth!.userId };
  const existing = await repo.findLayout(db, owner, input.name);
  if (!existing) return view(await repo.insertLayout(db, owner, input.name, input.panels));
  if (input.version === undefined || input.version !== existing.version)
    throw new AppError('version_conflict', { currentVersion: existing.version });
  const updated = await repo.updateLayout(db, existing.id, input.version, input.panels);
  if (!updated) throw new AppError('version_conflict', { currentVersion: existing.version + 1 });
  return view(updated);
}

/** Deletes the caller's layout of that name, or their role's (command.manage); none is no error. */
export async function deleteLayout(db: Db, auth: Auth | null, input: { name: string; forRole?: boolean }) {
  wallScope(auth, undefined, input.forRole ? 'command.manage' : 'command.read');
  const owner = input.forRole ? { role: auth!.role } : { userId: auth!.userId };
  const row = await repo.findLayout(db, owner, input.name);
  if (row) await repo.deleteLayout(db, row.id);
}
