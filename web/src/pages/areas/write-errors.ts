import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../app/api';
import { areaQueries, invalidateAreas } from '../../app/areas.api';
import type { Area } from '../../app/areas.model';
import type { BoundaryProblem } from './areas.model';

/** What a failed area write means for the form that sent it. */
export type WriteFailure =
  | { kind: 'conflict' }
  | { kind: 'boundary'; problems: BoundaryProblem[] }
  | { kind: 'other'; message: string };

/**
 * 409 `version_conflict` carries the area as it now is: it replaces the stale copy, so the form
 * shows what the other editor saved. 422 `invalid_boundary` lists the problems to show.
 */
export function readWriteFailure(error: unknown, queryClient: QueryClient): WriteFailure {
  if (isApiError(error, 'version_conflict')) {
    const current = error.extra<Area>('current');
    if (current) queryClient.setQueryData(areaQueries.detail(current.code).queryKey, current);
    void invalidateAreas(queryClient);
    return { kind: 'conflict' };
  }
  if (isApiError(error, 'invalid_boundary')) {
    return { kind: 'boundary', problems: error.extra<BoundaryProblem[]>('errors') ?? [] };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}
