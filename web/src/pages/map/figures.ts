import { type AreaProperties, GRID_HOUSEHOLDS_NORM } from '../../app/areas.model';

/** What the grids are coloured by. Pure code: no Leaflet, no React, so it is cheap to test. */
export const FIGURES = ['households', 'population', 'householdRule'] as const;
export type Figure = (typeof FIGURES)[number];

/** A legend line: a colour, a translation key with its values, and how many grids fall in it. */
export interface LegendClass {
  colour: string;
  label: { key: string; values?: Record<string, string | number> };
  count: number;
}

export interface ColourScale {
  figure: Figure;
  colourOf(properties: AreaProperties): string;
  classes: LegendClass[];
}

export const NO_DATA_COLOUR = '#d1d5db';
const SEQUENTIAL = ['#dbeafe', '#93c5fd', '#3b82f6', '#1d4ed8', '#1e3a8a'];

/** Deviation from the 300-household norm: within ±20% is fine, beyond ±50% needs a split or merge. */
const DEVIATION = [
  { upTo: -0.5, colour: '#60a5fa', key: 'map.deviation.under50' },
  { upTo: -0.2, colour: '#bfdbfe', key: 'map.deviation.under20' },
  { upTo: 0.2, colour: '#bbf7d0', key: 'map.deviation.within' },
  { upTo: 0.5, colour: '#fdba74', key: 'map.deviation.over20' },
  { upTo: Number.POSITIVE_INFINITY, colour: '#dc2626', key: 'map.deviation.over50' },
];

/** Relative deviation of a household count from the norm: 0.25 means 25% too many households. */
export function householdDeviation(households: number): number {
  return households / GRID_HOUSEHOLDS_NORM - 1;
}

function deviationClass(households: number): number {
  const deviation = householdDeviation(households);
  // Bands are closed at ±20% so that exactly 240 and 360 households still count as within the norm.
  return DEVIATION.findIndex((band, i) => (i === 2 ? deviation <= band.upTo : deviation < band.upTo));
}

/** Two significant digits, so legend breaks read as 250 or 1,200 rather than 247 or 1,187. */
export function roundNice(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

/** Quantile breaks (up to `classes - 1`), rounded and strictly increasing. */
export function quantileBreaks(values: number[], classes = SEQUENTIAL.length): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const value = roundNice(sorted[Math.floor((i * sorted.length) / classes)]);
    if (value > sorted[0] && value > (breaks.at(-1) ?? Number.NEGATIVE_INFINITY)) breaks.push(value);
  }
  return breaks;
}

export function buildScale(features: { properties: AreaProperties }[], figure: Figure): ColourScale {
  if (figure === 'householdRule') {
    const counts = DEVIATION.map(() => 0);
    let missing = 0;
    for (const { properties } of features) {
      if (properties.households == null) missing++;
      else counts[deviationClass(properties.households)]++;
    }
    return {
      figure,
      colourOf: ({ households }) =>
        households == null ? NO_DATA_COLOUR : DEVIATION[deviationClass(households)].colour,
      classes: [
        ...DEVIATION.map((band, i) => ({ colour: band.colour, label: { key: band.key }, count: counts[i] })),
        ...noDataClass(missing),
      ],
    };
  }

  const values: number[] = [];
  for (const { properties } of features) {
    const value = properties[figure];
    if (value != null) values.push(value);
  }
  const breaks = quantileBreaks(values);
  const palette = pickColours(breaks.length + 1);
  const classOf = (value: number) => {
    let i = 0;
    while (i < breaks.length && value >= breaks[i]) i++;
    return i;
  };
  const counts = palette.map(() => 0);
  for (const value of values) counts[classOf(value)]++;

  const classes = palette.map(
    (colour, i): LegendClass => ({
      colour,
      count: counts[i],
      label:
        breaks.length === 0
          ? singleClassLabel(values)
          : i === 0
            ? { key: 'map.legendBelow', values: { to: breaks[0] } }
            : i === breaks.length
              ? { key: 'map.legendAbove', values: { from: breaks[i - 1] } }
              : { key: 'map.legendRange', values: { from: breaks[i - 1], to: breaks[i] } },
    }),
  );
  return {
    figure,
    colourOf: (properties) => {
      const value = properties[figure];
      return value == null ? NO_DATA_COLOUR : palette[classOf(value)];
    },
    classes:
      values.length === 0
        ? noDataClass(features.length)
        : [...classes, ...noDataClass(features.length - values.length)],
  };
}

/** All values fall in one class: say which value, or which range, that is. */
function singleClassLabel(values: number[]): LegendClass['label'] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min === max
    ? { key: 'map.legendValue', values: { value: min } }
    : { key: 'map.legendRange', values: { from: min, to: max } };
}

function noDataClass(count: number): LegendClass[] {
  return count > 0 ? [{ colour: NO_DATA_COLOUR, label: { key: 'map.legendNoData' }, count }] : [];
}

/** `n` colours spread over the sequential palette, light to dark. */
function pickColours(n: number): string[] {
  if (n === 1) return [SEQUENTIAL[2]];
  return Array.from({ length: n }, (_, i) => SEQUENTIAL[Math.round((i * (SEQUENTIAL.length - 1)) / (n - 1))]);
}
