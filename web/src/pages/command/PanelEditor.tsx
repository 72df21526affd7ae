import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Drawer, Input, InputNumber, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import type { Layout, Panel } from './command.api';
import { editablePanels, PANEL_KINDS, panelsToSave } from './command.model';

const MAP_INDICATORS = ['reported', 'households', 'population'] as const;
const RANKING_INDICATORS = ['onTimeRate', 'closureRate', 'satisfaction', 'reworkRate'] as const;

/**
 * The wall's panel editor: which panels show, in what order, with which indicator and refresh
 * interval, saved as a named layout for oneself or (command.manage) for one's role. Mounted when
 * opened, so it starts from the layout shown at that moment.
 */
export function PanelEditor(props: {
  open: boolean;
  onClose(): void;
  /** The layout now shown (null: the default), to start from and to replace when saved again. */
  layout: Layout | null;
  panels: Panel[];
  layouts: Layout[];
  onSaved(name: string): void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(() => editablePanels(props.panels));
  const [name, setName] = useState(props.layout?.name ?? '');
  const [forRole, setForRole] = useState(props.layout?.owner === 'role' && can('command.manage'));
  const [problem, setProblem] = useState<string | null>(null);

  const side = forRole ? 'role' : 'user';
  const existing = props.layouts.find((l) => l.name === name.trim() && l.owner === side);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['command', 'layouts'] });
  const save = useMutation({
    mutationFn: () =>
      api.put<Layout>('/api/command/layouts', {
        name: name.trim(),
        panels: panelsToSave(rows),
        ...(forRole ? { forRole: true } : {}),
        ...(existing ? { version: existing.version } : {}),
      }),
    onSuccess: async (saved) => {
      await refresh();
      void message.success(t('command.layoutSaved'));
      props.onSaved(saved.name);
      props.onClose();
    },
    onError: (error) => {
      // Someone saved this name meanwhile: show what is there now, keep the edits to save again.
      if (isApiError(error, 'version_conflict')) {
        setProblem(t('command.editor.conflict'));
        void refresh();
      } else setProblem(error.message);
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api.delete(
        `/api/command/layouts?name=${encodeURIComponent(name.trim())}${forRole ? '&forRole=true' : ''}`,
      ),
    onSuccess: async () => {
      await refresh();
      props.onSaved('');
      props.onClose();
    },
    onError: (error) => setProblem(error.message),
  });

  const move = (i: number, by: -1 | 1) =>
    setRows((list) => {
      const next = [...list];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      return next;
    });
  const patch = (i: number, change: Partial<(typeof rows)[number]>) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const shown = rows.filter((r) => r.shown).length;

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={t('command.editor.title')}
      size={520}
      data-testid="panel-editor"
      footer={
        <Space>
          <Button
            type="primary"
            data-testid="panel-editor-save"
            disabled={!name.trim() || shown === 0}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            {existing ? t('command.editor.replace') : t('command.saveLayout')}
          </Button>
          {existing && (
            <Popconfirm title={t('command.editor.deleteConfirm')} onConfirm={() => remove.mutate()}>
              <Button danger loading={remove.isPending}>
                {t('command.editor.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" style={{ display: 'flex' }}>
        {problem && <Alert type="error" showIcon title={problem} data-testid="panel-editor-problem" />}
        <Input
          data-testid="panel-editor-name"
          value={name}
          maxLength={60}
          placeholder={t('command.editor.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          status={name.trim() ? undefined : 'warning'}
        />
        {can('command.manage') && (
          <Checkbox checked={forRole} onChange={(e) => setForRole(e.target.checked)}>
            {t('command.editor.forRole')}
          </Checkbox>
        )}
        {existing && <span className="cg-wall-editor-note">{t('command.editor.replacing')}</span>}
        <ol className="cg-wall-editor-list">
          {rows.map((r, i) => (
            <li key={r.kind} data-testid={`editor-panel-${r.kind}`}>
              <Checkbox checked={r.shown} onChange={(e) => patch(i, { shown: e.target.checked })}>
                {t(`command.editor.kind.${r.kind}`)}
              </Checkbox>
              <span className="cg-wall-editor-controls">
                {r.kind === 'map' && (
                  <Select
                    size="small"
                    value={r.indicator ?? 'reported'}
                    style={{ width: 110 }}
                    onChange={(indicator) => patch(i, { indicator })}
                    options={MAP_INDICATORS.map((x) => ({ value: x, label: t(`command.mapIndicator.${x}`) }))}
                  />
                )}
                {r.kind === 'rankings' && (
                  <Select
                    size="small"
                    value={r.indicator ?? 'onTimeRate'}
                    style={{ width: 110 }}
                    data-testid="editor-rankings-indicator"
                    onChange={(indicator) => patch(i, { indicator })}
                    options={RANKING_INDICATORS.map((x) => ({
                      value: x,
                      label: t(`command.indicator.${x}`),
                    }))}
                  />
                )}
                {r.kind !== 'live' && (
                  <InputNumber
                    size="small"
                    min={5}
                    max={86_400}
                    style={{ width: 110 }}
                    value={r.refreshSeconds}
                    suffix={t('command.editor.seconds')}
                    title={t('command.editor.refresh')}
                    onChange={(v) => patch(i, { refreshSeconds: v ?? undefined })}
                  />
                )}
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  aria-label={t('command.editor.up')}
                  data-testid={`editor-up-${r.kind}`}
                  onClick={() => move(i, -1)}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  disabled={i === rows.length - 1}
                  aria-label={t('command.editor.down')}
                  onClick={() => move(i, 1)}
                />
              </span>
            </li>
          ))}
        </ol>
        <span className="cg-wall-editor-note">{t('command.editor.hint', { count: PANEL_KINDS.length })}</span>
      </Space>
    </Drawer>
  );
}
