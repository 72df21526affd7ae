import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { downloadBase64, type ImportResult, importUsers } from './users.api';

interface RowProblem {
  row: number;
  field: string;
  code: string;
  message: string;
}

/** 批量导入: check a file (or check and create), the per-row report, and the passwords file once. */
export function ImportModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<RowProblem[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => importUsers(file!, dryRun),
    onMutate: () => {
      setResult(null);
      setProblems(null);
      setFailure(null);
    },
    onSuccess: (answer) => {
      setResult(answer);
      if (!answer.dryRun) void client.invalidateQueries({ queryKey: ['users', 'list'] });
    },
    onError: (error) => {
      const errors = isApiError(error) ? error.extra<RowProblem[]>('errors') : undefined;
      if (isApiError(error, 'user_import_invalid') && errors) setProblems(errors);
      else setFailure(error.message);
    },
  });

  const close = () => {
    setFile(null);
    setResult(null);
    setProblems(null);
    setFailure(null);
    onClose();
  };

  return (
    <Modal open={open} title={t('users.import')} width={760} footer={null} onCancel={close} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('users.importer.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setResult(null);
            setProblems(null);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('users.importer.choose')}
          </Button>
        </Upload>
        {file && <Typography.Text data-testid="import-file">{file.name}</Typography.Text>}
        <Button disabled={!file} loading={run.isPending} onClick={() => run.mutate({ dryRun: true })}>
          {t('users.importer.check')}
        </Button>
        <Button
          type="primary"
          disabled={!file || Boolean(result && !result.dryRun)}
          loading={run.isPending}
          onClick={() => run.mutate({ dryRun: false })}
          data-testid="import-run"
        >
          {t('users.importer.run')}
        </Button>
      </Space>
      {run.isPending && <Alert type="info" showIcon title={t('users.importer.working')} />}
      {failure && <Alert type="error" showIcon title={failure} />}
      {result?.dryRun && (
        <Alert type="success" showIcon title={t('users.importer.checked', { count: result.count })} />
      )}
      {result && !result.dryRun && result.passwordsFile && (
        <Alert
          type="success"
          showIcon
          data-testid="import-created"
          title={t('users.importer.created', { count: result.count })}
          action={
            <Button
              icon={<DownloadOutlined />}
              onClick={() => downloadBase64(result.passwordsFile!, result.fileName ?? 'accounts.xlsx')}
              data-testid="import-download"
            >
              {t('users.importer.download')}
            </Button>
          }
        />
      )}
      {problems && (
        <>
          <Alert
            type="error"
            showIcon
            title={t('users.importer.problems', { count: problems.length })}
            style={{ marginBottom: 8 }}
          />
          <Table<RowProblem>
            size="small"
            data-testid="import-problems"
            rowKey={(p) => `${p.row}-${p.field}-${p.code}`}
            dataSource={problems}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { key: 'row', title: t('users.importer.row'), dataIndex: 'row', width: 80 },
              {
                key: 'field',
                title: t('users.importer.field'),
                dataIndex: 'field',
                width: 120,
                render: (field: string) =>
                  field === 'file' ? '—' : t(`users.field.${field}` as 'users.field.role'),
              },
              { key: 'message', title: t('users.importer.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
