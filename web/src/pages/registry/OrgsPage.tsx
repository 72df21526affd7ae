import { Form, Input, Select, type TableColumnsType, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordFormat } from '../../app/registry.format';
import { ORG_KINDS, type Org } from '../../app/registry.model';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { LOCATION_ALIASES, LocationFields } from './LocationFields';
import { RecordDetails, RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordList } from './RecordList';
import { CreateButton, RegistryPage } from './RegistryPage';

export default function OrgsPage() {
  const { t } = useTranslation();
  const state = useListState();
  const route = useRecordRoute('/orgs');
  const { fieldLabel, value } = useRecordFormat('orgs');
  const kind = state.get('kind');
  const text = (raw: string | null) => raw ?? '—';

  const columns: TableColumnsType<Org> = [
    { key: 'name', title: fieldLabel('name'), dataIndex: 'name', sorter: true },
    { key: 'kind', title: fieldLabel('kind'), dataIndex: 'kind', render: (code) => value('kind', code) },
    {
      key: 'creditCode',
      title: fieldLabel('creditCode'),
      dataIndex: 'creditCode',
      render: (code: string | null) => <span className="cg-mono">{text(code)}</span>,
    },
    { key: 'address', title: fieldLabel('address'), dataIndex: 'address', ellipsis: true, render: text },
    {
      key: 'responsiblePerson',
      title: fieldLabel('responsiblePerson'),
      dataIndex: 'responsiblePerson',
      render: text,
    },
    { key: 'contactPhone', title: fieldLabel('contactPhone'), dataIndex: 'contactPhone', render: text },
  ];

  return (
    <RegistryPage>
      <RecordList
        resource="orgs"
        state={state}
        columns={columns}
        filters={{ kind }}
        searchPlaceholder={t('org.searchPlaceholder')}
        exportable
        selectedId={route.id}
        onOpen={(org) => route.open(org.id)}
        filterControls={
          <Select
            data-testid="filter-kind"
            style={{ width: 150 }}
            allowClear
            value={kind}
            placeholder={t('org.kindPlaceholder')}
            onChange={(code?: string) => state.set({ kind: code })}
            options={ORG_KINDS.map((code) => ({ value: code, label: value('kind', code) }))}
          />
        }
        actions={
          <CreateButton label={t('org.create')} testId="org-create">
            {(close) => (
              <OrgForm
                onSaved={(org) => {
                  close();
                  route.open(org.id);
                }}
              />
            )}
          </CreateButton>
        }
      />
      <RecordDrawer
        resource="orgs"
        id={route.id}
        onClose={route.close}
        name={(org) => org.name}
        badges={(org) => <Tag color="blue">{value('kind', org.kind)}</Tag>}
        details={(org) => (
          <RecordDetails
            resource="orgs"
            record={org}
            fields={[
              'name',
              'kind',
              'creditCode',
              'address',
              'responsiblePerson',
              'contactPhone',
              'lon',
              'lat',
            ]}
          />
        )}
        edit={(org) => <OrgForm org={org} />}
      />
    </RegistryPage>
  );
}

interface Values {
  kind: string;
  name: string;
  creditCode: string;
  address: string;
  contactPhone: string;
  responsiblePerson: string;
  lon: number | null;
  lat: number | null;
}

function OrgForm({ org, onSaved }: { org?: Org; onSaved?(org: Org): void }) {
  const { t } = useTranslation();
  const { fieldLabel, value } = useRecordFormat('orgs');
  const required = [{ required: true, whitespace: true, message: t('registry.required') }];
  const initial = useMemo<Values>(
    () => ({
      kind: org?.kind ?? '',
      name: org?.name ?? '',
      creditCode: org?.creditCode ?? '',
      address: org?.address ?? '',
      contactPhone: org?.contactPhone ?? '',
      responsiblePerson: org?.responsiblePerson ?? '',
      lon: org?.lon ?? null,
      lat: org?.lat ?? null,
    }),
    [org],
  );
  return (
    <RecordForm<Values>
      resource="orgs"
      record={org}
      initial={initial}
      // The server names the contact phone's problems `phone`.
      aliases={{ ...LOCATION_ALIASES, phone: 'contactPhone' }}
      onSaved={(saved) => onSaved?.(saved as Org)}
      submitText={org ? undefined : t('org.create')}
    >
      <Form.Item name="kind" label={fieldLabel('kind')} rules={required}>
        <Select options={ORG_KINDS.map((code) => ({ value: code, label: value('kind', code) }))} />
      </Form.Item>
      <Form.Item name="name" label={fieldLabel('name')} rules={[...required, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="creditCode" label={fieldLabel('creditCode')} rules={[{ max: 40 }]}>
        <Input className="cg-mono" />
      </Form.Item>
      <Form.Item name="address" label={fieldLabel('address')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="responsiblePerson" label={fieldLabel('responsiblePerson')} rules={[{ max: 50 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="contactPhone" label={fieldLabel('contactPhone')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      <LocationFields />
    </RecordForm>
  );
}
