import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaQueries } from '../app/areas.api';
import { AreaLevelTag } from './AreaLevelTag';

/** Finds an area by name or code prefix (`GET /api/areas?q=`) and hands its code to `onSelect`. */
export function AreaSearch({ onSelect, style }: { onSelect: (code: string) => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useQuery({ ...areaQueries.search(q), enabled: q !== '' });

  return (
    <Select<string>
      data-testid="area-search"
      style={style}
      value={null}
      placeholder={t('area.search')}
      suffixIcon={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={results.isFetching}
      notFoundContent={q && !results.isFetching ? t('area.searchEmpty') : null}
      popupMatchSelectWidth={360}
      onChange={(code) => {
        setText('');
        onSelect(code);
      }}
      options={(q ? (results.data?.items ?? []) : []).map((area) => ({
        value: area.code,
        label: (
          <span data-testid={`area-search-option-${area.code}`}>
            <AreaLevelTag level={area.level} />
            {area.name} <span style={{ color: '#8c8c8c' }}>{area.code}</span>
          </span>
        ),
      }))}
    />
  );
}
