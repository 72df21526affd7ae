import type { Db } from '../../db/database.ts';
import { insertDemoEstates } from './estates.repository.ts';

/** The demo district's estates over its compounds: buildings, floor areas and owners. */
export function loadEstates(db: Db) {
  return insertDemoEstates(db);
}
