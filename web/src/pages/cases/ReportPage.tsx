import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Cascader,
  Col,
  Form,
  Input,
  List,
  Result,
  Row,
  type UploadFile,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { readProblem } from '../../components/write-errors';
import { StateTag } from './CaseTags';
import { invalidateCases, type Reported, reportCase, uploadAttachment } from './cases.api';
import { categoryOptions } from './cases.model';
import { LocationPicker, type PickedLocation } from './LocationPicker';
import { PhotoField } from './PhotoField';
import './cases.css';
import { catalogQueries } from '../../app/case-catalog';

interface Values {
  category: string[];
  description: string;
  location: PickedLocation;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
}

const FIELDS = ['category', 'description', 'location', 'address', 'reporterName', 'reporterPhone'];
const ALIASES = { categoryCode: 'category', lon: 'location', lat: 'location', gridCode: 'location' };
/** Those who take calls record who called. */
const HOTLINE_ROLES = ['command_operator', 'district_admin'];

/** 上报: what, where (a click on the map), photos; the answer names likely duplicates nearby. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reported, setReported] = useState<Reported | null>(null);
  const categories = useQuery(catalogQueries.categories());
  const options = useMemo(() => categoryOptions(categories.data?.items ?? []), [categories.data]);
  const hotline = user !== null && HOTLINE_ROLES.includes(user.role);
  const caseBase = user?.role === 'resident' ? '/my-cases' : '/cases';

  const submit = useMutation({
    mutationFn: async (values: Values) => {
      const { location } = values;
      const created = await reportCase({
        categoryCode: values.category.at(-1) ?? '',
        description: values.description.trim(),
        ...(location.lon !== undefined && location.lat !== undefined
          ? { lon: location.lon, lat: location.lat }
          : { gridCode: location.gridCode }),
        address: values.address?.trim() || undefined,
        reporterName: values.reporterName?.trim() || undefined,
        reporterPhone: values.reporterPhone?.trim() || undefined,
      });
      for (const file of files) {
        if (!file.originFileObj) continue;
        try {
          await uploadAttachment(created.id, file.originFileObj);
        } catch (e) {
          message.error(
            t('cases.form.uploadFailed', { name: file.name, reason: isApiError(e) ? e.detail : String(e) }),
          );
        }
      }
      return created;
    },
    onSuccess: (created) => {
      void invalidateCases(queryClient);
      setReported(created);
    },
    onError: (e) => {
      if (!isApiError(e)) return setError(String(e));
      const failure = readProblem(e.problem, FIELDS, ALIASES);
      if (failure.kind === 'fields') {
        form.setFields(failure.fields as Parameters<typeof form.setFields>[0]);
        setError(failure.others.join(' ') || null);
      } else setError(failure.kind === 'other' ? failure.message : e.detail);
    },
  });

  if (reported) {
    return (
      <div className="cg-cases cg-case-report" data-testid="report-done" data-case-id={reported.id}>
        <Result
          status="success"
          title={t('cases.report.submitted', { number: reported.number })}
          extra={[
            <Button
              key="open"
              type="primary"
              onClick={() => navigate(`${caseBase}/${reported.id}`)}
              data-testid="report-open"
            >
              {t('cases.report.open')}
            </Button>,
            <Button
              key="again"
              onClick={() => {
                setReported(null);
                setFiles([]);
                form.resetFields();
              }}
            >
              {t('cases.report.another')}
            </Button>,
          ]}
        />
        {reported.likelyDuplicates.length > 0 && (
          <Card
            size="small"
            title={t('cases.report.duplicates')}
            data-testid="report-duplicates"
            className="cg-case-duplicates"
          >
            <Alert type="warning" showIcon title={t('cases.report.duplicatesHint')} />
            <List
              dataSource={reported.likelyDuplicates}
              renderItem={(dup) => (
                <List.Item
                  actions={[
                    <Button key="open" type="link" onClick={() => navigate(`${caseBase}/${dup.id}`)}>
                      {t('cases.report.open')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <span className="cg-case-tags">
                        {dup.number} <StateTag state={dup.state} />
                        {t('cases.report.distance', { meters: Math.round(dup.distance) })}
                      </span>
                    }
                    description={dup.description}
                  />
                </List.Item>
              )}
            />
          </Card>
        )}
      </div>
    );
  }

  return (
    <div className="cg-cases cg-case-report" data-testid="report-page">
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="report-form"
        onValuesChange={(changed: Partial<Values>) => {
          if ('location' in changed) form.setFields([{ name: 'location', errors: [] }]);
        }}
        onFinish={(values) => {
          setError(null);
          submit.mutate(values);
        }}
      >
        <Row gutter={24}>
          <Col xs={24} lg={10}>
            <Form.Item
              name="category"
              label={t('cases.report.category')}
              rules={[{ required: true, message: t('cases.report.categoryRequired') }]}
            >
              <Cascader
                data-testid="report-category"
                options={options}
                showSearch
                placeholder={t('cases.report.category')}
                expandTrigger="hover"
              />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('cases.report.description')}
              rules={[{ required: true, whitespace: true, message: t('cases.report.descriptionRequired') }]}
            >
              <Input.TextArea
                rows={4}
                maxLength={2000}
                showCount
                placeholder={t('cases.report.descriptionPlaceholder')}
                data-testid="report-description"
              />
            </Form.Item>
            <Form.Item name="address" label={t('cases.report.address')}>
              <Input
                maxLength={200}
                placeholder={t('cases.report.addressPlaceholder')}
                data-testid="report-address"
              />
            </Form.Item>
            {hotline && (
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="reporterName" label={t('cases.report.callerName')}>
                    <Input maxLength={50} data-testid="report-caller-name" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="reporterPhone" label={t('cases.report.callerPhone')}>
                    <Input maxLength={30} data-testid="report-caller-phone" />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <PhotoField
              label={t('cases.report.photos')}
              files={files}
              onChange={setFiles}
              data-testid="report-photos"
            />
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                className="cg-case-form-error"
                data-testid="report-error"
              />
            )}
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              loading={submit.isPending}
              data-testid="report-submit"
            >
              {t('cases.report.submit')}
            </Button>
          </Col>
          <Col xs={24} lg={14}>
            <Form.Item
              name="location"
              label={t('cases.report.location')}
              // Checked on submit only: a click sets the point, then its grid a moment later.
              validateTrigger={[]}
              rules={[
                {
                  validator: (_, value: PickedLocation | undefined) =>
                    value?.gridCode
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('cases.report.locationRequired'))),
                },
              ]}
            >
              <LocationPicker />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
