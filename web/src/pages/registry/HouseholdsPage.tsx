import { useQuery } from '@tanstack/react-query';
import { Form, Select, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { registryQueries } from '../../app/registry.api';
import { useRecordFormat } from '../../app/registry.format';
import type { Household } from '../../app/registry.model';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { HousePicker } from './HousePicker';
import { PeopleOf } from './PeopleOf';
import { RecordDetails, RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordList } from './RecordList';
import { CreateButton, RegistryPage } from './RegistryPage';

export default function HouseholdsPage() {
  const { t } = useTranslation();
  const state = useListState();
  const route = useRecordRoute('/households');
  const { fieldLabel } = useRecordFormat('households');

  const columns: TableColumnsType<Household> = [
    { key: 'address', title: fieldLabel('address'), dataIndex: 'address', sorter: true },
    {
      key: 'headName',
      title: fieldLabel('headName'),
      dataIndex: 'headName',
      render: (name: string | null) => name ?? '—',
    },
    { key: 'members', title: fieldLabel('members'), dataIndex: 'members', align: 'right' },
  ];

  return (
    <RegistryPage>
      <RecordList
        resource="households"
        state={state}
        columns={columns}
        searchPlaceholder={t('household.searchPlaceholder')}
        exportable
        selectedId={route.id}
        onOpen={(household) => route.open(household.id)}
        actions={
          <CreateButton label={t('household.create')} testId="household-create">
            {(close) => (
              <HouseholdForm
                onSaved={(household) => {
                  close();
                  route.open(household.id);
                }}
              />
            )}
          </CreateButton>
        }
      />
      <RecordDrawer
        resource="households"
        id={route.id}
        onClose={route.close}
        name={(household) => household.address}
        details={(household) => (
          <RecordDetails
            resource="households"
            record={household}
            fields={['address', 'headName', 'members']}
            render={{ members: (h) => t('household.membersCount', { count: h.members }) }}
          />
        )}
        extraTabs={(household) => [
          {
            key: 'members',
            label: t('household.members'),
            children: <PeopleOf filter={{ householdId: household.id }} />,
          },
        ]}
        edit={(household) => <HouseholdForm household={household} />}
      />
    </RegistryPage>
  );
}

interface Values {
  houseId: string | null;
  headId: string | null;
}

/** A new household needs only its house; a change may move it or name its head among its members. */
function HouseholdForm({
  household,
  onSaved,
}: {
  household?: Household;
  onSaved?(household: Household): void;
}) {
  const { t } = useTranslation();
  const { fieldLabel } = useRecordFormat('households');
  const members = useQuery({
    ...registryQueries.list('people', { householdId: household?.id, pageSize: 100, sort: 'name' }),
    enabled: Boolean(household),
  });
  const initial = useMemo<Values>(
    () => ({ houseId: household?.houseId ?? null, headId: household?.headId ?? null }),
    [household],
  );
  return (
    <RecordForm<Values>
      resource="households"
      record={household}
      initial={initial}
      toBody={(values) => (household ? { ...values } : { houseId: values.houseId })}
      onSaved={(saved) => onSaved?.(saved as Household)}
      submitText={household ? undefined : t('household.create')}
    >
      <Form.Item
        name="houseId"
        label={fieldLabel('houseId')}
        rules={[{ required: true, message: t('registry.required') }]}
        extra={household ? t('household.moveHint') : undefined}
      >
        <HousePicker initialId={household?.houseId} initialLabel={household?.address} />
      </Form.Item>
      {household && (
        <Form.Item name="headId" label={fieldLabel('headId')} extra={t('household.headHint')}>
          <Select
            allowClear
            loading={members.isPending}
            options={(members.data?.items ?? []).map((person) => ({ value: person.id, label: person.name }))}
          />
        </Form.Item>
      )}
    </RecordForm>
  );
}
