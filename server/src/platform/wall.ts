import type { Db } from '../db/database.ts';
import type { Permission } from './auth/permissions.ts';

/**
 * Today's figures a module contributes to the command centre's wall (`/command`), without the
 * command centre importing the module: each module's public face exports a `WallFigureSource`,
 * `app.ts` hands the list to the command centre's routes, and the wall shows every source the
 * viewer has the permission for. A new module adds its numbers by exporting one.
 */
export interface WallFigure {
  /** Stable key, `<module>.<figure>`, e.g. `questions.answeredOnTime`. */
  key: string;
  label: { zh: string; en: string };
  value: number;
  /** The same figure on the same day last week; null where a comparison means nothing. */
  lastWeek: number | null;
  /** Which way is better, for colouring the change. */
  better: 'up' | 'down';
  /** The console page listing what the number counts, filtered to the same area (and day). */
  href: string;
}

export interface WallFigureContext {
  /** The area chosen on the wall, already inside the viewer's scope. */
  areaCode: string;
  /** Today in the district's time zone, `YYYY-MM-DD`. */
  day: string;
  now: Date;
}

export interface WallFigureSource {
  /** The module contributing, e.g. `questions`. */
  module: string;
  /** What the viewer needs to see these figures. */
  permission: Permission;
  compute(db: Db, context: WallFigureContext): Promise<WallFigure[]>;
}
