import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  QuestionDetailSchema,
  QuestionSchema,
} from '../../../../server/src/modules/questions/questions.schemas.ts';
import { api, withQuery } from '../../app/api';

type Question = Static<typeof QuestionSchema>;
type Detail = Static<typeof QuestionDetailSchema>;
type Mode = 'inbox' | 'committee' | 'moderation';

/** Integer fen as yuan with thousands separators ("10,000.50"), as the statement shows them. */
const yuan = (fen: number) =>
  `${Math.trunc(Math.abs(fen) / 100).toLocaleString('en-US')}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
/** The statement line a committee question is about: period, category and signed amount. */
export const lineText = (l: NonNullable<Question['line']>) =>
  `${l.period} · ${l.categoryLabel} · ${l.direction === 'income' ? '+' : '−'}¥${yuan(l.amount)}`;

/**
 * Deputies and departments answer the questions put to them (`mode="inbox"`); community staff
 * answer owners' questions to the homeowners' committees of their area in the committee's name
 * (`mode="committee"`, the same inbox route) and publish or hide questions held for a sensitive
 * word (`mode="moderation"`).
 */
export default function QuestionsPage({ mode = 'inbox' }: { mode?: Mode }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['questions', mode],
    queryFn: ({ signal }) =>
      api.get<{ items: Question[]; total: number }>(
        mode !== 'moderation'
          ? withQuery('/api/questions/inbox', { pageSize: 100 })
          : withQuery('/api/questions', { state: 'held', pageSize: 100 }),
        signal,
      ),
  });
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  return (
    <Card
      title={t(
        `questions.${mode === 'inbox' ? 'inboxTitle' : mode === 'committee' ? 'committeeTitle' : 'moderationTitle'}`,
      )}
      data-testid={`questions-${mode}`}
    >
      {mode === 'committee' && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('questions.committeeHint')} />
      )}
      <Table<Question>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={(q) => ({ onClick: () => setOpen(q.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('questions.number'), dataIndex: 'number', width: 140 },
          ...(mode === 'committee'
            ? [
                { title: t('questions.answerer'), dataIndex: 'answererLabel', width: 200 },
                {
                  title: t('questions.line'),
                  width: 280,
                  render: (_: unknown, q: Question) => (q.line ? lineText(q.line) : '—'),
                },
              ]
            : []),
          { title: t('questions.text'), dataIndex: 'text', ellipsis: true },
          {
            title: t('questions.state'),
            width: 160,
            render: (_, q) => (
              <Space size={4}>
                <Tag color={q.state === 'answered' ? 'green' : q.state === 'held' ? 'orange' : 'blue'}>
                  {t(`questions.states.${q.state}`)}
                </Tag>
                {q.alarm && (
                  <Tag color={q.alarm === 'red' ? 'red' : 'gold'}>{t(`questions.alarm.${q.alarm}`)}</Tag>
                )}
              </Space>
            ),
          },
          { title: t('questions.due'), width: 180, render: (_, q) => when(q.dueAt) },
        ]}
      />
      {open && <QuestionDrawer id={open} mode={mode} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function QuestionDrawer({ id, mode, onClose }: { id: string; mode: Mode; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['question', id],
    queryFn: ({ signal }) => api.get<Detail>(`/api/questions/${id}`, signal),
  });
  const [text, setText] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const q = detail.data;
  const answerText = text ?? q?.answerDraft ?? q?.answerText ?? '';
  const done = async (next: Detail) => {
    client.setQueryData(['question', id], next);
    await client.invalidateQueries({ queryKey: ['questions'] });
    message.success(t('questions.saved'));
  };
  const answer = async (publish: boolean) => {
    if (!q) return;
    await done(
      await api.post<Detail>(`/api/questions/${id}/answer`, {
        text: answerText,
        publish,
        version: q.version,
      }),
    );
  };
  const moderate = async (decision: 'publish' | 'hide') => {
    if (!q) return;
    await done(
      await api.post<Detail>(`/api/questions/${id}/moderate`, { decision, reason, version: q.version }),
    );
  };
  return (
    <Drawer open width={560} title={q?.number} onClose={onClose} loading={detail.isLoading}>
      {q && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {q.answererKind === 'committee' && (
            <div data-testid="question-line">
              <Tag color="purple">{q.answererLabel}</Tag>
              {q.line && (
                <span>
                  {t('questions.line')}
                  {t('questions.colon')}
                  {lineText(q.line)}
                </span>
              )}
            </div>
          )}
          <div style={{ whiteSpace: 'pre-wrap' }} data-testid="question-text">
            {q.text}
          </div>
          <div>
            <Tag>{t(`questions.states.${q.state}`)}</Tag>
            <Tag>{t('questions.followers', { count: q.followerCount })}</Tag>
            {q.answerEdited && <Tag>{t('questions.edited')}</Tag>}
            {q.rating !== null && (
              <Tag color="gold">
                {t('questions.rating')} {'★'.repeat(q.rating)} {q.ratingComment}
              </Tag>
            )}
          </div>
          {mode !== 'moderation' ? (
            <>
              <Input.TextArea
                rows={6}
                aria-label={t('questions.answerText')}
                value={answerText}
                onChange={(e) => setText(e.target.value)}
              />
              <Space>
                {q.state === 'open' && (
                  <Button onClick={() => answer(false)}>{t('questions.saveDraft')}</Button>
                )}
                <Button type="primary" data-testid="publish-answer" onClick={() => answer(true)}>
                  {t(q.state === 'answered' ? 'questions.amend' : 'questions.publish')}
                </Button>
              </Space>
            </>
          ) : (
            <>
              {q.heldWords.length > 0 && (
                <div>
                  {t('questions.heldWords')}: {q.heldWords.join('、')}
                </div>
              )}
              <Input
                aria-label={t('questions.reason')}
                placeholder={t('questions.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <Space>
                <Button type="primary" disabled={reason.length < 2} onClick={() => moderate('publish')}>
                  {t('questions.publishQuestion')}
                </Button>
                <Button danger disabled={reason.length < 2} onClick={() => moderate('hide')}>
                  {t('questions.hideQuestion')}
                </Button>
              </Space>
            </>
          )}
        </Space>
      )}
    </Drawer>
  );
}
