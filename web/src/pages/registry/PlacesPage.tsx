import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { registryQueries } from '../../app/registry.api';
import { useRecordFormat } from '../../app/registry.format';
import { type Building, HOUSE_USAGES, type House } from '../../app/registry.model';
import { useListState } from '../../components/list-state';
import { LOCATION_ALIASES, LocationFields } from './LocationFields';
import { PeopleOf } from './PeopleOf';
import { RecordDetails, RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordList } from './RecordList';
import { CreateButton, RegistryPage } from './RegistryPage';

/**
 * Buildings, and the houses of the one chosen. The chosen building is `?building=`; the record
 * open in the drawer is `?open=building:<id>` or `?open=house:<id>`.
 */
export default function PlacesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const buildings = useListState('b.');
  const houses = useListState('h.');
  const buildingId = params.get('building');
  const [openKind, openId] = (params.get('open') ?? ':').split(':');
  const building = useQuery({
    ...registryQueries.detail('buildings', buildingId ?? ''),
    enabled: buildingId !== null,
  });
  const format = useRecordFormat('buildings');
  const houseFormat = useRecordFormat('houses');
  const usage = houses.get('usage');

  const update = (patch: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(patch)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      return next;
    });
  const show = (kind: 'building' | 'house', id: string) => update({ open: `${kind}:${id}` });
  const closeDrawer = () => update({ open: null });

  const buildingColumns: TableColumnsType<Building> = [
    { key: 'address', title: format.fieldLabel('address'), dataIndex: 'address', sorter: true },
    { key: 'name', title: format.fieldLabel('name'), dataIndex: 'name' },
    {
      key: 'floors',
      title: format.fieldLabel('floors'),
      dataIndex: 'floors',
      align: 'right',
      render: (n: number | null) => n ?? '—',
    },
    { key: 'houses', title: format.fieldLabel('houses'), dataIndex: 'houses', align: 'right' },
    {
      key: 'open',
      render: (_, record) => (
        <Button
          type="link"
          size="small"
          onClick={(event) => {
            event.stopPropagation();
            show('building', record.id);
          }}
        >
          {t('registry.openRecord')}
        </Button>
      ),
    },
  ];

  const houseColumns: TableColumnsType<House> = [
    { key: 'address', title: houseFormat.fieldLabel('room'), dataIndex: 'room', sorter: true },
    { key: 'fullAddress', title: houseFormat.fieldLabel('address'), dataIndex: 'address', ellipsis: true },
    {
      key: 'usage',
      title: houseFormat.fieldLabel('usage'),
      dataIndex: 'usage',
      render: (code: House['usage']) => houseFormat.value('usage', code),
    },
    {
      key: 'areaM2',
      title: houseFormat.fieldLabel('areaM2'),
      dataIndex: 'areaM2',
      align: 'right',
      render: (n: number | null) => n ?? '—',
    },
    { key: 'residents', title: houseFormat.fieldLabel('residents'), dataIndex: 'residents', align: 'right' },
  ];

  return (
    <RegistryPage>
      <div>
        <Typography.Title level={5} className="cg-record-list-title">
          {t('building.title')}
        </Typography.Title>
        <RecordList
          resource="buildings"
          state={buildings}
          columns={buildingColumns}
          searchPlaceholder={t('building.searchPlaceholder')}
          exportable
          defaultPageSize={10}
          selectedId={buildingId}
          onOpen={(record) => update({ building: record.id, 'h.page': null })}
          actions={
            <CreateButton label={t('building.create')} testId="building-create">
              {(close) => (
                <BuildingForm
                  onSaved={(saved) => {
                    close();
                    update({ building: saved.id, open: `building:${saved.id}` });
                  }}
                />
              )}
            </CreateButton>
          }
          data-testid="buildings-list"
        />
      </div>
      <div>
        <Typography.Title level={5} className="cg-record-list-title">
          {building.data ? t('house.housesOf', { name: building.data.name }) : t('house.title')}
        </Typography.Title>
        {buildingId ? (
          <RecordList
            resource="houses"
            state={houses}
            columns={houseColumns}
            filters={{ usage }}
            fixed={{ buildingId }}
            withArea={false}
            searchPlaceholder={t('house.field.room')}
            selectedId={openKind === 'house' ? openId : null}
            onOpen={(record) => show('house', record.id)}
            filterControls={
              <Select
                data-testid="filter-usage"
                style={{ width: 120 }}
                allowClear
                value={usage}
                placeholder={t('house.usagePlaceholder')}
                onChange={(code?: string) => houses.set({ usage: code })}
                options={HOUSE_USAGES.map((code) => ({
                  value: code,
                  label: houseFormat.value('usage', code),
                }))}
              />
            }
            actions={
              building.data &&
              !building.data.retired && (
                <CreateButton label={t('house.create')} testId="house-create">
                  {(close) => (
                    <HouseForm
                      buildingId={buildingId}
                      onSaved={(saved) => {
                        close();
                        show('house', saved.id);
                      }}
                    />
                  )}
                </CreateButton>
              )
            }
            data-testid="houses-list"
          />
        ) : (
          <div className="cg-record-list">
            <Empty description={t('house.selectBuilding')} />
          </div>
        )}
      </div>
      <RecordDrawer
        resource="buildings"
        id={openKind === 'building' ? openId : null}
        onClose={closeDrawer}
        name={(record) => record.name}
        details={(record) => (
          <RecordDetails
            resource="buildings"
            record={record}
            fields={['name', 'address', 'floors', 'houses', 'lon', 'lat']}
          />
        )}
        edit={(record) => <BuildingForm building={record} />}
      />
      <RecordDrawer
        resource="houses"
        id={openKind === 'house' ? openId : null}
        onClose={closeDrawer}
        name={(record) => record.address}
        badges={(record) => <Tag color="blue">{houseFormat.value('usage', record.usage)}</Tag>}
        details={(record) => (
          <RecordDetails
            resource="houses"
            record={record}
            fields={['address', 'room', 'usage', 'areaM2', 'residents']}
          />
        )}
        extraTabs={(record) => [
          {
            key: 'residents',
            label: t('house.residents'),
            children: <PeopleOf filter={{ houseId: record.id }} />,
          },
        ]}
        edit={(record) => <HouseForm house={record} buildingId={record.buildingId} />}
      />
    </RegistryPage>
  );
}

interface BuildingValues {
  name: string;
  address: string;
  floors: number | null;
  lon: number | null;
  lat: number | null;
}

function BuildingForm({ building, onSaved }: { building?: Building; onSaved?(building: Building): void }) {
  const { t } = useTranslation();
  const { fieldLabel } = useRecordFormat('buildings');
  const required = [{ required: true, whitespace: true, message: t('registry.required') }];
  const initial = useMemo<BuildingValues>(
    () => ({
      name: building?.name ?? '',
      address: building?.address ?? '',
      floors: building?.floors ?? null,
      lon: building?.lon ?? null,
      lat: building?.lat ?? null,
    }),
    [building],
  );
  return (
    <RecordForm<BuildingValues>
      resource="buildings"
      record={building}
      initial={initial}
      aliases={LOCATION_ALIASES}
      onSaved={(saved) => onSaved?.(saved as Building)}
      submitText={building ? undefined : t('building.create')}
    >
      <Form.Item name="name" label={fieldLabel('name')} rules={[...required, { max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label={fieldLabel('address')} rules={[...required, { max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="floors" label={fieldLabel('floors')}>
        <InputNumber min={1} max={200} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <LocationFields />
    </RecordForm>
  );
}

interface HouseValues {
  room: string;
  usage: House['usage'];
  areaM2: number | null;
}

function HouseForm({
  house,
  buildingId,
  onSaved,
}: {
  house?: House;
  buildingId: string;
  onSaved?(house: House): void;
}) {
  const { t } = useTranslation();
  const { fieldLabel, value } = useRecordFormat('houses');
  const initial = useMemo<HouseValues>(
    () => ({ room: house?.room ?? '', usage: house?.usage ?? 'own_occupied', areaM2: house?.areaM2 ?? null }),
    [house],
  );
  return (
    <RecordForm<HouseValues>
      resource="houses"
      record={house}
      initial={initial}
      toBody={(values) => (house ? { ...values } : { ...values, buildingId })}
      onSaved={(saved) => onSaved?.(saved as House)}
      submitText={house ? undefined : t('house.create')}
    >
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="room"
            label={fieldLabel('room')}
            rules={[{ required: true, whitespace: true, message: t('registry.required') }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="usage" label={fieldLabel('usage')} rules={[{ required: true }]}>
            <Select options={HOUSE_USAGES.map((code) => ({ value: code, label: value('usage', code) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="areaM2" label={fieldLabel('areaM2')}>
            <InputNumber min={0.1} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </RecordForm>
  );
}
