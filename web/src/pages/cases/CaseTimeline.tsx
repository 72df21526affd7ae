import { FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Image, Rate, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { catalogQueries } from '../../app/case-catalog';
import {
  attachmentUrl,
  type CaseState,
  type Timeline as TimelineData,
  type TimelineEvent,
} from './cases.api';
import { STATE_COLOURS } from './cases.model';

const EVENT_COLOURS: Record<string, string> = {
  alarm: 'red',
  escalate: 'red',
  supervise: 'purple',
  reject: 'gray',
  send_back: 'orange',
  reopen: 'orange',
  close: 'green',
  verify: 'green',
};

/** What a move carried besides its note: where it was sent, why the suggestion was overridden, a rating. */
function EventData({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const departments = useQuery(catalogQueries.departments());
  const nameOf = (code: unknown) =>
    departments.data?.items.find((d) => d.code === code)?.name ?? (typeof code === 'string' ? code : '');
  const data = event.data;
  const lines: string[] = [];
  if (event.action === 'dispatch') {
    lines.push(
      data.keptInGrid
        ? t('cases.keptInGrid')
        : t('cases.detail.dispatchedTo', { name: nameOf(data.departmentCode) }),
    );
    if (data.overrideReason)
      lines.push(t('cases.detail.overrideReason', { reason: String(data.overrideReason) }));
  }
  if (event.action === 'alarm' && typeof data.level === 'string')
    lines.push(t(`cases.urgency.${data.level === 'red' ? 'red' : 'yellow'}`));
  return (
    <>
      {lines.map((line) => (
        <div key={line} className="cg-case-event-data">
          {line}
        </div>
      ))}
      {event.action === 'evaluate' && typeof data.satisfaction === 'number' && (
        <Rate disabled value={data.satisfaction} className="cg-case-rate" />
      )}
    </>
  );
}

function Attachments({ caseId, event }: { caseId: string; event: TimelineEvent }) {
  if (event.attachments.length === 0) return null;
  return (
    <div className="cg-case-attachments">
      <Image.PreviewGroup>
        {event.attachments.map((file) =>
          file.contentType.startsWith('image/') ? (
            <Image
              key={file.id}
              width={72}
              height={72}
              src={attachmentUrl(caseId, file.id)}
              alt={file.fileName}
              className="cg-case-thumb"
              data-testid="case-attachment"
            />
          ) : (
            <a
              key={file.id}
              href={attachmentUrl(caseId, file.id)}
              target="_blank"
              rel="noreferrer"
              data-testid="case-attachment"
            >
              <FilePdfOutlined /> {file.fileName}
            </a>
          ),
        )}
      </Image.PreviewGroup>
    </div>
  );
}

/** Everything that happened to a case, oldest first: who, when, what, why, with the files they added. */
export function CaseTimeline({ caseId, events }: { caseId: string; events: TimelineEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      data-testid="case-timeline"
      className="cg-case-timeline"
      items={events.map((event) => ({
        key: event.id,
        color: EVENT_COLOURS[event.action] ?? 'blue',
        content: (
          <div data-testid="case-event" data-action={event.action}>
            <div className="cg-case-event-head">
              <Typography.Text strong>
                {t(`cases.action.${event.action}` as 'cases.action.report', { defaultValue: event.action })}
              </Typography.Text>
              {event.toState && event.toState !== event.fromState && (
                <Tag color={STATE_COLOURS[event.toState as CaseState]}>
                  {t(`cases.state.${event.toState as CaseState}`)}
                </Tag>
              )}
              <Typography.Text type="secondary" className="cg-case-event-meta">
                {event.actorName ?? t('cases.detail.system')}
                {event.actorRole &&
                  ` · ${t(`role.${event.actorRole}` as 'role.resident', { defaultValue: event.actorRole })}`}
                {' · '}
                {new Date(event.at).toLocaleString(i18n.language)}
              </Typography.Text>
            </div>
            {event.note && <div className="cg-case-event-note">{event.note}</div>}
            <EventData event={event} />
            <Attachments caseId={caseId} event={event} />
          </div>
        ),
      }))}
    />
  );
}

/** Each step the case went through, its deadline and whether it was met; late ones in red. */
export function CaseSteps({ steps }: { steps: TimelineData['steps'] }) {
  const { t, i18n } = useTranslation();
  const time = (at: string | null) =>
    at ? new Date(at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }) : '—';
  return (
    <Table
      data-testid="case-steps"
      className="cg-case-steps"
      size="small"
      pagination={false}
      rowKey={(step) => `${step.step}-${step.startedAt}`}
      dataSource={steps}
      rowClassName={(step) => (step.late ? 'cg-case-step-late' : '')}
      columns={[
        { key: 'step', title: t('cases.field.step'), render: (_, s) => t(`cases.step.${s.step}`) },
        { key: 'started', title: t('cases.detail.started'), render: (_, s) => time(s.startedAt) },
        { key: 'deadline', title: t('cases.field.deadline'), render: (_, s) => time(s.deadline) },
        { key: 'finished', title: t('cases.detail.finished'), render: (_, s) => time(s.finishedAt) },
        {
          key: 'late',
          title: '',
          render: (_, s) =>
            s.late ? (
              <Tag color="red">{t('cases.detail.late')}</Tag>
            ) : s.finishedAt ? (
              <Tag color="green">{t('cases.detail.onTime')}</Tag>
            ) : (
              <Tag>{t('cases.detail.running')}</Tag>
            ),
        },
      ]}
    />
  );
}
