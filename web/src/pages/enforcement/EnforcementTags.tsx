import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Matter } from './enforcement.api';

export const formatTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—';

/** The step's time limit, coloured by its warning; and publication overdue. */
export function DeadlineTag({ matter }: { matter: Matter }) {
  const { t } = useTranslation();
  return (
    <>
      {matter.stepDeadline && (
        <Tag color={matter.overdue ? 'red' : matter.alarm === 'yellow' ? 'gold' : 'default'}>
          {matter.overdue ? `${t('enforcement.overdue')} ` : ''}
          {formatTime(matter.stepDeadline)}
        </Tag>
      )}
      {matter.publicationOverdue && <Tag color="red">{t('enforcement.publicationOverdue')}</Tag>}
      {matter.publishedAt && <Tag color="green">{t('enforcement.published')}</Tag>}
    </>
  );
}
