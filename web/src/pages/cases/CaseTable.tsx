import { Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../app/api';
import type { useListState } from '../../components/list-state';
import { DeadlineText, StateTag, UrgencyTags } from './CaseTags';
import type { Case } from './cases.api';
import { urgencyOf } from './cases.model';

interface Props {
  data: Page<Case> | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage(page: number, pageSize: number): void;
  onOpen(kase: Case): void;
  selectedId?: string | null;
  emptyText: string;
  /** Residents see neither the department nor the grid worker's view of urgency. */
  compact?: boolean;
  'data-testid'?: string;
}

/** Cases in a server-paged table; rows are tinted by lateness (yellow, red, overdue). */
/** Page and page size kept in the URL (first page and 20 rows leave it clean), as the table pages by them. */
export function usePaging(state: ReturnType<typeof useListState>) {
  return {
    page: Number(state.get('page') ?? 1),
    pageSize: Number(state.get('pageSize') ?? 20),
    onPage: (next: number, size: number) =>
      state.set({
        page: next === 1 ? undefined : String(next),
        pageSize: size === 20 ? undefined : String(size),
      }),
  };
}

export function CaseTable({
  data,
  loading,
  page,
  pageSize,
  onPage,
  onOpen,
  selectedId,
  emptyText,
  compact,
  ...rest
}: Props) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<Case> = [
    {
      key: 'number',
      title: t('cases.field.number'),
      dataIndex: 'number',
      render: (number: string) => <span className="cg-case-number">{number}</span>,
    },
    { key: 'category', title: t('cases.field.category'), dataIndex: 'categoryName' },
    {
      key: 'description',
      title: t('cases.field.description'),
      dataIndex: 'description',
      render: (text: string) => (
        <Typography.Text className="cg-case-description" ellipsis={{ tooltip: text }}>
          {text}
        </Typography.Text>
      ),
    },
    { key: 'grid', title: t('cases.field.grid'), dataIndex: 'gridName' },
    {
      key: 'state',
      title: t('cases.field.state'),
      render: (_, kase) => (
        <span className="cg-case-tags">
          <StateTag state={kase.state} />
          {!compact && <UrgencyTags kase={kase} />}
        </span>
      ),
    },
    ...(compact
      ? []
      : [
          {
            key: 'deadline',
            title: t('cases.field.deadline'),
            render: (_: unknown, kase: Case) => (
              <DeadlineText deadline={kase.stepDeadline} urgent={kase.alarm !== 'none'} />
            ),
          },
          {
            key: 'department',
            title: t('cases.field.department'),
            render: (_: unknown, kase: Case) =>
              kase.keptInGrid ? t('cases.keptInGrid') : (kase.departmentName ?? '—'),
          },
        ]),
    {
      key: 'reportedAt',
      title: t('cases.field.reportedAt'),
      dataIndex: 'reportedAt',
      render: (at: string) =>
        new Date(at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }),
    },
  ];
  return (
    <Table<Case>
      data-testid={rest['data-testid']}
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={data?.items}
      columns={columns}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText }}
      rowClassName={(kase) =>
        [
          'cg-case-row',
          compact ? '' : `cg-case-row-${urgencyOf(kase)}`,
          kase.id === selectedId ? 'cg-case-row-selected' : '',
        ].join(' ')
      }
      onRow={(kase) =>
        ({ onClick: () => onOpen(kase), 'data-case-id': kase.id }) as React.HTMLAttributes<HTMLElement>
      }
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => <span data-testid="case-total">{t('cases.list.total', { count: total })}</span>,
        onChange: onPage,
      }}
    />
  );
}
