import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, type FormInstance, Modal, Select, type TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { partyQueries } from './party.api';

/** What the party console's tabs and forms share: the tab's card, the save modal, list filters. */

export type Options = { value: string; label: string }[];

/** A tab's card, with its "new …" button for those who may manage party records. */
export function TabCard({
  title,
  add,
  children,
}: {
  title: ReactNode;
  add: { label: string; testId: string; onClick(): void };
  children: ReactNode;
}) {
  const { can } = useAuth();
  return (
    <Card
      title={title}
      extra={
        can('party.manage') && (
          <Button icon={<PlusOutlined />} onClick={add.onClick} data-testid={add.testId}>
            {add.label}
          </Button>
        )
      }
    >
      {children}
    </Card>
  );
}

/**
 * A form in a modal that saves with one call: on success every party query is refreshed, "saved"
 * is shown and the modal closes; a failure is shown and the form stays open.
 */
export function SaveModal<Values>({
  title,
  form,
  save,
  onClose,
  initialValues,
  testId,
  children,
}: {
  title: ReactNode;
  form: FormInstance;
  save(values: Values): Promise<unknown>;
  onClose(): void;
  initialValues?: Record<string, unknown>;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['party'] });
      void message.success(t('party.saved'));
      onClose();
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('party.save')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => mutation.mutate(values)}
        data-testid={testId}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** The area's party organizations as choices. */
export function useOrgOptions(areaCode: string | undefined): Options {
  const orgs = useQuery(partyQueries.orgs(areaCode));
  return (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
}

/** The filter by party organization above a list. */
export function OrgFilter({ options, onChange }: { options: Options; onChange(orgId?: string): void }) {
  const { t } = useTranslation();
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('party.field.org')}
      style={{ width: 260 }}
      options={options}
      onChange={onChange}
    />
  );
}

/** Server-side paging of a list, 20 a page. */
export function pagedBy(page: number, total: number | undefined, go: (page: number) => void) {
  return {
    current: page,
    total,
    pageSize: 20,
    showSizeChanger: false,
    onChange: go,
  } satisfies TablePaginationConfig;
}
