import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../app/areas.model';

const LEVEL_COLOURS: Record<AreaLevel, string> = {
  district: 'purple',
  street: 'geekblue',
  community: 'cyan',
  grid: 'green',
};

export function AreaLevelTag({ level }: { level: AreaLevel }) {
  const { t } = useTranslation();
  return <Tag color={LEVEL_COLOURS[level]}>{t(`area.level.${level}`)}</Tag>;
}
