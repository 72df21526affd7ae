import type { Db } from '../../db/database.ts';
import { findOrg } from './party.repository.ts';

/**
 * A party organization's name and area, for the modules that pair with it (five-joint pairing):
 * the organization only, never its members. Undefined when there is none or it is retired.
 */
export async function partyOrgFacts(db: Db, id: string) {
  const org = await findOrg(db, id);
  if (!org) return undefined;
  return { id: org.id, name: org.name, areaCode: org.area_code };
}
