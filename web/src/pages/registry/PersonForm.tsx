import { useQuery } from '@tanstack/react-query';
import { Col, Form, Input, Row, Select } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { registryQueries } from '../../app/registry.api';
import { useRecordFormat, useTags } from '../../app/registry.format';
import { isGridCode, type Person, RELATIONS, RESIDENCIES } from '../../app/registry.model';
import { AreaPicker } from '../../components/AreaPicker';
import { HousePicker } from './HousePicker';
import { RecordForm } from './RecordForm';

interface Values {
  name: string;
  idNumber: string;
  residency: Person['residency'];
  phone: string;
  houseId: string | null;
  householdId: string | null;
  relation: Person['relation'];
  moveInDate: string;
  tags: string[];
  gridCode: string | null;
}

/** Registers a person, or changes one (`person` given). ID and phone numbers start masked. */
export function PersonForm({ person, onSaved }: { person?: Person; onSaved?(person: Person): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { fieldLabel, value } = useRecordFormat('people');
  const tags = useTags();
  const required = [{ required: true, whitespace: true, message: t('registry.required') }];

  const initial = useMemo<Values>(
    () => ({
      name: person?.name ?? '',
      idNumber: person?.idNumber ?? '',
      residency: person?.residency ?? 'registered',
      phone: person?.phone ?? '',
      houseId: person?.houseId ?? null,
      householdId: person?.householdId ?? null,
      relation: person?.relation ?? null,
      moveInDate: person?.moveInDate ?? '',
      tags: person?.tags.map((tag) => tag.code) ?? [],
      gridCode: person ? person.gridCode : user && isGridCode(user.areaCode) ? user.areaCode : null,
    }),
    [person, user],
  );
  const tagOptions = [
    ...tags,
    ...(person?.tags ?? []).filter((tag) => !tags.some((t) => t.code === tag.code)),
  ];

  const toBody = ({ gridCode, ...values }: Values) => ({
    ...values,
    // A household lives in one house: without a house there is none to belong to.
    householdId: values.houseId ? values.householdId : null,
    // The grid only matters for someone without a house, and is only set when registering.
    ...(!person && !values.houseId && { gridCode }),
  });

  return (
    <RecordForm<Values>
      resource="people"
      record={person}
      initial={initial}
      toBody={toBody}
      onSaved={(saved) => onSaved?.(saved as Person)}
      submitText={person ? undefined : t('person.create')}
      data-testid={person ? 'person-form' : 'person-create-form'}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="name" label={fieldLabel('name')} rules={[...required, { max: 50 }]}>
            <Input data-testid="person-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="residency" label={fieldLabel('residency')} rules={required}>
            <Select
              data-testid="person-residency"
              options={RESIDENCIES.map((code) => ({ value: code, label: value('residency', code) }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="idNumber"
            label={fieldLabel('idNumber')}
            rules={[...required, { max: 40 }]}
            extra={person ? t('registry.maskedHint') : t('person.idNumberHint')}
          >
            <Input data-testid="person-idNumber" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="phone"
            label={fieldLabel('phone')}
            rules={[{ max: 40 }]}
            extra={person?.phone ? t('registry.maskedHint') : undefined}
          >
            <Input data-testid="person-phone" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="houseId" label={fieldLabel('houseId')}>
            <HousePicker initialId={person?.houseId} initialLabel={person?.address} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <HouseholdField person={person} />
        </Col>
        {!person && (
          <Form.Item noStyle dependencies={['houseId']}>
            {({ getFieldValue }) =>
              !getFieldValue('houseId') && (
                <Col span={24}>
                  <Form.Item name="gridCode" label={fieldLabel('gridCode')} extra={t('person.noHouse')}>
                    <AreaPicker gridsOnly placeholder={t('person.gridPlaceholder')} />
                  </Form.Item>
                </Col>
              )
            }
          </Form.Item>
        )}
        <Col span={12}>
          <Form.Item name="relation" label={fieldLabel('relation')}>
            <Select
              allowClear
              data-testid="person-relation"
              options={RELATIONS.map((code) => ({ value: code, label: value('relation', code) }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="moveInDate" label={fieldLabel('moveInDate')}>
            <Input type="date" data-testid="person-moveInDate" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="tags" label={fieldLabel('tags')}>
            <Select
              mode="multiple"
              allowClear
              data-testid="person-tags"
              options={tagOptions.map((tag) => ({ value: tag.code, label: tag.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
    </RecordForm>
  );
}

/**
 * The household, chosen among those of the chosen house. A household belongs to one house, so
 * moving the person to another house leaves theirs behind (moving a whole household is done on
 * the household); the field then offers the new house's households. Back to the person's own
 * house, their household (and relation) comes back.
 */
function HouseholdField({ person }: { person?: Person }) {
  const { t } = useTranslation();
  const { fieldLabel } = useRecordFormat('people');
  const form = Form.useFormInstance<Values>();
  const houseId: string | null | undefined = Form.useWatch('houseId', form);
  const householdId: string | null | undefined = Form.useWatch('householdId', form);
  const households = useQuery({
    ...registryQueries.list('households', { houseId: houseId ?? undefined, pageSize: 50 }),
    enabled: !!houseId,
  });

  const seenHouse = useRef(houseId);
  useEffect(() => {
    if (houseId === seenHouse.current) return;
    seenHouse.current = houseId;
    const own = person && houseId === person.houseId ? person.householdId : null;
    form.setFieldValue('householdId', own);
  }, [form, houseId, person]);

  // The relation is to a household's head: in another household it has to be chosen again.
  const seenHousehold = useRef(householdId);
  useEffect(() => {
    if (householdId === seenHousehold.current || householdId === undefined) return;
    seenHousehold.current = householdId;
    if (householdId === (person?.householdId ?? null))
      form.setFieldValue('relation', person?.relation ?? null);
    else if (householdId) form.setFieldValue('relation', null);
  }, [form, householdId, person]);

  const options = (households.data?.items ?? []).map((household) => ({
    value: household.id,
    label: t('person.householdOption', {
      head: household.headName ?? t('person.noHead'),
      members: household.members,
    }),
  }));
  // The person's own household, until the list has loaded.
  if (householdId && !options.some((option) => option.value === householdId))
    options.unshift({ value: householdId, label: t('person.currentHousehold') });
  const movedOut = !!person?.householdId && !!houseId && houseId !== person.houseId;

  return (
    <Form.Item
      name="householdId"
      label={fieldLabel('householdId')}
      extra={
        !houseId
          ? t('person.householdNeedsHouse')
          : movedOut && !householdId
            ? t('person.householdLeft')
            : undefined
      }
    >
      <Select
        allowClear
        data-testid="person-household"
        disabled={!houseId}
        loading={households.isFetching}
        placeholder={houseId && options.length === 0 ? t('person.noHouseholds') : t('person.noHousehold')}
        options={options}
      />
    </Form.Item>
  );
}
