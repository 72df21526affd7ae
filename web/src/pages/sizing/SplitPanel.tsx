import { ScissorOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ProblemAlert } from './ProblemAlert';
import { invalidateSizing, sizingApi } from './sizing.api';
import {
  defaultPartNames,
  namesValid,
  partColour,
  type SizingItem,
  type SplitProposal,
  type SplitResult,
} from './sizing.model';

/**
 * Splitting one oversized grid: ask the server for a proposal, show its parts (drawn on the map
 * by the page through `onProposal`), let the user name them, and accept it after a confirmation.
 */
export function SplitPanel({
  grid,
  canWrite,
  onProposal,
  onSplit,
}: {
  grid: SizingItem;
  canWrite: boolean;
  onProposal: (proposal: SplitProposal | null) => void;
  onSplit: (result: SplitResult) => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [proposal, setProposal] = useState<SplitProposal | null>(null);
  const [names, setNames] = useState<string[]>([]);

  useEffect(() => onProposal(proposal), [proposal, onProposal]);
  useEffect(() => () => onProposal(null), [onProposal]);

  const propose = useMutation({
    mutationFn: () => sizingApi.proposal(grid.code),
    onSuccess: (data) => {
      setNames(defaultPartNames(grid.name, data.parts.length));
      setProposal(data);
    },
  });
  const split = useMutation({
    mutationFn: (p: SplitProposal) =>
      sizingApi.split(grid.code, {
        version: p.version,
        parts: p.parts.map((part, i) => ({ name: names[i].trim(), boundary: part.boundary })),
      }),
    onSuccess: async (result) => {
      setProposal(null);
      // The page keeps the result: the refreshed report no longer lists the retired grid.
      onSplit(result);
      await invalidateSizing(queryClient);
    },
  });

  const confirm = (p: SplitProposal) => {
    modal.confirm({
      title: t('sizing.confirmTitle', { name: grid.name }),
      content: t('sizing.confirmText', { name: grid.name, count: p.parts.length }),
      okText: t('sizing.accept'),
      cancelText: t('app.cancel'),
      okButtonProps: { danger: true },
      onOk: () =>
        split.mutateAsync(p).then(
          () => undefined,
          () => undefined,
        ),
    });
  };

  const conflict = isApiError(split.error, 'version_conflict');
  const valid = namesValid(names);
  return (
    <div className="cg-sizing-split" data-testid="sizing-split">
      {!proposal && (
        <Button
          type="primary"
          icon={<ScissorOutlined />}
          loading={propose.isPending}
          onClick={() => propose.mutate()}
          data-testid="sizing-propose"
        >
          {t('sizing.propose')}
        </Button>
      )}
      {propose.error && <ProblemAlert error={propose.error} />}
      {proposal && (
        <>
          <Typography.Text strong>
            {t('sizing.proposalTitle', { count: proposal.parts.length })}
          </Typography.Text>
          <ol className="cg-sizing-parts" data-testid="sizing-parts">
            {proposal.parts.map((part, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the parts are the proposal's, in its order
              <li key={i}>
                <span className="cg-map-swatch" style={{ background: partColour(i) }} />
                <div className="cg-sizing-part-body">
                  <Input
                    size="small"
                    value={names[i]}
                    maxLength={100}
                    disabled={!canWrite}
                    aria-label={`${t('sizing.partName')} ${i + 1}`}
                    status={names[i]?.trim() ? undefined : 'error'}
                    onChange={(event) =>
                      setNames((current) => current.map((name, j) => (j === i ? event.target.value : name)))
                    }
                  />
                  <Typography.Text type="secondary">
                    {t('sizing.partFigures', {
                      households: part.households,
                      people: part.people,
                      buildings: part.buildings,
                    })}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ol>
          {!valid && <Alert type="warning" showIcon title={t('sizing.namesInvalid')} />}
          {split.error && (
            <ProblemAlert error={split.error} hint={conflict ? t('sizing.conflictHint') : undefined} />
          )}
          <div className="cg-sizing-actions">
            <Button
              onClick={() => {
                setProposal(null);
                split.reset();
              }}
            >
              {t('sizing.discard')}
            </Button>
            {canWrite && (
              <Button
                type="primary"
                danger
                disabled={!valid || conflict}
                loading={split.isPending}
                onClick={() => confirm(proposal)}
                data-testid="sizing-accept"
              >
                {t('sizing.accept')}
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

const MOVED_KEYS = ['buildings', 'houses', 'households', 'people', 'things', 'orgs'];

/** What an accepted split did: the retired grid, the new ones, and the records that moved. */
export function SplitResultAlert({ result, onClose }: { result: SplitResult; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      closable={{ onClose, 'aria-label': t('app.close') }}
      data-testid="sizing-split-result"
      title={t('sizing.splitDone')}
      description={
        <>
          <div>{t('sizing.retired', { code: result.retired })}</div>
          <div>
            {t('sizing.created')}
            {result.created.map((code) => (
              <Typography.Text code key={code}>
                {code}
              </Typography.Text>
            ))}
          </div>
          <div>
            {t('sizing.movedTitle')}
            {Object.entries(result.moved)
              .map(([key, count]) =>
                MOVED_KEYS.includes(key)
                  ? t(`sizing.moved.${key as 'buildings'}`, { count })
                  : `${key} ${count}`,
              )
              .join(' · ')}
          </div>
        </>
      }
    />
  );
}
