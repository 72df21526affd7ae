import { Badge } from 'antd';
import { useAuth } from '../../app/auth';
import { useCaseEvents } from './useCaseEvents';
import './cases.css';

/** The inbox's live count beside its menu entry; keeps the case event stream open. */
export function InboxBadge() {
  const { can } = useAuth();
  const waiting = useCaseEvents(can('cases.read'));
  if (!waiting) return null;
  return (
    <Badge
      count={waiting}
      overflowCount={999}
      size="small"
      className="cg-inbox-badge"
      data-testid="inbox-badge"
    />
  );
}
