import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../app/api';
import { invalidateRegistry, registryQueries } from '../../app/registry.api';
import { useRecordFormat } from '../../app/registry.format';
import { type AnyRecord, changedFields, differingFields, type Resource } from '../../app/registry.model';
import { readProblem, type WriteFailure } from '../../components/write-errors';

type Body = Record<string, unknown>;

interface Props<V extends object> {
  resource: Resource;
  /** The record being changed; without one the form registers a new record. */
  record?: AnyRecord;
  /** The form's values for `record` (or a new one); keep it stable (useMemo), a new object resets the form. */
  initial: V;
  /** Form values → request fields; the same shape for a new record and a change. */
  toBody?(values: V): Body;
  /** Server field names shown under another form field, e.g. `{ location: 'lon' }`. */
  aliases?: Record<string, string>;
  onSaved?(record: AnyRecord): void;
  submitText?: string;
  children: ReactNode;
  'data-testid'?: string;
}

/**
 * The registry's create and edit form. A change sends only the fields the user changed, with the
 * version the form was filled from. Problems come back onto the fields they concern (422
 * `invalid_field`, in the user's language); on 409 `version_conflict` the form shows what the
 * other editor saved and offers to load it.
 */
export function RecordForm<V extends object>({
  resource,
  record,
  initial,
  toBody = (values) => values as Body,
  aliases,
  onSaved,
  submitText,
  children,
  ...rest
}: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<V>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const format = useRecordFormat(resource);

  // A save, or loading the other editor's version, brings a new `initial`: the form follows it.
  useEffect(() => {
    form.setFields(Object.entries(initial).map(([name, value]) => ({ name, value, errors: [] })) as never);
    setFailure(null);
  }, [form, initial]);

  const save = useMutation({
    mutationFn: (body: Body) =>
      record
        ? api.patch<AnyRecord>(`/api/${resource}/${record.id}`, { version: record.version, ...body })
        : api.post<AnyRecord>(`/api/${resource}`, body),
    onSuccess: (saved) => {
      setFailure(null);
      queryClient.setQueryData(registryQueries.detail(resource, saved.id).queryKey, saved);
      void invalidateRegistry(queryClient);
      void message.success(t(record ? 'registry.saved' : 'registry.created'));
      onSaved?.(saved);
    },
    onError: (error) => {
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, Object.keys(initial), aliases)
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      // Lists and history may show the other editor's change; the record itself stays as the
      // user read it until they choose to load the new version.
      if (next.kind === 'conflict') {
        void queryClient.invalidateQueries({ queryKey: ['registry', resource, 'list'] });
        void queryClient.invalidateQueries({ queryKey: ['registry', resource, 'history'] });
      }
      setFailure(next);
    },
  });

  function submit(values: V) {
    const body = toBody(values);
    if (!record) {
      const filled = Object.entries(body).filter(([, value]) => value !== undefined && value !== '');
      save.mutate(Object.fromEntries(filled));
      return;
    }
    const changes = changedFields(toBody(initial), body);
    if (Object.keys(changes).length === 0) {
      void message.info(t('registry.noChanges'));
      return;
    }
    save.mutate(changes);
  }

  function loadCurrent() {
    if (failure?.kind !== 'conflict' || !record) return;
    queryClient.setQueryData(registryQueries.detail(resource, record.id).queryKey, failure.current as never);
  }

  return (
    <Form<V>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      onValuesChange={() => failure?.kind === 'fields' && setFailure(null)}
      data-testid={rest['data-testid'] ?? 'record-form'}
      className="cg-record-form"
    >
      {failure?.kind === 'conflict' && record && (
        <Alert
          type="warning"
          showIcon
          data-testid="version-conflict"
          style={{ marginBottom: 16 }}
          title={t('registry.conflict', { version: failure.current.version })}
          description={<ConflictFields record={record} current={failure.current} format={format} />}
          action={
            <Button size="small" onClick={loadCurrent} data-testid="conflict-reload">
              {t('registry.conflictReload')}
            </Button>
          }
        />
      )}
      {children}
      {failure?.kind === 'fields' &&
        failure.others.map((text) => <Alert key={text} type="error" showIcon title={text} />)}
      {failure?.kind === 'other' && (
        <Alert type="error" showIcon title={failure.message} data-testid="form-error" />
      )}
      <Button
        type="primary"
        htmlType="submit"
        loading={save.isPending}
        style={{ marginTop: 8 }}
        data-testid="form-submit"
      >
        {submitText ?? t('registry.save')}
      </Button>
    </Form>
  );
}

function ConflictFields({
  record,
  current,
  format,
}: {
  record: AnyRecord;
  current: Record<string, unknown>;
  format: ReturnType<typeof useRecordFormat>;
}) {
  const { t } = useTranslation();
  const fields = differingFields(record, current, ['age']);
  return (
    <div data-testid="conflict-fields">
      {fields.length === 0 ? (
        t('registry.conflictNoFields')
      ) : (
        <>
          {t('registry.conflictFields')}
          <ul className="cg-history-change">
            {fields.map((field) => (
              <li key={field}>
                {t('registry.changeLine', {
                  field: format.fieldLabel(field),
                  change: field.endsWith('Id') ? t('registry.changed') : format.value(field, current[field]),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <div>{t('registry.conflictHint')}</div>
    </div>
  );
}
