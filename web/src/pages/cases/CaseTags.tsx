import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Case, CaseState } from './cases.api';
import { minutesLeft, STATE_COLOURS, splitMinutes, urgencyOf } from './cases.model';

export function StateTag({ state }: { state: CaseState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} data-testid="case-state" data-state={state}>
      {t(`cases.state.${state}`)}
    </Tag>
  );
}

const URGENCY_COLOURS = { overdue: 'red', red: 'red', yellow: 'gold' } as const;

/** Electronic supervision at a glance: overdue, red or yellow warning, supervised. */
export function UrgencyTags({ kase }: { kase: Pick<Case, 'overdue' | 'alarm' | 'supervised'> }) {
  const { t } = useTranslation();
  const urgency = urgencyOf(kase);
  return (
    <>
      {urgency !== 'none' && (
        <Tag color={URGENCY_COLOURS[urgency]} variant={urgency === 'overdue' ? 'solid' : 'outlined'}>
          {t(`cases.urgency.${urgency}`)}
        </Tag>
      )}
      {kase.supervised && <Tag color="purple">{t('cases.urgency.supervised')}</Tag>}
    </>
  );
}

/** "2天3小时" of a number of minutes, the two largest units. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const { days, hours, minutes: rest } = splitMinutes(minutes);
    const parts = [
      days && t('cases.duration.days', { count: days }),
      hours && t('cases.duration.hours', { count: hours }),
      !days && t('cases.duration.minutes', { count: rest }),
    ].filter(Boolean);
    return parts.slice(0, 2).join(' ');
  };
}

/** Time left in the current step, red once past; the deadline itself on hover. */
export function DeadlineText({ deadline, urgent }: { deadline: string | null; urgent?: boolean }) {
  const { t, i18n } = useTranslation();
  const duration = useDuration();
  if (!deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = minutesLeft(deadline);
  const text =
    left >= 0 ? t('cases.timeLeft', { time: duration(left) }) : t('cases.timeOver', { time: duration(left) });
  return (
    <Tooltip title={new Date(deadline).toLocaleString(i18n.language)}>
      <Typography.Text type={left < 0 ? 'danger' : urgent ? 'warning' : undefined} strong={left < 0}>
        {text}
      </Typography.Text>
    </Tooltip>
  );
}
