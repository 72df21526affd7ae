import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { areaQueries } from '../../app/areas.api';
import { BaseMap, type BaseMapConfig, type BaseMapSetting, baseMapQuery } from '../../components/base-map';

// Tile services Chinese districts use; Tianditu needs the district's own key in `tk`.
const PRESETS: { key: string; label: string; value: BaseMapSetting }[] = [
  {
    key: 'tianditu',
    label: '天地图 Tianditu',
    value: {
      url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=YOUR_KEY',
      labelsUrl:
        'https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=YOUR_KEY',
      subdomains: '01234567',
      attribution: '© 天地图',
      maxZoom: 18,
      crs: 'wgs84',
    },
  },
  {
    key: 'autonavi',
    label: '高德 AutoNavi (GCJ-02)',
    value: {
      url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
      labelsUrl: null,
      subdomains: '1234',
      attribution: '© 高德地图',
      maxZoom: 18,
      crs: 'gcj02',
    },
  },
  {
    key: 'osm',
    label: 'OpenStreetMap',
    value: {
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      labelsUrl: null,
      subdomains: '',
      attribution: '© OpenStreetMap contributors',
      maxZoom: 19,
      crs: 'wgs84',
    },
  },
];

interface Values extends BaseMapSetting {
  enabled: boolean;
}

/** The tiles under every map, with a live preview over the district's communities. */
export default function BaseMapSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const current = useQuery(baseMapQuery);
  const values = Form.useWatch([], form) as Values | undefined;

  useEffect(() => {
    if (!current.data) return;
    const setting = current.data.baseMap;
    form.setFieldsValue(setting ? { ...setting, enabled: true } : { ...PRESETS[2].value, enabled: false });
  }, [current.data, form]);

  const save = useMutation({
    mutationFn: (baseMap: BaseMapSetting | null) =>
      api.put<BaseMapConfig>('/api/settings/base-map', { baseMap }),
    onSuccess: (config) => {
      queryClient.setQueryData(baseMapQuery.queryKey, config);
      void message.success(t('gis.baseMap.saved'));
    },
  });

  const submit = ({ enabled, ...setting }: Values) =>
    save.mutate(enabled ? { ...setting, labelsUrl: setting.labelsUrl || null } : null);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('gis.baseMap.title')}>
        <Form<Values> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 760 }}>
          <Form.Item name="enabled" valuePropName="checked" label={t('gis.baseMap.none')}>
            <Switch data-testid="base-map-enabled" />
          </Form.Item>
          <Form.Item label={t('gis.baseMap.presets')}>
            <Select
              style={{ width: 320 }}
              placeholder={t('gis.baseMap.presets')}
              options={PRESETS.map((p) => ({ value: p.key, label: p.label }))}
              onChange={(key) => {
                const preset = PRESETS.find((p) => p.key === key);
                if (preset) form.setFieldsValue({ ...preset.value, enabled: true });
              }}
            />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('gis.baseMap.url')}
            extra={t('gis.baseMap.urlHint')}
            rules={[{ required: true }]}
          >
            <Input data-testid="base-map-url" />
          </Form.Item>
          <Form.Item name="labelsUrl" label={t('gis.baseMap.labelsUrl')}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="subdomains" label={t('gis.baseMap.subdomains')}>
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="maxZoom" label={t('gis.baseMap.maxZoom')} rules={[{ required: true }]}>
              <InputNumber min={1} max={22} precision={0} />
            </Form.Item>
            <Form.Item name="attribution" label={t('gis.baseMap.attribution')}>
              <Input style={{ width: 280 }} />
            </Form.Item>
          </Space>
          <Form.Item name="crs" label={t('gis.baseMap.crs')} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'wgs84', label: t('gis.baseMap.wgs84') },
                { value: 'gcj02', label: t('gis.baseMap.gcj02') },
              ]}
            />
          </Form.Item>
          {save.isError && (
            <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 12 }} />
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="base-map-save">
            {t('gis.baseMap.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('gis.baseMap.preview')}>
        {current.data && (
          // A new map when the tiles' system changes: the shapes are shifted once, when drawn.
          <PreviewMap
            key={values?.enabled ? (values.crs ?? 'wgs84') : 'none'}
            bounds={current.data.bounds}
            setting={values?.enabled && values.url ? values : null}
          />
        )}
      </Card>
    </Space>
  );
}

function PreviewMap({
  bounds,
  setting,
}: {
  bounds: BaseMapConfig['bounds'];
  setting: BaseMapSetting | null;
}) {
  const container = useRef<HTMLDivElement>(null);
  const base = useRef<BaseMap | null>(null);
  const communities = useQuery(areaQueries.geojson('community'));

  // biome-ignore lint/correctness/useExhaustiveDependencies: made once per tiles' system (the parent's key); tile changes go through setTiles
  useEffect(() => {
    const made = new BaseMap(container.current!, {}, { baseMap: setting, bounds });
    L.control.zoom({ position: 'bottomright' }).addTo(made.map);
    base.current = made;
    return () => {
      made.map.remove();
    };
  }, []);

  const tiles = JSON.stringify(setting);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the setting is a new object at every keystroke; its text says whether it changed
  useEffect(() => {
    base.current?.setTiles(setting);
  }, [tiles]);

  useEffect(() => {
    const made = base.current;
    if (!made || !communities.data) return;
    const layer = L.geoJSON(made.display(communities.data), {
      style: { color: '#dc2626', weight: 1.5, fill: false },
      interactive: false,
    }).addTo(made.map);
    return () => {
      layer.remove();
    };
  }, [communities.data]);

  return <div ref={container} style={{ height: 480 }} data-testid="base-map-preview" />;
}
