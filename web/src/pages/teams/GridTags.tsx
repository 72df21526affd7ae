import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Member } from './teams.api';

/** A member's grids, the one they head marked. */
export function GridTags({ grids, max }: { grids: Member['grids']; max?: number }) {
  const { t } = useTranslation();
  const shown = max === undefined ? grids : grids.slice(0, max);
  return (
    <span className="cg-teams-grids">
      {shown.map((grid) => (
        <Tag
          key={grid.gridCode}
          color={grid.isHead ? 'orange' : undefined}
          title={grid.gridCode}
          data-testid={grid.isHead ? 'grid-head' : undefined}
        >
          {grid.gridName ?? grid.gridCode}
          {grid.isHead && ` · ${t('teams.head')}`}
        </Tag>
      ))}
      {shown.length < grids.length && <Tag>+{grids.length - shown.length}</Tag>}
    </span>
  );
}
