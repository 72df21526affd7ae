import { useQuery } from '@tanstack/react-query';
import { Alert, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { registryQueries } from '../../app/registry.api';
import { useRecordFormat } from '../../app/registry.format';
import type { Person } from '../../app/registry.model';

/** The people of a household or a house, each a link to their record. */
export function PeopleOf({ filter }: { filter: { householdId: string } | { houseId: string } }) {
  const { t } = useTranslation();
  const { fieldLabel, value } = useRecordFormat('people');
  const people = useQuery(registryQueries.list('people', { ...filter, pageSize: 100, sort: 'name' }));
  if (people.isError) return <Alert type="error" showIcon title={people.error.message} />;
  return (
    <Table<Person>
      data-testid="people-of"
      rowKey="id"
      size="small"
      loading={people.isPending}
      dataSource={people.data?.items}
      pagination={false}
      columns={[
        {
          key: 'name',
          title: fieldLabel('name'),
          render: (_, person) => <Link to={`/people/${person.id}`}>{person.name}</Link>,
        },
        { key: 'relation', title: fieldLabel('relation'), render: (_, p) => value('relation', p.relation) },
        { key: 'sex', title: fieldLabel('sex'), render: (_, p) => value('sex', p.sex) },
        { key: 'age', title: fieldLabel('age'), render: (_, p) => t('person.ageValue', { age: p.age }) },
        {
          key: 'residency',
          title: fieldLabel('residency'),
          render: (_, p) => value('residency', p.residency),
        },
      ]}
    />
  );
}
