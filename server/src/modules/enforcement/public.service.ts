import type { Db } from '../../db/database.ts';
import * as repo from './enforcement.repository.ts';
import type { PublicDecision } from './enforcement.schemas.ts';

/** The public site's list: the text frozen at publication, nothing read from the live record. */
export async function publicDecisions(db: Db, page: number, pageSize: number) {
  const [rows, total] = await repo.publicDecisions(db, page, pageSize);
  return {
    items: rows.map((r) => ({
      ...(r.public_text as Omit<PublicDecision, 'publishedAt'>),
      publishedAt: r.published_at!.toISOString(),
    })),
    total,
  };
}

/**
 * Every published decision as the public site shows it (the text frozen at publication, see
 * publication.ts), with its grid: what open data publishes.
 */
export async function publishedDecisions(db: Db) {
  return (await repo.allPublishedDecisions(db)).map((r) => ({
    id: r.id,
    gridCode: r.grid_code,
    ...(r.public_text as Omit<PublicDecision, 'publishedAt'>),
    publishedAt: r.published_at!.toISOString(),
  }));
}
