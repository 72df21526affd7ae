import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Progress, Skeleton, Statistic, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaNames } from '../app/areas.api';
import { registryQueries } from '../app/registry.api';
import { useRecordFormat } from '../app/registry.format';
import { AGE_BANDS, HOUSE_USAGES } from '../app/registry.model';
import './AreaStats.css';

interface Props {
  /** The area to describe; null is the user's own. */
  areaCode: string | null;
  /** One narrow column (the map's side panel) instead of a row of cards. */
  compact?: boolean;
  /** Makes the focus-group tags filters. */
  onTag?(code: string): void;
}

/** Summary cards of an area (`GET /api/registry/stats`): who lives there and what is there. */
export function AreaStats({ areaCode, compact = false, onTag }: Props) {
  const { t } = useTranslation();
  const stats = useQuery(registryQueries.stats(areaCode));
  const { value, locale } = useRecordFormat('houses');
  const areaNames = useAreaNames();
  const number = (n: number) => n.toLocaleString(locale);
  const className = compact ? 'cg-stats cg-stats-compact' : 'cg-stats';

  if (stats.isError) return <Alert type="error" showIcon title={stats.error.message} />;
  if (stats.isPending)
    return (
      <div className={compact ? 'cg-stats-compact' : undefined} data-testid="area-stats">
        <Skeleton active paragraph={{ rows: compact ? 6 : 4 }} />
      </div>
    );

  const { population, households, housesByUsage, orgsByKind } = stats.data;
  const houses = housesByUsage.reduce((sum, row) => sum + row.count, 0);
  const orgs = orgsByKind.reduce((sum, row) => sum + row.count, 0);
  const size = compact ? 'small' : 'default';

  const cards = (
    <div className={className} data-testid="area-stats" data-area={stats.data.areaCode}>
      <Section
        title={compact ? `${t('stats.population')} · ${number(population.total)}` : t('stats.population')}
        compact={compact}
        testId="stats-population"
      >
        {/* The map's panel shows the area's own figures just above. */}
        {!compact && (
          <div className="cg-stats-figures">
            <Statistic title={t('stats.total')} value={number(population.total)} />
            <Statistic title={t('stats.households')} value={number(households)} />
          </div>
        )}
        <Bars
          total={population.total}
          rows={[
            { key: 'registered', label: t('stats.registered'), count: population.registered },
            { key: 'nonRegistered', label: t('stats.nonRegistered'), count: population.nonRegistered },
          ]}
          size={size}
          number={number}
        />
      </Section>
      <Section title={t('stats.ageBands')} compact={compact} testId="stats-ages">
        <Bars
          total={population.total}
          rows={AGE_BANDS.map((band) => ({
            key: band,
            label: t(`stats.ageBand.${band}`),
            count: population.ageBands.find((row) => row.band === band)?.count ?? 0,
          }))}
          size={size}
          number={number}
        />
      </Section>
      <Section title={t('stats.tags')} compact={compact} testId="stats-tags">
        {population.tags.length === 0 ? (
          <span className="cg-stats-none">{t('stats.none')}</span>
        ) : (
          <div className="cg-stats-tags">
            {population.tags.map((tag) => (
              <Tag
                key={tag.code}
                color="orange"
                className={onTag ? 'cg-stats-tag-link' : undefined}
                onClick={onTag && (() => onTag(tag.code))}
                data-testid={`stats-tag-${tag.code}`}
              >
                {tag.name} <b>{number(tag.count)}</b>
              </Tag>
            ))}
          </div>
        )}
      </Section>
      <Section title={t('stats.housesByUsage')} compact={compact} testId="stats-houses">
        <Bars
          total={houses}
          rows={HOUSE_USAGES.map((usage) => ({
            key: usage,
            label: value('usage', usage),
            count: housesByUsage.find((row) => row.usage === usage)?.count ?? 0,
          }))}
          size={size}
          number={number}
        />
      </Section>
      <Section title={`${t('stats.orgsByKind')} · ${number(orgs)}`} compact={compact} testId="stats-orgs">
        {orgsByKind.length === 0 ? (
          <span className="cg-stats-none">{t('stats.none')}</span>
        ) : (
          <ul className="cg-stats-list">
            {[...orgsByKind]
              .sort((a, b) => b.count - a.count)
              .map((row) => (
                <li key={row.kind}>
                  <span>{value('kind', row.kind)}</span>
                  <b>{number(row.count)}</b>
                </li>
              ))}
          </ul>
        )}
      </Section>
    </div>
  );
  if (compact) return cards;
  return (
    <section>
      <h3 className="cg-stats-heading" data-testid="stats-heading">
        {t('stats.title', { name: areaNames.get(stats.data.areaCode) ?? stats.data.areaCode })}
      </h3>
      {cards}
    </section>
  );
}

function Section({
  title,
  compact,
  testId,
  children,
}: {
  title: string;
  compact: boolean;
  testId: string;
  children: ReactNode;
}) {
  if (compact)
    return (
      <section className="cg-stats-section" data-testid={testId}>
        <h4>{title}</h4>
        {children}
      </section>
    );
  return (
    <Card size="small" title={title} className="cg-stats-card" data-testid={testId}>
      {children}
    </Card>
  );
}

/** Shares of a whole as small bars, label and count beside (ECharts is not worth its weight here). */
function Bars({
  rows,
  total,
  size,
  number,
}: {
  rows: { key: string; label: string; count: number }[];
  total: number;
  size: 'small' | 'default';
  number(n: number): string;
}) {
  return (
    <ul className="cg-stats-bars">
      {rows.map((row) => (
        <li key={row.key}>
          <span className="cg-stats-bar-label">{row.label}</span>
          <Progress
            percent={total > 0 ? (row.count / total) * 100 : 0}
            showInfo={false}
            size={size}
            strokeColor="#1d4ed8"
          />
          <span className="cg-stats-bar-count">{number(row.count)}</span>
        </li>
      ))}
    </ul>
  );
}
