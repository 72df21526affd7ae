import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BOARD_FILTERS, type BoardList, type Case, figuresQueries } from './figures.api';
import './figures.css';

const LISTS = Object.keys(BOARD_FILTERS) as BoardList[];
const PAGE_SIZE = 20;

/** For leaders: the red, yellow, overdue and supervised cases, soonest deadline first, with their counts. */
export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [list, setList] = useState<BoardList>('red');
  const [page, setPage] = useState(1);
  // One row per list just for its count; the chosen list's page comes from the query below.
  const counts = useQueries({ queries: LISTS.map((l) => figuresQueries.board(l, 1, 1)) });
  const cases = useQuery(figuresQueries.board(list, page, PAGE_SIZE));
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }) : '—';

  return (
    <Card
      title={t('figures.board.title')}
      className="cg-figures"
      data-testid="supervision-board"
      extra={
        <Segmented
          value={list}
          onChange={(value) => {
            setList(value as BoardList);
            setPage(1);
          }}
          options={LISTS.map((l, i) => ({
            value: l,
            label: (
              <span data-testid={`board-${l}`}>
                {t(`figures.board.${l}`)}{' '}
                <Badge
                  count={counts[i].data?.total ?? 0}
                  showZero
                  overflowCount={99_999}
                  color={l === 'yellow' ? 'gold' : l === 'supervised' ? 'blue' : 'red'}
                />
              </span>
            ),
          }))}
        />
      }
    >
      {cases.isError && <Alert type="error" showIcon title={cases.error.message} />}
      <Table<Case>
        rowKey="id"
        size="small"
        loading={cases.isFetching}
        dataSource={cases.data?.items ?? []}
        locale={{ emptyText: t('figures.board.none') }}
        onRow={(row) => ({ onClick: () => navigate(`/cases/${row.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: cases.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('figures.board.number'), dataIndex: 'number', width: 140 },
          { title: t('figures.board.category'), dataIndex: 'categoryName' },
          { title: t('figures.board.grid'), dataIndex: 'gridName' },
          {
            title: t('figures.board.state'),
            dataIndex: 'state',
            render: (state: Case['state'], row) => (
              <>
                {t(`cases.state.${state}`)}
                {row.alarm !== 'none' && (
                  <Tag color={row.alarm === 'red' ? 'red' : 'gold'} className="cg-figures-alarm">
                    {t(`figures.board.${row.alarm}`)}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('figures.board.deadline'),
            dataIndex: 'stepDeadline',
            render: (deadline: string | null, row) => (
              <span className={row.overdue ? 'cg-figures-late' : undefined}>{when(deadline)}</span>
            ),
          },
          {
            title: t('figures.board.department'),
            dataIndex: 'departmentName',
            render: (v: string | null) => v ?? '—',
          },
        ]}
      />
    </Card>
  );
}
