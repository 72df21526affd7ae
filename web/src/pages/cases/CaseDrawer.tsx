import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Rate, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionModal } from './ActionModal';
import { CaseMapView } from './CaseMapView';
import { DeadlineText, StateTag, UrgencyTags } from './CaseTags';
import { CaseSteps, CaseTimeline } from './CaseTimeline';
import { type CaseAction, type CaseDetail, caseQueries } from './cases.api';
import { NEEDS_REASON, sortActions } from './cases.model';

/** One case in a drawer: what it is, where, what happened, and what the caller may do now. */
export function CaseDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={780}
      destroyOnHidden
      data-testid="case-drawer"
      title={id ? <DrawerTitle id={id} /> : null}
    >
      {id && <CaseBody key={id} id={id} />}
    </Drawer>
  );
}

function DrawerTitle({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery(caseQueries.detail(id));
  if (!detail.data) return null;
  return (
    <span className="cg-case-title">
      <span data-testid="case-number">{t('cases.detail.title', { number: detail.data.number })}</span>
      <StateTag state={detail.data.state} />
      <UrgencyTags kase={detail.data} />
    </span>
  );
}

function CaseBody({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery(caseQueries.detail(id));
  const timeline = useQuery(caseQueries.timeline(id));
  const [action, setAction] = useState<CaseAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (detail.isError) return <Alert type="error" showIcon title={detail.error.message} />;
  if (!detail.data) return <Skeleton active />;
  const kase = detail.data;
  const actions = sortActions(kase.allowedActions);

  return (
    <div className="cg-case-body" data-testid="case-body" data-state={kase.state} data-version={kase.version}>
      <div className="cg-case-actions" data-testid="case-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {actions.map((a, i) => (
              <Button
                key={a}
                data-testid={`case-action-${a}`}
                type={i === 0 && !NEEDS_REASON.includes(a) ? 'primary' : 'default'}
                danger={a === 'reject'}
                onClick={() => {
                  setNotice(null);
                  setAction(a);
                }}
              >
                {t(`cases.action.${a}`)}
              </Button>
            ))}
          </Space>
        )}
      </div>
      {notice && (
        <Alert
          data-testid="case-notice"
          type="warning"
          showIcon
          closable={{ onClose: () => setNotice(null) }}
          title={notice}
          className="cg-case-notice"
        />
      )}
      <CaseFields kase={kase} />
      <Typography.Paragraph className="cg-case-text" data-testid="case-description">
        {kase.description}
      </Typography.Paragraph>
      {kase.lon !== null && kase.lat !== null ? (
        <CaseMapView within={kase.gridCode} lon={kase.lon} lat={kase.lat} gridCode={kase.gridCode} />
      ) : (
        <Typography.Text type="secondary">{t('cases.detail.noLocation')}</Typography.Text>
      )}
      <Typography.Title level={5}>{t('cases.detail.steps')}</Typography.Title>
      <CaseSteps steps={timeline.data?.steps ?? []} />
      <Typography.Title level={5}>{t('cases.detail.timeline')}</Typography.Title>
      {timeline.isError && <Alert type="error" showIcon title={timeline.error.message} />}
      {timeline.data ? <CaseTimeline caseId={kase.id} events={timeline.data.events} /> : <Skeleton active />}
      <ActionModal kase={kase} action={action} onClose={() => setAction(null)} onNotice={setNotice} />
    </div>
  );
}

function CaseFields({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const time = (at: string | null) => (at ? new Date(at).toLocaleString(i18n.language) : '—');
  const items = [
    { key: 'category', label: t('cases.field.category'), children: kase.categoryName },
    { key: 'source', label: t('cases.field.source'), children: t(`cases.source.${kase.source}`) },
    { key: 'grid', label: t('cases.field.grid'), children: kase.gridName },
    { key: 'address', label: t('cases.field.address'), children: kase.address ?? '—' },
    {
      key: 'department',
      label: t('cases.field.department'),
      children: kase.keptInGrid ? t('cases.keptInGrid') : (kase.departmentName ?? '—'),
    },
    {
      key: 'deadline',
      label: kase.step
        ? `${t('cases.field.deadline')} · ${t(`cases.step.${kase.step}`)}`
        : t('cases.field.deadline'),
      children: <DeadlineText deadline={kase.stepDeadline} urgent={kase.alarm !== 'none'} />,
    },
    { key: 'reportedAt', label: t('cases.field.reportedAt'), children: time(kase.reportedAt) },
    ...(kase.closedAt
      ? [{ key: 'closedAt', label: t('cases.field.closedAt'), children: time(kase.closedAt) }]
      : []),
    ...(kase.reporterName || kase.reporterPhone
      ? [
          {
            key: 'reporter',
            label: t('cases.field.reporter'),
            children: [kase.reporterName, kase.reporterPhone].filter(Boolean).join(' · '),
          },
        ]
      : []),
    ...(kase.satisfaction !== null
      ? [
          {
            key: 'satisfaction',
            label: t('cases.field.satisfaction'),
            children: <Rate disabled value={kase.satisfaction} className="cg-case-rate" />,
          },
        ]
      : []),
    ...(kase.reopenCount > 0
      ? [{ key: 'reopenCount', label: t('cases.field.reopenCount'), children: kase.reopenCount }]
      : []),
    ...(kase.escalatedTo
      ? [{ key: 'escalatedTo', label: t('cases.field.escalatedTo'), children: kase.escalatedTo }]
      : []),
  ];
  return <Descriptions size="small" column={2} bordered items={items} className="cg-case-fields" />;
}
