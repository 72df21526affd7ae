import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Tabs,
  type TabsProps,
  Tag,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { invalidateRegistry, registryQueries } from '../../app/registry.api';
import { useRecordFormat } from '../../app/registry.format';
import type { AnyRecord, RecordTypes, Resource } from '../../app/registry.model';
import { RecordHistory } from './RecordHistory';
import { RecordSources, SOURCE_ENTITY } from './RecordSources';

interface Props<R extends Resource> {
  resource: R;
  /** The record to show; the drawer is closed without one. */
  id: string | null | undefined;
  onClose(): void;
  /** What the record is called (title, retire dialog). */
  name(record: RecordTypes[R]): string;
  /** Next to the name: tags, a subtitle. */
  badges?(record: RecordTypes[R]): ReactNode;
  details(record: RecordTypes[R]): ReactNode;
  /** The edit form; shown to users who may write, while the record is not retired. */
  edit?(record: RecordTypes[R]): ReactNode;
  /** Tabs between the details and the history (a household's members…). */
  extraTabs?(record: RecordTypes[R]): NonNullable<TabsProps['items']>;
  /** Reasons to choose from when retiring (people); others take a reason in words. */
  retireReasons?: readonly string[];
  width?: number;
}

/** One registry record in a drawer: details, edit form, history, retire. */
export function RecordDrawer<R extends Resource>({ id, onClose, width = 720, ...rest }: Props<R>) {
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={width}
      destroyOnHidden
      data-testid="record-drawer"
      title={id ? <DrawerTitle id={id} {...rest} /> : null}
    >
      {id && <DrawerBody key={id} id={id} {...rest} />}
    </Drawer>
  );
}

type Inner<R extends Resource> = Omit<Props<R>, 'onClose' | 'width' | 'id'> & { id: string };

function DrawerTitle<R extends Resource>({ resource, id, name, badges, retireReasons }: Inner<R>) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const record = useQuery(registryQueries.detail(resource, id));
  const [retiring, setRetiring] = useState(false);
  if (!record.data) return null;
  return (
    <div className="cg-record-title">
      <span data-testid="record-name">{name(record.data)}</span>
      {badges?.(record.data)}
      {record.data.retired && <Tag color="red">{t('registry.retired')}</Tag>}
      {can('registry.write') && !record.data.retired && (
        <>
          <Button
            danger
            size="small"
            icon={<DeleteOutlined />}
            className="cg-record-title-end"
            onClick={() => setRetiring(true)}
            data-testid="retire"
          >
            {t('registry.retire')}
          </Button>
          <RetireDialog
            resource={resource}
            record={record.data}
            name={name(record.data)}
            reasons={retireReasons}
            open={retiring}
            onClose={() => setRetiring(false)}
          />
        </>
      )}
    </div>
  );
}

function DrawerBody<R extends Resource>({ resource, id, details, edit, extraTabs }: Inner<R>) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const record = useQuery(registryQueries.detail(resource, id));
  const [tab, setTab] = useState('details');

  if (record.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (record.isError) {
    const text = isApiError(record.error, 'record_not_found') ? t('registry.notFound') : record.error.message;
    return <Alert type="error" showIcon title={text} data-testid="record-error" />;
  }
  const data = record.data;
  const editable = Boolean(edit) && can('registry.write') && !data.retired;
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      data-testid="record-tabs"
      items={[
        { key: 'details', label: t('registry.details'), children: details(data) },
        ...(editable ? [{ key: 'edit', label: t('registry.edit'), children: edit?.(data) }] : []),
        ...(extraTabs?.(data) ?? []),
        ...(SOURCE_ENTITY[resource] && can('registry.read')
          ? [
              {
                key: 'sources',
                label: t('ledgers.sources.title'),
                children: <RecordSources resource={resource} id={data.id} />,
              },
            ]
          : []),
        // A look-up (registry.lookup) shows the record, not its history or sources.
        ...(can('registry.read')
          ? [
              {
                key: 'history',
                label: t('registry.history'),
                children: <RecordHistory resource={resource} id={data.id} />,
              },
            ]
          : []),
      ]}
    />
  );
}

/**
 * A record's fields as a description list: each field's translated label and readable value,
 * unless `render` shows it otherwise; then the grid, version and times every record has.
 */
export function RecordDetails<T extends AnyRecord>({
  resource,
  record,
  fields,
  render = {},
}: {
  resource: Resource;
  record: T;
  fields: readonly (keyof T & string)[];
  render?: Partial<Record<keyof T & string, (record: T) => ReactNode>>;
}) {
  const { t } = useTranslation();
  const { fieldLabel, value, locale } = useRecordFormat(resource);
  const values = record as unknown as Record<string, unknown>;
  const time = (iso: string) => new Date(iso).toLocaleString(locale);
  return (
    <>
      {record.retired && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('registry.retiredNotice', { reason: value('retired', record.retiredReason) })}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={1}
        data-testid="record-details"
        items={[
          ...fields.map((field) => ({
            key: field,
            label: fieldLabel(field),
            children: (
              <span data-testid={`field-${field}`}>
                {render[field]?.(record) ?? value(field, values[field])}
              </span>
            ),
          })),
          { key: 'gridCode', label: fieldLabel('gridCode'), children: value('gridCode', record.gridCode) },
          { key: 'version', label: fieldLabel('version'), children: record.version },
          { key: 'updatedAt', label: fieldLabel('updatedAt'), children: time(record.updatedAt) },
          { key: 'createdAt', label: fieldLabel('createdAt'), children: time(record.createdAt) },
        ]}
      />
    </>
  );
}

interface RetireValues {
  reason: string;
  date?: string;
}

function RetireDialog({
  resource,
  record,
  name,
  reasons,
  open,
  onClose,
}: {
  resource: Resource;
  record: AnyRecord;
  name: string;
  reasons?: readonly string[];
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { tr } = useRecordFormat(resource);
  const [form] = Form.useForm<RetireValues>();

  const retire = useMutation({
    mutationFn: (values: RetireValues) =>
      api.post<AnyRecord>(`/api/${resource}/${record.id}/retire`, {
        version: record.version,
        reason: values.reason.trim(),
        ...(values.date ? { date: values.date } : {}),
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(registryQueries.detail(resource, updated.id).queryKey, updated);
      void invalidateRegistry(queryClient);
      void message.success(t('registry.retireDone', { name }));
      onClose();
    },
    // A conflict means the record changed since it was read: show it as it now is.
    onError: (error) => {
      if (isApiError(error, 'version_conflict')) void invalidateRegistry(queryClient);
    },
  });

  return (
    <Modal
      open={open}
      title={t('registry.retireTitle', { name })}
      okText={t('registry.retire')}
      okButtonProps={{ danger: true, 'data-testid': 'retire-confirm' } as ButtonProps}
      confirmLoading={retire.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        retire.reset();
      }}
      destroyOnHidden
    >
      <p>{t('registry.retireConfirm')}</p>
      <Form<RetireValues> form={form} layout="vertical" onFinish={(values) => retire.mutate(values)}>
        <Form.Item
          name="reason"
          label={t('registry.retireReason')}
          rules={[{ required: true, whitespace: true, message: t('registry.required') }]}
        >
          {reasons ? (
            <Select
              data-testid="retire-reason"
              options={reasons.map((reason) => ({
                value: reason,
                label: tr(`person.retireReason.${reason}`, reason),
              }))}
            />
          ) : (
            <Input maxLength={200} data-testid="retire-reason" />
          )}
        </Form.Item>
        {reasons && (
          <Form.Item name="date" label={t('registry.retireDate')}>
            <Input type="date" style={{ width: 200 }} />
          </Form.Item>
        )}
      </Form>
      {retire.isError && <Alert type="error" showIcon title={retire.error.message} />}
    </Modal>
  );
}
