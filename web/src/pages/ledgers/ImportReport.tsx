import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ledgerQueries, reportUrl } from './ledgers.api';
import {
  formatBytes,
  formatDuration,
  type ImportDetail,
  type Problem,
  progressOf,
  STATE_COLORS,
} from './ledgers.model';

const PAGE_SIZE = 20;

export function StateTag({ state }: { state: ImportDetail['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="import-state" data-state={state}>
      {t(`ledgers.state.${state}`)}
    </Tag>
  );
}

/** Reading or committing: rows so far and a bar by bytes (validation) or committed rows. */
export function ImportProgress({ imp }: { imp: ImportDetail }) {
  const { t } = useTranslation();
  const importing = imp.state === 'importing';
  return (
    <div data-testid="import-progress">
      <Progress percent={Math.floor(progressOf(imp) * 100)} status="active" />
      <Typography.Text type="secondary">
        {importing
          ? t('ledgers.progress.committed', { rows: imp.counts.committedRows, total: imp.counts.valid })
          : t('ledgers.progress.read', {
              rows: imp.progress.rowsRead,
              read: formatBytes(imp.progress.bytesRead),
              total: formatBytes(imp.progress.totalBytes),
            })}
      </Typography.Text>
    </div>
  );
}

/** The counts of an import, as validation found them (and the commit wrote them). */
export function ImportCounts({ imp }: { imp: ImportDetail }) {
  const { t } = useTranslation();
  const items = [
    ['valid', imp.counts.valid, '#389e0d'],
    ['rejected', imp.counts.rejected, imp.counts.rejected ? '#cf1322' : undefined],
    ['new', imp.counts.new, undefined],
    ['updated', imp.counts.updated, undefined],
    ['unchanged', imp.counts.unchanged, undefined],
  ] as const;
  return (
    <Row gutter={16} data-testid="import-counts">
      {items.map(([key, value, color]) => (
        <Col key={key} span={4}>
          <Statistic
            title={t(`ledgers.count.${key}`)}
            value={value}
            styles={{ content: color ? { color } : undefined }}
            data-testid={`count-${key}`}
            data-value={value}
          />
        </Col>
      ))}
    </Row>
  );
}

/** Facts about the file and the run. */
export function ImportFacts({ imp }: { imp: ImportDetail }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      items={[
        { key: 'type', label: t('ledgers.field.ledgerType'), children: imp.ledgerName },
        { key: 'state', label: t('ledgers.field.state'), children: <StateTag state={imp.state} /> },
        { key: 'file', label: t('ledgers.field.fileName'), children: imp.fileName },
        {
          key: 'size',
          label: t('ledgers.field.format'),
          children: `${imp.format.toUpperCase()} · ${formatBytes(imp.size)}${imp.encoding ? ` · ${imp.encoding}` : ''}`,
        },
        { key: 'by', label: t('ledgers.field.startedBy'), children: imp.startedBy ?? '—' },
        { key: 'at', label: t('ledgers.field.startedAt'), children: time(imp.startedAt) },
        { key: 'duration', label: t('ledgers.field.duration'), children: formatDuration(imp.durationMs) },
        { key: 'finished', label: t('ledgers.field.finishedAt'), children: time(imp.finishedAt) },
        {
          key: 'sha',
          label: t('ledgers.field.sha256'),
          span: 2,
          children: <span className="cg-mono">{imp.sha256}</span>,
        },
      ]}
    />
  );
}

/** Problems by code (click one to list only those), the problem table, the report file. */
export function ProblemList({ imp }: { imp: ImportDetail }) {
  const { t } = useTranslation();
  const [code, setCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const problems = useQuery(ledgerQueries.problems(imp.id, { code, page, pageSize: PAGE_SIZE }));
  if (imp.problemsByCode.length === 0) {
    return <Alert type="success" showIcon title={t('ledgers.report.noProblems')} data-testid="no-problems" />;
  }
  return (
    <Space orientation="vertical" style={{ display: 'flex' }} data-testid="problem-list">
      <Space wrap>
        <Typography.Text strong>{t('ledgers.report.byCode')}</Typography.Text>
        {imp.problemsByCode.map((p) => (
          <Tag.CheckableTag
            key={p.code}
            checked={code === p.code}
            onChange={(checked) => {
              setCode(checked ? p.code : undefined);
              setPage(1);
            }}
            data-testid={`problem-code-${p.code}`}
          >
            {t(`ledgers.problem.${p.code}`, { defaultValue: p.code })} × {p.count}
          </Tag.CheckableTag>
        ))}
        <Button
          icon={<DownloadOutlined />}
          href={reportUrl(imp.id)}
          download
          data-testid="download-report"
          style={{ marginLeft: 'auto' }}
        >
          {t('ledgers.report.download')}
        </Button>
      </Space>
      {problems.isError && <Alert type="error" showIcon title={problems.error.message} />}
      <Table<Problem>
        rowKey={(p) => `${p.sheet}:${p.row}:${p.column}:${p.code}`}
        size="small"
        loading={problems.isFetching}
        dataSource={problems.data?.items}
        data-testid="problem-table"
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: problems.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('ledgers.total', { count }),
        }}
        columns={[
          // A CSV file has one unnamed sheet.
          ...(imp.format === 'xlsx'
            ? [{ key: 'sheet', title: t('ledgers.field.sheet'), dataIndex: 'sheet' }]
            : []),
          { key: 'row', title: t('ledgers.field.row'), dataIndex: 'row', align: 'right', width: 80 },
          {
            key: 'column',
            title: t('ledgers.field.column'),
            dataIndex: 'column',
            render: (column: string | null) => column ?? '—',
          },
          { key: 'message', title: t('ledgers.field.problem'), dataIndex: 'message' },
          {
            key: 'value',
            title: t('ledgers.field.value'),
            dataIndex: 'value',
            render: (value: string | null) => <span className="cg-mono">{value ?? '—'}</span>,
          },
        ]}
      />
    </Space>
  );
}
