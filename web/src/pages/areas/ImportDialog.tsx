import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Result, Statistic, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../app/api';
import { invalidateAreas } from './areas.api';
import type { ImportFeatureError, ImportResult } from './areas.model';
import { ProblemList } from './ProblemList';

type Outcome =
  | { kind: 'done'; result: ImportResult }
  | { kind: 'invalid'; errors: ImportFeatureError[] }
  | { kind: 'failed'; message: string };

/** Uploads a GeoJSON file to `POST /api/areas/import` (all or nothing) and shows what happened. */
export function ImportDialog() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const upload = useMutation({
    mutationFn: async (file: File): Promise<ImportResult> => {
      const text = await file.text();
      try {
        JSON.parse(text);
      } catch (error) {
        throw new Error(t('areas.importNotJson', { message: (error as Error).message }));
      }
      // The file goes as it is: no need to re-serialise megabytes of coordinates.
      return api.post<ImportResult>('/api/areas/import', text);
    },
    onSuccess: (result) => {
      setOutcome({ kind: 'done', result });
      void invalidateAreas(queryClient);
    },
    onError: (error) => {
      if (isApiError(error, 'import_invalid')) {
        setOutcome({ kind: 'invalid', errors: error.extra<ImportFeatureError[]>('errors') ?? [] });
      } else setOutcome({ kind: 'failed', message: error.message });
    },
  });

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-open">
        {t('areas.import')}
      </Button>
      <Modal
        open={open}
        title={t('areas.import')}
        width={760}
        footer={null}
        onCancel={() => {
          setOpen(false);
          setOutcome(null);
        }}
        destroyOnHidden
      >
        <Upload.Dragger
          accept=".geojson,.json,application/geo+json,application/json"
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            setOutcome(null);
            upload.mutate(file);
            return false;
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('areas.importHint')}</p>
        </Upload.Dragger>
        <div style={{ marginTop: 16 }} data-testid="import-outcome">
          {upload.isPending && <Alert type="info" showIcon title={t('app.loading')} />}
          {outcome?.kind === 'done' && (
            <Result
              status="success"
              title={t('areas.importDone')}
              subTitle={
                <div style={{ display: 'flex', justifyContent: 'center', gap: 48 }}>
                  <Statistic title={t('areas.importCreated')} value={outcome.result.created} />
                  <Statistic title={t('areas.importUpdated')} value={outcome.result.updated} />
                  <Statistic title={t('areas.importUnchanged')} value={outcome.result.unchanged} />
                </div>
              }
            />
          )}
          {outcome?.kind === 'invalid' && (
            <>
              <Alert
                type="error"
                showIcon
                title={t('areas.importInvalid', { count: outcome.errors.length })}
              />
              <Table<ImportFeatureError>
                size="small"
                style={{ marginTop: 12 }}
                rowKey="index"
                dataSource={outcome.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  {
                    key: 'index',
                    title: t('areas.importIndex'),
                    dataIndex: 'index',
                    width: 110,
                    render: (i) => `features[${i}]`,
                  },
                  {
                    key: 'code',
                    title: t('area.field.code'),
                    dataIndex: 'code',
                    width: 170,
                    render: (code) => code ?? '—',
                  },
                  {
                    key: 'problems',
                    title: t('areas.importProblems'),
                    render: (_, row) => <ProblemList problems={row.problems} compact />,
                  },
                ]}
              />
            </>
          )}
          {outcome?.kind === 'failed' && <Alert type="error" showIcon title={outcome.message} />}
        </div>
      </Modal>
    </>
  );
}
