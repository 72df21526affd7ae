import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Upload as AntUpload,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  InputNumber,
  Progress,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { ImportCounts, ImportProgress, ProblemList } from './ImportReport';
import {
  cancelImport,
  commitImport,
  ledgerQueries,
  putLedgerType,
  startImport,
  typeInput,
  uploadLedger,
} from './ledgers.api';
import {
  duplicateFields,
  formatBytes,
  type ImportDetail,
  initialMapping,
  isRunning,
  type LedgerField,
  type LedgerType,
  mappedPreview,
  mappingColumns,
  missingRequired,
  typeOptions,
  type Upload,
  type UploadSheet,
  withHeaderRow,
} from './ledgers.model';

/** The import wizard: type and file → mapping → validation → report and decision → commit. */
export function ImportWizard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const types = useQuery(ledgerQueries.types());
  const [typeCode, setTypeCode] = useState<string | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const type = types.data?.find((x) => x.code === typeCode);

  const imp = useQuery({
    ...ledgerQueries.import(importId ?? ''),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data && !isRunning(query.state.data.state) ? false : 500),
  });

  const send = async (chosen: File) => {
    setFile(chosen);
    setUpload(null);
    setUploadError(null);
    setSent({ loaded: 0, total: chosen.size });
    try {
      setUpload(await uploadLedger(chosen, (loaded, total) => setSent({ loaded, total })));
    } catch (error) {
      setUploadError(error instanceof Error ? error.message : String(error));
    }
  };

  const restart = () => {
    setFile(null);
    setSent(null);
    setUpload(null);
    setUploadError(null);
    setImportId(null);
    void queryClient.invalidateQueries({ queryKey: ['ledgers', 'imports'] });
  };

  const state = imp.data?.state;
  const step =
    !upload || !type
      ? 0
      : !importId
        ? 1
        : state === 'validating' || !state
          ? 2
          : state === 'validated'
            ? 3
            : 4;

  return (
    <Card data-testid="import-wizard" data-step={step}>
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 24 }}
        items={(['choose', 'mapping', 'validate', 'report', 'commit'] as const).map((key) => ({
          title: t(`ledgers.wizard.step.${key}`),
        }))}
      />
      {step === 0 && (
        <Space orientation="vertical" size="middle" style={{ display: 'flex', maxWidth: 640 }}>
          {types.isError && <Alert type="error" showIcon title={types.error.message} />}
          <Form layout="vertical">
            <Form.Item label={t('ledgers.field.ledgerType')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={types.isPending}
                value={typeCode}
                onChange={setTypeCode}
                placeholder={t('ledgers.wizard.choosePlaceholder')}
                options={typeOptions(types.data ?? [])}
                data-testid="wizard-type"
              />
            </Form.Item>
            <Form.Item label={t('ledgers.wizard.file')} extra={t('ledgers.wizard.fileHint')}>
              <AntUpload.Dragger
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                disabled={!typeCode || (sent !== null && !upload && !uploadError)}
                beforeUpload={(chosen) => {
                  void send(chosen);
                  return false;
                }}
                data-testid="wizard-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">
                  {typeCode ? t('ledgers.wizard.drop') : t('ledgers.wizard.chooseFirst')}
                </p>
              </AntUpload.Dragger>
            </Form.Item>
          </Form>
          {sent && file && (
            <div data-testid="upload-progress">
              <Typography.Text>
                {file.name} · {formatBytes(sent.loaded)} / {formatBytes(sent.total)}
              </Typography.Text>
              <Progress
                percent={sent.total ? Math.floor((sent.loaded / sent.total) * 100) : 0}
                status={uploadError ? 'exception' : upload ? 'success' : 'active'}
              />
              {sent.loaded >= sent.total && !upload && !uploadError && (
                <Typography.Text type="secondary">{t('ledgers.wizard.inspecting')}</Typography.Text>
              )}
            </div>
          )}
          {uploadError && <Alert type="error" showIcon title={uploadError} data-testid="upload-error" />}
        </Space>
      )}
      {step === 1 && upload && type && file && (
        <MappingStep
          upload={upload}
          type={type}
          fileName={file.name}
          onBack={restart}
          onStarted={setImportId}
        />
      )}
      {step === 2 && imp.data && <ImportProgress imp={imp.data} />}
      {step === 2 && !imp.data && <Progress percent={0} status="active" />}
      {step === 3 && imp.data && <Decision imp={imp.data} />}
      {step === 4 && imp.data && (
        <Space orientation="vertical" size="middle" style={{ display: 'flex' }}>
          {isRunning(imp.data.state) ? (
            <ImportProgress imp={imp.data} />
          ) : (
            <Result
              status={imp.data.state === 'done' ? 'success' : imp.data.state === 'failed' ? 'error' : 'info'}
              title={t(`ledgers.wizard.result.${imp.data.state}`, {
                defaultValue: t(`ledgers.state.${imp.data.state}`),
              })}
              subTitle={imp.data.error ?? undefined}
              data-testid="import-result"
              data-state={imp.data.state}
              extra={[
                <Button key="again" type="primary" onClick={restart} data-testid="wizard-again">
                  {t('ledgers.wizard.again')}
                </Button>,
              ]}
            />
          )}
          <ImportCounts imp={imp.data} />
        </Space>
      )}
    </Card>
  );
}

const NOT_IMPORTED = '';

function MappingStep({
  upload,
  type,
  fileName,
  onBack,
  onStarted,
}: {
  upload: Upload;
  type: LedgerType;
  fileName: string;
  onBack(): void;
  onStarted(id: string): void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const fieldsQuery = useQuery(ledgerQueries.fields());
  const fields: LedgerField[] = fieldsQuery.data?.[type.entity] ?? [];
  const [sheetName, setSheetName] = useState(upload.sheets[0]?.name ?? '');
  const detected = upload.sheets.find((s) => s.name === sheetName) ?? upload.sheets[0];
  const [headerRow, setHeaderRow] = useState(detected?.headerRow ?? 1);
  const sheet: UploadSheet | null = detected ? withHeaderRow(detected, headerRow) : null;
  // The mapping follows the sheet and header row chosen: changing either starts from the proposal again.
  const mappingKey = `${type.code}|${sheet?.name}|${sheet?.headerRow}`;
  const [edited, setEdited] = useState<{ key: string; mapping: Record<string, string> } | null>(null);
  const mapping = useMemo(
    () =>
      edited?.key === mappingKey
        ? edited.mapping
        : sheet
          ? initialMapping(upload, type.code, sheet.headers)
          : {},
    [edited, mappingKey, sheet, upload, type.code],
  );
  const setField = (header: string, field: string) =>
    setEdited({ key: mappingKey, mapping: { ...mapping, [header]: field } });
  const [saveToType, setSaveToType] = useState(false);

  const missing = missingRequired(fields, mapping, type.defaults);
  const duplicates = duplicateFields(mapping);
  const fieldName = new Map(fields.map((f) => [f.key, f.name]));
  const preview = sheet ? mappedPreview(sheet, mapping) : [];
  const columns = mappingColumns(mapping);

  const start = useMutation({
    mutationFn: async () => {
      if (sheet && saveToType) {
        await putLedgerType(type.code, typeInput(type, columns));
        void queryClient.invalidateQueries({ queryKey: ['ledgers', 'types'] });
      }
      return startImport({
        fileId: upload.fileId,
        fileName,
        ledgerType: type.code,
        // Without a readable header row here, the type's saved mapping is used.
        ...(sheet ? { columns } : {}),
        ...(upload.format === 'xlsx' ? { sheet: sheetName } : {}),
        headerRow,
      });
    },
    onSuccess: ({ id }) => onStarted(id),
  });

  const fieldOptions = [
    { value: NOT_IMPORTED, label: t('ledgers.mapping.skip') },
    ...fields.map((f) => ({ value: f.key, label: f.required ? `${f.name} *` : f.name })),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ display: 'flex' }} data-testid="mapping-step">
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          { key: 'type', label: t('ledgers.field.ledgerType'), children: type.name },
          { key: 'file', label: t('ledgers.field.fileName'), children: fileName },
          {
            key: 'format',
            label: t('ledgers.field.format'),
            children: (
              <span data-testid="detected-format">
                {upload.format.toUpperCase()} · {formatBytes(upload.size)}
                {upload.encoding ? ` · ${upload.encoding}` : ''}
              </span>
            ),
          },
        ]}
      />
      <Space wrap>
        {upload.format === 'xlsx' && (
          <Space>
            {t('ledgers.field.sheet')}
            <Select
              style={{ minWidth: 160 }}
              value={sheetName}
              onChange={(name) => {
                setSheetName(name);
                setHeaderRow(upload.sheets.find((s) => s.name === name)?.headerRow ?? 1);
              }}
              options={upload.sheets.map((s) => ({ value: s.name, label: s.name }))}
              data-testid="mapping-sheet"
            />
          </Space>
        )}
        <Space>
          {t('ledgers.field.headerRow')}
          <InputNumber
            min={1}
            max={100}
            value={headerRow}
            onChange={(value) => value && setHeaderRow(value)}
            data-testid="mapping-header-row"
          />
          {detected && headerRow !== detected.headerRow && (
            <Typography.Text type="secondary">
              {t('ledgers.mapping.detectedRow', { row: detected.headerRow })}
            </Typography.Text>
          )}
        </Space>
      </Space>
      {!sheet && <Alert type="warning" showIcon title={t('ledgers.mapping.noPreview')} />}
      {sheet && (
        <Table
          rowKey="header"
          size="small"
          pagination={false}
          data-testid="mapping-table"
          dataSource={sheet.headers.map((header, index) => ({
            header,
            group: sheet.groups?.[index],
            samples: sheet.preview
              .slice(0, 2)
              .map((r) => r[index])
              .filter(Boolean),
          }))}
          columns={[
            {
              key: 'header',
              title: t('ledgers.mapping.header'),
              render: (_, c) => (
                <>
                  {c.group && <Typography.Text type="secondary">{c.group} / </Typography.Text>}
                  {c.header}
                </>
              ),
            },
            {
              key: 'field',
              title: t('ledgers.mapping.field'),
              width: 260,
              render: (_, c) => (
                <Select
                  style={{ width: 240 }}
                  value={mapping[c.header] ?? NOT_IMPORTED}
                  onChange={(field) => setField(c.header, field)}
                  options={fieldOptions}
                  status={duplicates.includes(mapping[c.header]) ? 'error' : undefined}
                  data-testid={`mapping-field-${c.header}`}
                />
              ),
            },
            {
              key: 'samples',
              title: t('ledgers.mapping.samples'),
              render: (_, c) => <Typography.Text type="secondary">{c.samples.join(' · ')}</Typography.Text>,
            },
          ]}
        />
      )}
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="mapping-missing"
          title={t('ledgers.mapping.missing', { fields: missing.map((f) => f.name).join('、') })}
        />
      )}
      {duplicates.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('ledgers.mapping.duplicates', {
            fields: duplicates.map((f) => fieldName.get(f) ?? f).join('、'),
          })}
        />
      )}
      {sheet && columns.length > 0 && (
        <>
          <Typography.Text strong>{t('ledgers.mapping.preview')}</Typography.Text>
          <Table
            rowKey="row"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            data-testid="mapping-preview"
            dataSource={preview}
            columns={[
              { key: 'row', title: t('ledgers.field.row'), dataIndex: 'row', width: 64 },
              ...columns.map((c) => ({
                key: c.field,
                title: fieldName.get(c.field) ?? c.field,
                dataIndex: c.field,
              })),
            ]}
          />
        </>
      )}
      {can('ledgers.configure') && sheet && (
        <Checkbox
          checked={saveToType}
          onChange={(e) => setSaveToType(e.target.checked)}
          data-testid="mapping-save"
        >
          {t('ledgers.mapping.saveToType', { name: type.name })}
        </Checkbox>
      )}
      {start.isError && <Alert type="error" showIcon title={start.error.message} data-testid="start-error" />}
      <Space>
        <Button onClick={onBack}>{t('ledgers.wizard.back')}</Button>
        <Button
          type="primary"
          loading={start.isPending}
          disabled={Boolean(sheet) && (missing.length > 0 || duplicates.length > 0 || columns.length === 0)}
          onClick={() => start.mutate()}
          data-testid="wizard-validate"
        >
          {t('ledgers.wizard.validate')}
        </Button>
      </Space>
    </Space>
  );
}

/** The validation report and the choice: import the valid rows, or nothing. */
function Decision({ imp }: { imp: ImportDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['ledgers', 'import'] });
  const commit = useMutation({ mutationFn: () => commitImport(imp.id), onSuccess: refresh });
  const cancel = useMutation({
    mutationFn: () => cancelImport(imp.id),
    onSuccess: () => {
      void message.info(t('ledgers.wizard.cancelled'));
      void refresh();
    },
  });
  const error = commit.error ?? cancel.error;
  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }} data-testid="validation-report">
      <ImportCounts imp={imp} />
      <ProblemList imp={imp} />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Space>
        <Button
          type="primary"
          disabled={imp.counts.valid === 0}
          loading={commit.isPending}
          onClick={() => commit.mutate()}
          data-testid="wizard-commit"
        >
          {t('ledgers.wizard.commit', { count: imp.counts.valid })}
        </Button>
        <Button danger loading={cancel.isPending} onClick={() => cancel.mutate()} data-testid="wizard-cancel">
          {t('ledgers.wizard.importNothing')}
        </Button>
        <Button type="link" onClick={() => navigate('/ledgers')}>
          {t('ledgers.wizard.decideLater')}
        </Button>
      </Space>
    </Space>
  );
}
