import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Form,
  Modal,
  Result,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import type { FeatureCollection } from 'geojson';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, withQuery } from '../../app/api';
import { invalidateAreas } from '../../app/areas.api';
import type { ImportFeatureError, ImportResult } from './areas.model';
import { ImportPreviewMap } from './ImportPreviewMap';
import { ProblemList } from './ProblemList';

type Outcome =
  | { kind: 'done'; result: ImportResult }
  | { kind: 'invalid'; errors: ImportFeatureError[] }
  | { kind: 'failed'; message: string };

/** `POST /api/areas/import/preview`: the file read, in WGS84, before anything is written. */
interface Preview {
  format: string;
  crs: { id: string; name: string; source: 'file' | 'user' | 'coordinates' };
  encoding: string | null;
  attributes: { name: string; samples: string[] }[];
  mapping: Partial<Mapping>;
  features: FeatureCollection;
}
interface Mapping {
  code: string;
  name: string;
  level?: string;
  households?: string;
  population?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  zip: 'application/zip',
  kmz: 'application/vnd.google-earth.kmz',
  kml: 'application/vnd.google-earth.kml+xml',
  geojson: 'application/geo+json',
  json: 'application/geo+json',
};

/** The file with the content type the server reads it by (browsers give .kmz and .geojson none). */
function typedFile(file: File): Blob {
  const type = CONTENT_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
  return type ? new Blob([file], { type }) : file;
}

/**
 * Imports boundaries from a GIS file in two steps: a preview (the server reads the file and
 * answers its shapes, attributes and coordinate system; the page draws them), then the import
 * with the attributes mapped to code and name, all or nothing.
 */
export function ImportDialog() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<Blob | null>(null);
  const [crs, setCrs] = useState<string>('');
  const [mapping, setMapping] = useState<Partial<Mapping>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const crsOptions = [
    { value: '', label: t('gis.import.crsAuto') },
    { value: 'wgs84', label: 'WGS84' },
    { value: 'cgcs2000', label: 'CGCS2000' },
    { value: 'gcj02', label: 'GCJ-02' },
    { value: 'bd09', label: 'BD-09' },
    ...Array.from({ length: 21 }, (_, i) => ({
      value: `EPSG:${4513 + i}`,
      label: t('gis.import.zone', { zone: 25 + i, epsg: `EPSG:${4513 + i}` }),
    })),
    ...Array.from({ length: 21 }, (_, i) => ({
      value: `EPSG:${4534 + i}`,
      label: t('gis.import.cm', { cm: 75 + 3 * i, epsg: `EPSG:${4534 + i}` }),
    })),
  ];

  const preview = useMutation({
    mutationFn: (input: { file: Blob; crs: string }) =>
      api.post<Preview>(withQuery('/api/areas/import/preview', { crs: input.crs }), input.file),
    onSuccess: (result) => setMapping(result.mapping),
  });

  const upload = useMutation({
    mutationFn: (input: { file: Blob; mapping: Partial<Mapping> }) =>
      api.post<ImportResult>(withQuery('/api/areas/import/file', { crs, ...input.mapping }), input.file),
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

  const choose = (next: Blob | null, nextCrs: string) => {
    setOutcome(null);
    upload.reset();
    if (next) preview.mutate({ file: next, crs: nextCrs });
  };
  const attributeOptions = (optional: boolean) => [
    ...(optional ? [{ value: '', label: t('gis.import.none') }] : []),
    ...(preview.data?.attributes ?? []).map((a) => ({
      value: a.name,
      label: a.samples.length ? `${a.name}（${a.samples.join('、')}）` : a.name,
    })),
  ];
  const ready = Boolean(preview.data && mapping.code && mapping.name);

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-open">
        {t('gis.import.open')}
      </Button>
      <Modal
        open={open}
        title={t('gis.import.title')}
        width={900}
        footer={null}
        onCancel={() => {
          setOpen(false);
          setOutcome(null);
          setFile(null);
          preview.reset();
        }}
        destroyOnHidden
      >
        <Upload.Dragger
          accept=".zip,.kmz,.kml,.geojson,.json"
          showUploadList={false}
          disabled={preview.isPending || upload.isPending}
          beforeUpload={(chosen) => {
            const typed = typedFile(chosen);
            setFile(typed);
            choose(typed, crs);
            return false;
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('gis.import.hint')}</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 12 }} wrap>
          <span>{t('gis.import.crs')}</span>
          <Select
            style={{ width: 320 }}
            value={crs}
            options={crsOptions}
            showSearch
            optionFilterProp="label"
            onChange={(value) => {
              setCrs(value);
              choose(file, value);
            }}
            data-testid="import-crs"
          />
        </Space>
        {preview.isPending && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('app.loading')} />
        )}
        {preview.isError && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="import-preview-error"
            title={
              isApiError(preview.error, 'crs_unknown') ? t('gis.import.chooseCrs') : preview.error.message
            }
          />
        )}
        {preview.data && (
          <div data-testid="import-preview" style={{ marginTop: 12 }}>
            <Typography.Paragraph>
              {t('gis.import.detected', {
                count: preview.data.features.features.length,
                crs: `${preview.data.crs.name}（${t(`gis.import.crsFrom.${preview.data.crs.source}`)}）`,
              })}
              {preview.data.encoding &&
                ` · ${t('gis.import.encoding', { encoding: preview.data.encoding.toUpperCase() })}`}
            </Typography.Paragraph>
            <ImportPreviewMap features={preview.data.features} codeAttribute={mapping.code} />
            <Form layout="vertical" style={{ marginTop: 12 }}>
              <Space wrap align="start">
                {(['code', 'name', 'level', 'households', 'population'] as const).map((key) => (
                  <Form.Item key={key} label={t(`gis.import.${key}`)} style={{ width: 260, marginBottom: 8 }}>
                    <Select
                      value={mapping[key] ?? ''}
                      options={attributeOptions(key !== 'code' && key !== 'name')}
                      onChange={(value) => setMapping({ ...mapping, [key]: value || undefined })}
                      data-testid={`import-map-${key}`}
                    />
                  </Form.Item>
                ))}
              </Space>
            </Form>
            <Button
              type="primary"
              disabled={!ready}
              loading={upload.isPending}
              onClick={() => file && upload.mutate({ file, mapping })}
              data-testid="import-commit"
            >
              {t('gis.import.commit')}
            </Button>
            {!ready && <Typography.Text type="secondary"> {t('gis.import.needMapping')}</Typography.Text>}
          </div>
        )}
        <div style={{ marginTop: 16 }} data-testid="import-outcome">
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
