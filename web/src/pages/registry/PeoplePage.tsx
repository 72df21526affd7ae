import { Alert, Select, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { useRecordFormat, useTags } from '../../app/registry.format';
import { PERSON_RETIRE_REASONS, type Person, RESIDENCIES } from '../../app/registry.model';
import { AreaStats } from '../../components/AreaStats';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { PersonForm } from './PersonForm';
import { RecordDetails, RecordDrawer } from './RecordDrawer';
import { RecordList } from './RecordList';
import { CreateButton, RegistryPage } from './RegistryPage';
import { RevealButton, type Revealed } from './RevealNumbers';

export default function PeoplePage() {
  const { t } = useTranslation();
  const state = useListState();
  const route = useRecordRoute('/people');
  const { fieldLabel, value } = useRecordFormat('people');
  const tags = useTags();
  const tag = state.get('tag');
  const residency = state.get('residency');

  const columns: TableColumnsType<Person> = [
    { key: 'name', title: fieldLabel('name'), dataIndex: 'name', sorter: true, fixed: 'left' },
    {
      key: 'idNumber',
      title: fieldLabel('idNumber'),
      dataIndex: 'idNumber',
      render: (text: string) => <span className="cg-mono">{text}</span>,
    },
    { key: 'sex', title: fieldLabel('sex'), dataIndex: 'sex', render: (sex) => value('sex', sex) },
    { key: '-birthDate', title: fieldLabel('age'), dataIndex: 'age', sorter: true, align: 'right' },
    {
      key: 'residency',
      title: fieldLabel('residency'),
      dataIndex: 'residency',
      render: (code) => value('residency', code),
    },
    {
      key: 'address',
      title: fieldLabel('address'),
      dataIndex: 'address',
      ellipsis: true,
      width: 320,
      render: (address: string | null) => address ?? '—',
    },
    {
      key: 'tags',
      title: fieldLabel('tags'),
      dataIndex: 'tags',
      render: (_, person) => <TagList person={person} />,
    },
  ];

  return (
    <RegistryPage>
      <AreaStats areaCode={state.get('area') ?? null} onTag={(code) => state.set({ tag: code })} />
      <RecordList
        resource="people"
        state={state}
        columns={columns}
        filters={{ tag, residency }}
        searchPlaceholder={t('person.searchPlaceholder')}
        exportable
        selectedId={route.id}
        onOpen={(person) => route.open(person.id)}
        filterControls={
          <>
            <Select
              data-testid="filter-tag"
              style={{ width: 140 }}
              allowClear
              value={tag}
              placeholder={t('person.tagPlaceholder')}
              onChange={(code?: string) => state.set({ tag: code })}
              options={tags.map((known) => ({ value: known.code, label: known.name }))}
            />
            <Select
              data-testid="filter-residency"
              style={{ width: 120 }}
              allowClear
              value={residency}
              placeholder={t('person.residencyPlaceholder')}
              onChange={(code?: string) => state.set({ residency: code })}
              options={RESIDENCIES.map((code) => ({ value: code, label: value('residency', code) }))}
            />
          </>
        }
        actions={
          <CreateButton label={t('person.create')} testId="person-create">
            {(close) => (
              <PersonForm
                onSaved={(person) => {
                  close();
                  route.open(person.id);
                }}
              />
            )}
          </CreateButton>
        }
      />
      <RecordDrawer
        resource="people"
        id={route.id}
        onClose={route.close}
        name={(person) => person.name}
        badges={(person) => (
          <Typography.Text type="secondary">
            {value('sex', person.sex)} · {t('person.ageValue', { age: person.age })} ·{' '}
            {value('residency', person.residency)}
          </Typography.Text>
        )}
        retireReasons={PERSON_RETIRE_REASONS}
        details={(person) => <PersonDetails person={person} />}
        edit={(person) => <PersonForm person={person} />}
      />
    </RegistryPage>
  );
}

function TagList({ person }: { person: Person }) {
  if (person.tags.length === 0) return null;
  return (
    <Space size={[0, 4]} wrap>
      {person.tags.map((tag) => (
        <Tag key={tag.code} color="orange">
          {tag.name}
        </Tag>
      ))}
    </Space>
  );
}

function PersonDetails({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  // Lives as long as the drawer's body: closing the drawer masks the numbers again.
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const details = (
    <RecordDetails
      resource="people"
      record={person}
      fields={[
        'name',
        'idNumber',
        'birthDate',
        'age',
        'sex',
        'phone',
        'residency',
        'address',
        'householdId',
        'relation',
        'moveInDate',
        'moveOutDate',
        'tags',
      ]}
      render={{
        age: () => t('person.ageValue', { age: person.age }),
        ...(revealed && {
          idNumber: () => <span className="cg-mono">{revealed.idNumber}</span>,
          phone: () => revealed.phone ?? t('registry.none'),
        }),
        tags: () => (person.tags.length > 0 ? <TagList person={person} /> : t('registry.none')),
        householdId: () =>
          person.householdId ? (
            <Link to={`/households/${person.householdId}`} data-testid="household-link">
              {t('person.openHousehold')}
            </Link>
          ) : (
            t('registry.none')
          ),
      }}
    />
  );
  if (!can('pii.reveal')) return details;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {revealed ? (
        <Alert type="info" showIcon title={t('person.revealed')} data-testid="revealed" />
      ) : (
        <RevealButton personId={person.id} onRevealed={setRevealed} />
      )}
      {details}
    </Space>
  );
}
