import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CommunityLinksTable } from '../../db/types.ts';

export function linksOf(db: Db, communityCode: string) {
  return db
    .selectFrom('community_links')
    .selectAll()
    .where('community_code', '=', communityCode)
    .orderBy('sort')
    .orderBy('name')
    .execute();
}

/** Replaces a community's links with these, in one transaction. */
export function replaceLinks(db: Db, communityCode: string, rows: Insertable<CommunityLinksTable>[]) {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('community_links').where('community_code', '=', communityCode).execute();
    if (rows.length > 0) await trx.insertInto('community_links').values(rows).execute();
  });
}
