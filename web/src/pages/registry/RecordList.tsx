import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Input, Space, Table, type TableColumnsType, Tag } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaNames } from '../../app/areas.api';
import { useAuth } from '../../app/auth';
import { registryQueries } from '../../app/registry.api';
import { exportUrl, type ListQuery, type RecordTypes, type Resource } from '../../app/registry.model';
import { AreaPicker } from '../../components/AreaPicker';
import type { ListState } from '../../components/list-state';

/** `name` ↔ `-name`: a column keyed `-birthDate` (age) sorts youngest first when ascending. */
const reversed = (sort: string) => (sort.startsWith('-') ? sort.slice(1) : `-${sort}`);

interface Props<R extends Resource> {
  resource: R;
  state: ListState;
  /** The resource's own columns; the grid (and, with retired records, the status) are added. */
  columns: TableColumnsType<RecordTypes[R]>;
  /** The page's own filters (tag, usage…), read from `state`. */
  filters?: ListQuery;
  /** Filters that are not the user's to change here (the building whose houses are listed). */
  fixed?: ListQuery;
  filterControls?: ReactNode;
  searchPlaceholder: string;
  /** Buttons at the end of the toolbar (e.g. "new"). */
  actions?: ReactNode;
  onOpen(record: RecordTypes[R]): void;
  selectedId?: string | null;
  withArea?: boolean;
  exportable?: boolean;
  defaultPageSize?: number;
  'data-testid'?: string;
}

/**
 * One registry list: search, filters, area and "include retired" in a toolbar, a server-paged and
 * server-sorted table (a column with `sorter: true` sorts by its `key`), a row opens its record.
 */
export function RecordList<R extends Resource>({
  resource,
  state,
  columns,
  filters = {},
  fixed = {},
  filterControls,
  searchPlaceholder,
  actions,
  onOpen,
  selectedId,
  withArea = true,
  exportable = false,
  defaultPageSize = 20,
  ...rest
}: Props<R>) {
  type T = RecordTypes[R];
  const { t } = useTranslation();
  const { can } = useAuth();
  const areaNames = useAreaNames();
  const q = state.get('q');
  const area = state.get('area');
  const retired = state.get('retired') === 'true';
  const sort = state.get('sort');
  const page = Number(state.get('page') ?? 1);
  const pageSize = Number(state.get('pageSize') ?? defaultPageSize);
  const query: ListQuery = {
    q,
    areaCode: area,
    includeRetired: retired ? 'true' : undefined,
    sort,
    page,
    pageSize,
    ...filters,
    ...fixed,
  };
  const list = useQuery(registryQueries.list(resource, query));

  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);

  const allColumns: TableColumnsType<T> = [
    ...columns.map((column) =>
      column.sorter && typeof column.key === 'string'
        ? {
            ...column,
            sortOrder:
              sort === column.key
                ? ('ascend' as const)
                : sort === reversed(column.key)
                  ? ('descend' as const)
                  : null,
          }
        : column,
    ),
    {
      key: 'gridCode',
      title: t('registry.field.gridCode'),
      dataIndex: 'gridCode',
      render: (code: string) => <span title={code}>{areaNames.get(code) ?? code}</span>,
    },
    ...(retired
      ? [
          {
            key: 'retired',
            title: t('registry.field.retired'),
            render: (_: unknown, record: T) =>
              record.retired ? <Tag color="red">{t('registry.retired')}</Tag> : t('registry.active'),
          },
        ]
      : []),
  ];

  return (
    <div className="cg-record-list" data-testid={rest['data-testid'] ?? `${resource}-list`}>
      <div className="cg-record-toolbar">
        {/* Filters wrap among themselves; the actions keep the top right (see registry.css). */}
        <div className="cg-record-filters">
          <Input.Search
            data-testid="list-search"
            className="cg-record-search"
            value={text}
            placeholder={searchPlaceholder}
            allowClear
            enterButton
            onChange={(event) => setText(event.target.value)}
            onSearch={(value) => state.set({ q: value.trim() || undefined })}
          />
          {filterControls}
          {withArea && (
            <AreaPicker
              data-testid="list-area"
              style={{ width: 180 }}
              value={area}
              onChange={(code) => state.set({ area: code ?? undefined })}
              placeholder={t('registry.areaPlaceholder')}
            />
          )}
          <Checkbox
            data-testid="list-retired"
            checked={retired}
            onChange={(event) => state.set({ retired: event.target.checked ? 'true' : undefined })}
          >
            {t('registry.includeRetired')}
          </Checkbox>
        </div>
        <Space className="cg-record-toolbar-end" wrap>
          {exportable && can('registry.read') && (
            <Space.Compact>
              <Button
                icon={<DownloadOutlined />}
                href={exportUrl(resource, 'xlsx', query)}
                data-testid="export-xlsx"
              >
                {t('registry.exportXlsx')}
              </Button>
              <Button href={exportUrl(resource, 'csv', query)} data-testid="export-csv">
                CSV
              </Button>
            </Space.Compact>
          )}
          {actions}
        </Space>
      </div>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 8 }} />}
      <Table<T>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={allColumns}
        scroll={{ x: 'max-content' }}
        rowClassName={(record) =>
          [
            'cg-record-row',
            record.retired ? 'cg-record-row-retired' : '',
            record.id === selectedId ? 'cg-record-row-selected' : '',
          ].join(' ')
        }
        onRow={(record) => ({ onClick: () => onOpen(record) })}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => <span data-testid="list-total">{t('registry.total', { count: total })}</span>,
        }}
        onChange={(pagination, _filters, sorter) => {
          const { columnKey, order } = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T>;
          const key = String(columnKey);
          const nextSort = order === 'ascend' ? key : order === 'descend' ? reversed(key) : undefined;
          const sameList = nextSort === sort && pagination.pageSize === pageSize;
          state.set({
            sort: nextSort,
            pageSize: pagination.pageSize === defaultPageSize ? undefined : String(pagination.pageSize),
            page: sameList && pagination.current !== 1 ? String(pagination.current) : undefined,
          });
        }}
      />
    </div>
  );
}
