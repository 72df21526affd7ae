import type { Db } from '../db/database.ts';
import * as repo from './audit.repository.ts';
import { type Auth, requirePermission } from './auth/auth.service.ts';

/** A page of the audit log for the audit administrator (audit.read), newest first. */
export async function searchAudit(
  db: Db,
  auth: Auth | null,
  query: repo.AuditFilter & { page: number; pageSize: number },
) {
  requirePermission(auth, 'audit.read');
  const { rows, total } = await repo.searchEntries(db, query, query);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      role: r.role,
      ip: r.ip,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      detail: r.detail,
      result: r.result,
      hash: r.hash,
    })),
    total,
  };
}
