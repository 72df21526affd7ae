import type { Db } from '../../db/database.ts';
import { Locator } from '../../geo/locator.ts';
import { activeGridBoundaries } from './areas.repository.ts';

/**
 * This instance's in-memory locator over the active grids. Marked stale when any instance
 * changes areas (LISTEN civicgrid_areas) and rebuilt on the next lookup.
 */
export class GridIndex {
  private locator: Locator | null = null;
  private generation = 0;
  private builtGeneration = -1;
  private building: Promise<Locator> | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.generation++;
  }

  async current(): Promise<Locator> {
    if (this.locator && this.builtGeneration === this.generation) return this.locator;
    if (!this.building) {
      const generation = this.generation;
      this.building = activeGridBoundaries(this.db)
        .then((grids) => {
          this.locator = Locator.build(grids);
          this.builtGeneration = generation;
          return this.locator;
        })
        .finally(() => {
          this.building = null;
        });
    }
    return this.building;
  }
}
