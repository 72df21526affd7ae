import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registryQueries } from '../../app/registry.api';

interface Props {
  value?: string | null;
  onChange?(id: string | null): void;
  /** The address of the house the form started with (searched options do not include it). */
  initialLabel?: string | null;
  initialId?: string | null;
}

/** Finds a house by address (`GET /api/houses?q=`) within the user's area. */
export function HousePicker({ value, onChange, initialLabel, initialId }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useQuery({ ...registryQueries.list('houses', { q, pageSize: 20 }), enabled: q !== '' });
  const found = q ? (results.data?.items ?? []) : [];
  const options = found.map((house) => ({ value: house.id, label: house.address }));
  if (initialId && initialLabel && !options.some((option) => option.value === initialId))
    options.unshift({ value: initialId, label: initialLabel });

  return (
    <Select<string>
      data-testid="house-picker"
      value={value ?? undefined}
      onChange={(id) => onChange?.(id ?? null)}
      placeholder={t('person.housePlaceholder')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={results.isFetching}
      notFoundContent={null}
      options={options}
    />
  );
}
