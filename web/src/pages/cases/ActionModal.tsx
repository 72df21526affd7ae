import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Rate, Select, Switch, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { catalogQueries } from '../../app/case-catalog';
import { readProblem } from '../../components/write-errors';
import {
  type CaseAction,
  type CaseDetail,
  caseQueries,
  evaluateCase,
  invalidateCases,
  type Move,
  moveCase,
  superviseCase,
  type Timeline,
  uploadAttachment,
} from './cases.api';
import { NEEDS_REASON } from './cases.model';
import { PhotoField } from './PhotoField';

interface Values {
  note?: string;
  departmentCode?: string;
  keepInGrid?: boolean;
  overrideReason?: string;
  duplicateOf?: string;
  instruction?: string;
  satisfaction?: number;
  comment?: string;
}

const FIELDS = [
  'note',
  'departmentCode',
  'overrideReason',
  'duplicateOf',
  'instruction',
  'satisfaction',
  'comment',
];

interface Props {
  kase: CaseDetail;
  action: CaseAction | null;
  onClose(): void;
  /** A message for the case's page (someone else changed the case meanwhile). */
  onNotice(message: string): void;
}

/** The small form behind each action button; the server's answer replaces the case on screen. */
export function ActionModal({ kase, action, onClose, onNotice }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      open={action !== null}
      title={action ? `${t(`cases.action.${action}`)} · ${kase.number}` : null}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {action && <ActionForm kase={kase} action={action} onClose={onClose} onNotice={onNotice} />}
    </Modal>
  );
}

function ActionForm({ kase, action, onClose, onNotice }: Props & { action: CaseAction }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);

  /** Someone moved the case first: show it as it is now, and who did what. */
  const reload = async () => {
    const [, timeline] = await Promise.all([
      queryClient.fetchQuery({ ...caseQueries.detail(kase.id), staleTime: 0 }),
      queryClient
        .fetchQuery({ ...caseQueries.timeline(kase.id), staleTime: 0 })
        .catch(() => null as Timeline | null),
    ]);
    void invalidateCases(queryClient);
    const last = timeline?.events.filter((e) => e.actorName && e.action !== 'attach').at(-1);
    onNotice(
      last
        ? t('cases.conflict.changed', {
            name: last.actorName,
            time: new Date(last.at).toLocaleString(i18n.language),
            action: t(`cases.action.${last.action}` as 'cases.action.report', { defaultValue: last.action }),
          })
        : t('cases.conflict.changedUnknown'),
    );
    onClose();
  };

  const submit = useMutation({
    mutationFn: async (values: Values): Promise<CaseDetail> => {
      if (action === 'supervise') return superviseCase(kase.id, values.instruction ?? '');
      if (action === 'evaluate')
        return evaluateCase(kase.id, values.satisfaction ?? 0, values.comment?.trim() || undefined);
      const after = await moveCase(kase.id, action as Move, {
        version: kase.version,
        note: values.note?.trim() || undefined,
        ...(action === 'dispatch'
          ? {
              keepInGrid: values.keepInGrid ?? false,
              departmentCode: values.keepInGrid ? undefined : values.departmentCode,
              overrideReason: values.overrideReason?.trim() || undefined,
            }
          : {}),
        ...(action === 'merge' ? { duplicateOf: values.duplicateOf } : {}),
      });
      // Photos go with the move that was made: uploaded once it is done.
      for (const file of files) {
        if (!file.originFileObj) continue;
        try {
          await uploadAttachment(kase.id, file.originFileObj);
        } catch (e) {
          message.error(
            t('cases.form.uploadFailed', { name: file.name, reason: isApiError(e) ? e.detail : String(e) }),
          );
        }
      }
      return after;
    },
    onSuccess: async (after) => {
      queryClient.setQueryData(caseQueries.detail(kase.id).queryKey, after);
      await invalidateCases(queryClient);
      message.success(t('cases.form.done', { action: t(`cases.action.${action}`) }));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e, 'version_conflict') || isApiError(e, 'case_wrong_state')) {
        void reload();
        return;
      }
      if (isApiError(e)) {
        const failure = readProblem(e.problem, FIELDS);
        if (failure.kind === 'fields') {
          form.setFields(failure.fields as Parameters<typeof form.setFields>[0]);
          setError(failure.others.join(' ') || null);
          return;
        }
        setError(e.detail);
        return;
      }
      setError(String(e));
    },
  });

  const needsReason = NEEDS_REASON.includes(action);
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid={`case-form-${action}`}
      onFinish={(values) => {
        setError(null);
        submit.mutate(values);
      }}
    >
      {action === 'dispatch' && <DispatchFields kase={kase} form={form} />}
      {action === 'merge' && <MergeFields kase={kase} />}
      {action === 'supervise' && (
        <Form.Item
          name="instruction"
          label={t('cases.form.instruction')}
          rules={[{ required: true, whitespace: true, message: t('cases.form.instructionRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="case-form-instruction" />
        </Form.Item>
      )}
      {action === 'evaluate' && (
        <>
          <Form.Item
            name="satisfaction"
            label={t('cases.form.satisfaction')}
            rules={[{ required: true, message: t('cases.form.satisfactionRequired') }]}
          >
            <Rate data-testid="case-form-satisfaction" />
          </Form.Item>
          <Form.Item name="comment" label={t('cases.form.comment')}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="case-form-comment" />
          </Form.Item>
        </>
      )}
      {action !== 'supervise' && action !== 'evaluate' && (
        <Form.Item
          name="note"
          label={
            needsReason
              ? t('cases.form.reason')
              : action === 'feedback'
                ? t('cases.form.result')
                : t('cases.form.note')
          }
          rules={
            needsReason
              ? [{ required: true, whitespace: true, message: t('cases.form.reasonRequired') }]
              : action === 'feedback'
                ? [{ required: true, whitespace: true, message: t('cases.form.resultRequired') }]
                : []
          }
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="case-form-note" />
        </Form.Item>
      )}
      {(action === 'feedback' || action === 'verify' || action === 'reopen') && (
        <PhotoField
          label={t('cases.form.photos')}
          files={files}
          onChange={setFiles}
          data-testid="case-form-photos"
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          className="cg-case-form-error"
          data-testid="case-form-error"
        />
      )}
      <div className="cg-case-form-buttons">
        <Button onClick={onClose}>{t('app.cancel')}</Button>
        <Button
          type="primary"
          htmlType="submit"
          danger={action === 'reject'}
          loading={submit.isPending}
          data-testid="case-form-submit"
        >
          {t(`cases.action.${action}`)}
        </Button>
      </div>
    </Form>
  );
}

/** Department prefilled with the routing suggestion; a different choice needs a reason. */
function DispatchFields({
  kase,
  form,
}: {
  kase: CaseDetail;
  form: ReturnType<typeof Form.useForm<Values>>[0];
}) {
  const { t } = useTranslation();
  const departments = useQuery(catalogQueries.departments());
  const suggestion = useQuery(caseQueries.suggestion(kase.id));
  const suggested = suggestion.data?.departmentCode ?? null;
  const keepInGrid = Form.useWatch('keepInGrid', form) ?? false;
  const chosen = Form.useWatch('departmentCode', form);
  const overriding = !keepInGrid && chosen !== undefined && chosen !== suggested;
  useEffect(() => {
    if (suggested && !form.isFieldTouched('departmentCode')) form.setFieldValue('departmentCode', suggested);
  }, [suggested, form]);

  return (
    <>
      <Form.Item
        name="keepInGrid"
        label={t('cases.form.keepInGrid')}
        extra={t('cases.form.keepInGridHint')}
        valuePropName="checked"
      >
        <Switch data-testid="case-form-keep-in-grid" />
      </Form.Item>
      {!keepInGrid && (
        <Form.Item
          name="departmentCode"
          label={t('cases.form.department')}
          rules={[{ required: true, message: t('cases.form.departmentRequired') }]}
        >
          <Select
            data-testid="case-form-department"
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending || suggestion.isPending}
            options={(departments.data?.items ?? []).map((d) => ({
              value: d.code,
              label: d.code === suggested ? `${d.name}（${t('cases.form.suggestedTag')}）` : d.name,
            }))}
          />
        </Form.Item>
      )}
      {overriding && (
        <Form.Item
          name="overrideReason"
          label={t('cases.form.overrideReason')}
          extra={t('cases.form.overrideReasonHint')}
          rules={[{ required: true, whitespace: true, message: t('cases.form.overrideReasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="case-form-override-reason" />
        </Form.Item>
      )}
    </>
  );
}

/** The case this one repeats, chosen among open cases of its category nearby. */
function MergeFields({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const similar = useQuery({
    ...caseQueries.similar(kase.categoryCode, kase.lon ?? 0, kase.lat ?? 0),
    enabled: kase.lon !== null && kase.lat !== null,
  });
  const options = (similar.data?.items ?? [])
    .filter((c) => c.id !== kase.id)
    .map((c) => ({
      value: c.id,
      label: `${c.number} · ${t(`cases.state.${c.state}`)} · ${t('cases.report.distance', { meters: Math.round(c.distance) })} · ${c.description}`,
    }));
  return (
    <Form.Item
      name="duplicateOf"
      label={t('cases.form.duplicateOf')}
      rules={[{ required: true, message: t('cases.form.duplicateOfRequired') }]}
    >
      <Select
        data-testid="case-form-duplicate-of"
        loading={similar.isFetching}
        options={options}
        notFoundContent={t('cases.form.noSimilar')}
      />
    </Form.Item>
  );
}
