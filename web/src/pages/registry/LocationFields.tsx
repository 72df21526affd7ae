import { Col, Form, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordFormat } from '../../app/registry.format';

/**
 * Longitude and latitude (WGS84) of a building, component or organization; the server finds the
 * grid from them, and a point outside every grid comes back as a `location` problem under `lon`.
 */
export function LocationFields({ required = true }: { required?: boolean }) {
  const { t } = useTranslation();
  const { fieldLabel } = useRecordFormat('things');
  const rules = required ? [{ required: true, message: t('registry.required') }] : [];
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Form.Item name="lon" label={fieldLabel('lon')} rules={rules} extra={t('building.locationHint')}>
          <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} data-testid="edit-lon" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="lat" label={fieldLabel('lat')} rules={rules}>
          <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} data-testid="edit-lat" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Problems of the location are about both numbers; they show under the longitude. */
export const LOCATION_ALIASES = { location: 'lon' };
