import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, message, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { disputeQueries, fileReturn, type GridReturn, reportUrl, thisMonth } from './disputes.api';

/** 矛盾纠纷排查: each grid's return for the month, communities missing one flagged, and the monthly report. */
export default function ScreeningPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const state = useListState();
  const client = useQueryClient();
  const month = state.get('month') ?? thisMonth();
  const areaCode = state.get('areaCode');
  const screening = useQuery(disputeQueries.screening(month, areaCode));
  const file = useMutation({
    mutationFn: (v: { gridCode: string; noneFound: boolean }) => fileReturn(v.gridCode, month, v.noneFound),
    onSuccess: () => client.invalidateQueries({ queryKey: ['disputes', 'screening'] }),
    onError: (error) => message.error(isApiError(error) ? error.message : String(error)),
  });

  return (
    <div data-testid="screening-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(value) => state.set({ month: value?.format('YYYY-MM') })}
          data-testid="screening-month"
        />
        <AreaPicker
          style={{ width: 220 }}
          value={areaCode}
          onChange={(code) => state.set({ areaCode: code ?? undefined })}
          placeholder={t('disputes.filter.area')}
        />
        <Button
          icon={<DownloadOutlined />}
          href={reportUrl(month, 'xlsx', areaCode)}
          data-testid="report-xlsx"
        >
          {t('disputes.screening.xlsx')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={reportUrl(month, 'docx', areaCode)}
          data-testid="report-docx"
        >
          {t('disputes.screening.docx')}
        </Button>
      </Space>
      {screening.isError && <Alert type="error" showIcon title={screening.error.message} />}
      <h4>{t('disputes.screening.communities')}</h4>
      <Table
        size="small"
        rowKey="communityCode"
        data-testid="screening-communities"
        pagination={false}
        loading={screening.isFetching}
        dataSource={screening.data?.communities}
        columns={[
          { key: 'name', title: t('area.level.community'), dataIndex: 'communityName' },
          { key: 'grids', title: t('disputes.screening.gridsCount'), dataIndex: 'grids' },
          { key: 'returned', title: t('disputes.screening.returned'), dataIndex: 'returned' },
          {
            key: 'missing',
            title: '',
            render: (_, c) =>
              c.missing ? (
                <Tag color="red">{t('disputes.screening.missing')}</Tag>
              ) : (
                <Tag color="green">{t('disputes.screening.returned')}</Tag>
              ),
          },
        ]}
      />
      <h4 style={{ marginTop: 16 }}>{t('disputes.screening.grids')}</h4>
      <Table<GridReturn>
        size="small"
        rowKey="gridCode"
        data-testid="screening-grids"
        loading={screening.isFetching}
        dataSource={screening.data?.grids}
        pagination={{ pageSize: 50 }}
        columns={[
          { key: 'grid', title: t('disputes.field.grid'), dataIndex: 'gridName' },
          { key: 'disputes', title: t('disputes.screening.disputes'), dataIndex: 'disputes' },
          {
            key: 'returned',
            title: t('disputes.screening.returned'),
            render: (_, g) =>
              !g.returned ? (
                <Tag color="red">{t('disputes.screening.missing')}</Tag>
              ) : g.noneFound ? (
                <Tag color="green">{t('disputes.screening.noneFound')}</Tag>
              ) : (
                <Tag color="blue">{t('disputes.screening.hasDisputes')}</Tag>
              ),
          },
          { key: 'by', title: t('disputes.screening.reportedBy'), render: (_, g) => g.reportedByName ?? '—' },
          {
            key: 'file',
            title: '',
            render: (_, g) =>
              can('disputes.record') && (
                <Button
                  size="small"
                  data-testid={`file-${g.gridCode}`}
                  loading={file.isPending && file.variables?.gridCode === g.gridCode}
                  onClick={() => file.mutate({ gridCode: g.gridCode, noneFound: g.disputes === 0 })}
                >
                  {g.disputes === 0 ? t('disputes.screening.fileNone') : t('disputes.screening.fileSome')}
                </Button>
              ),
          },
        ]}
      />
    </div>
  );
}
