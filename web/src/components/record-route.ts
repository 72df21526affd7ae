import { useLocation, useNavigate, useParams } from 'react-router';

/** The record open in a page's drawer is in the path (`/people/:id`); the list's filters stay as they are. */
export function useRecordRoute(base: string) {
  const { id } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  return {
    id: id ?? null,
    open: (next: string) => navigate({ pathname: `${base}/${next}`, search }),
    close: () => navigate({ pathname: base, search }),
  };
}
