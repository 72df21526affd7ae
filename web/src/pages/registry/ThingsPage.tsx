import { Form, Input, Select, type TableColumnsType, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordFormat } from '../../app/registry.format';
import { THING_CATEGORIES, THING_STATES, type Thing } from '../../app/registry.model';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { LOCATION_ALIASES, LocationFields } from './LocationFields';
import { RecordDetails, RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordList } from './RecordList';
import { CreateButton, RegistryPage } from './RegistryPage';

const STATE_COLOURS: Record<Thing['state'], string> = {
  normal: 'green',
  damaged: 'red',
  missing: 'volcano',
  under_repair: 'orange',
};

function StateTag({ state }: { state: Thing['state'] }) {
  const { value } = useRecordFormat('things');
  return <Tag color={STATE_COLOURS[state]}>{value('state', state)}</Tag>;
}

export default function ThingsPage() {
  const { t } = useTranslation();
  const state = useListState();
  const route = useRecordRoute('/things');
  const { fieldLabel, value } = useRecordFormat('things');
  const category = state.get('category');
  const thingState = state.get('state');

  const columns: TableColumnsType<Thing> = [
    { key: 'name', title: fieldLabel('name'), dataIndex: 'name', sorter: true },
    {
      key: 'category',
      title: fieldLabel('category'),
      dataIndex: 'category',
      render: (code: string) => value('category', code),
    },
    {
      key: 'state',
      title: fieldLabel('state'),
      dataIndex: 'state',
      render: (code: Thing['state']) => <StateTag state={code} />,
    },
    {
      key: 'ownerDepartment',
      title: fieldLabel('ownerDepartment'),
      dataIndex: 'ownerDepartment',
      render: (text: string | null) => text ?? '—',
    },
  ];

  return (
    <RegistryPage>
      <RecordList
        resource="things"
        state={state}
        columns={columns}
        filters={{ category, state: thingState }}
        searchPlaceholder={t('thing.searchPlaceholder')}
        exportable
        selectedId={route.id}
        onOpen={(thing) => route.open(thing.id)}
        filterControls={
          <>
            <Select
              data-testid="filter-category"
              style={{ width: 180 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={category}
              placeholder={t('thing.categoryPlaceholder')}
              onChange={(code?: string) => state.set({ category: code })}
              options={THING_CATEGORIES.map((code) => ({ value: code, label: value('category', code) }))}
            />
            <Select
              data-testid="filter-state"
              style={{ width: 120 }}
              allowClear
              value={thingState}
              placeholder={t('thing.statePlaceholder')}
              onChange={(code?: string) => state.set({ state: code })}
              options={THING_STATES.map((code) => ({ value: code, label: value('state', code) }))}
            />
          </>
        }
        actions={
          <CreateButton label={t('thing.create')} testId="thing-create">
            {(close) => (
              <ThingForm
                onSaved={(thing) => {
                  close();
                  route.open(thing.id);
                }}
              />
            )}
          </CreateButton>
        }
      />
      <RecordDrawer
        resource="things"
        id={route.id}
        onClose={route.close}
        name={(thing) => thing.name}
        badges={(thing) => <StateTag state={thing.state} />}
        details={(thing) => (
          <RecordDetails
            resource="things"
            record={thing}
            fields={['name', 'category', 'state', 'ownerDepartment', 'lon', 'lat']}
            render={{ category: (th) => `${value('category', th.category)}（${th.category}）` }}
          />
        )}
        edit={(thing) => <ThingForm thing={thing} />}
      />
    </RegistryPage>
  );
}

interface Values {
  category: string;
  name: string;
  state: Thing['state'];
  ownerDepartment: string;
  lon: number | null;
  lat: number | null;
}

function ThingForm({ thing, onSaved }: { thing?: Thing; onSaved?(thing: Thing): void }) {
  const { t } = useTranslation();
  const { fieldLabel, value } = useRecordFormat('things');
  const required = [{ required: true, whitespace: true, message: t('registry.required') }];
  const initial = useMemo<Values>(
    () => ({
      category: thing?.category ?? '',
      name: thing?.name ?? '',
      state: thing?.state ?? 'normal',
      ownerDepartment: thing?.ownerDepartment ?? '',
      lon: thing?.lon ?? null,
      lat: thing?.lat ?? null,
    }),
    [thing],
  );
  return (
    <RecordForm<Values>
      resource="things"
      record={thing}
      initial={initial}
      aliases={LOCATION_ALIASES}
      onSaved={(saved) => onSaved?.(saved as Thing)}
      submitText={thing ? undefined : t('thing.create')}
    >
      <Form.Item name="category" label={fieldLabel('category')} rules={required}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={THING_CATEGORIES.map((code) => ({ value: code, label: value('category', code) }))}
        />
      </Form.Item>
      <Form.Item name="name" label={fieldLabel('name')} rules={[...required, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="state" label={fieldLabel('state')} rules={required}>
        <Select options={THING_STATES.map((code) => ({ value: code, label: value('state', code) }))} />
      </Form.Item>
      <Form.Item name="ownerDepartment" label={fieldLabel('ownerDepartment')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <LocationFields />
    </RecordForm>
  );
}
