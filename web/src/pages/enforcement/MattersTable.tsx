import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DeadlineTag } from './EnforcementTags';
import type { Matter, State } from './enforcement.api';

export function MattersTable(props: {
  items: Matter[];
  total: number;
  page: number;
  loading: boolean;
  onPage: (page: number) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table<Matter>
      rowKey="id"
      size="middle"
      data-testid="matters-table"
      loading={props.loading}
      dataSource={props.items}
      locale={{ emptyText: t('enforcement.list.empty') }}
      pagination={{
        current: props.page,
        total: props.total,
        pageSize: 20,
        onChange: props.onPage,
        showSizeChanger: false,
      }}
      onRow={(m) => ({ onClick: () => props.onOpen(m.id), style: { cursor: 'pointer' } })}
      columns={[
        { title: t('enforcement.field.number'), dataIndex: 'number', width: 150 },
        {
          title: t('enforcement.field.title'),
          dataIndex: 'title',
          render: (title: string, m) => (
            <>
              {title} {m.major && <Tag color="volcano">{t('enforcement.field.major')}</Tag>}
            </>
          ),
        },
        { title: t('enforcement.field.party'), dataIndex: 'partyName' },
        {
          title: t('enforcement.field.case'),
          dataIndex: 'caseNumber',
          render: (n: string | null) => n ?? '—',
        },
        {
          title: t('enforcement.field.state'),
          dataIndex: 'state',
          render: (s: string) => <Tag color="blue">{t(`enforcement.state.${s as State}`)}</Tag>,
        },
        { title: t('enforcement.field.stepDeadline'), render: (_, m) => <DeadlineTag matter={m} /> },
      ]}
    />
  );
}
