/** The wall's pure rules: no React, no requests, so they are cheap to test. */

/** Has a panel's data outlived its refresh interval (the wall greys it and says so)? */
export function isStale(computedAt: string | undefined, refreshSeconds: number, now: number): boolean {
  if (!computedAt) return false;
  return now - Date.parse(computedAt) > refreshSeconds * 1000;
}

/** The change against last week, as shown: +3 / −2 / ±0, and whether it is good news. */
export function changeOf(value: number, lastWeek: number | null, better: 'up' | 'down') {
  if (lastWeek === null) return null;
  const delta = value - lastWeek;
  const text = delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '±0';
  const good = delta === 0 ? null : delta > 0 === (better === 'up');
  return { delta, text, good };
}

// Five classes from pale to deep (the map page's sequential colours, on a dark wall).
const CLASSES = ['#1e3a5f', '#1d4ed8', '#7c3aed', '#db2777', '#f97316'];

/** The class boundaries of values: quantiles, so each colour covers about as many grids. */
export function classesOf(values: number[]): number[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

export function colourOf(value: number, bounds: number[]): string {
  if (value <= 0 || bounds.length === 0) return 'transparent';
  const i = bounds.findIndex((b) => value <= b);
  return CLASSES[i === -1 ? CLASSES.length - 1 : i]!;
}

/** The digits every code under an area begins with (district 6, street 9, community 12, grid 15). */
export function prefixOf(code: string): string {
  if (code.length === 15) return code;
  if (code.endsWith('000000')) return code.slice(0, 6);
  if (code.endsWith('000')) return code.slice(0, 9);
  return code;
}

/** Every panel the wall has, in the default order. */
export const PANEL_KINDS = ['figures', 'map', 'hotspots', 'rankings', 'resources', 'live'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

interface PanelLike {
  kind: PanelKind;
  indicator?: string;
  refreshSeconds?: number;
}

/** The refresh interval each panel has when a layout does not set one (seconds). */
export const DEFAULT_REFRESH: Record<PanelKind, number | undefined> = {
  figures: 60,
  map: 60,
  hotspots: 300,
  rankings: 600,
  resources: 3600,
  live: undefined,
};

/** A layout's panels as the editor lists them: the shown ones in their order, then the hidden ones. */
export function editablePanels(panels: readonly PanelLike[]): (PanelLike & { shown: boolean })[] {
  const shown = panels
    .filter((p, i) => PANEL_KINDS.includes(p.kind) && panels.findIndex((q) => q.kind === p.kind) === i)
    .map((p) => ({ ...p, refreshSeconds: p.refreshSeconds ?? DEFAULT_REFRESH[p.kind], shown: true }));
  const hidden = PANEL_KINDS.filter((k) => !shown.some((p) => p.kind === k)).map((kind) => ({
    kind,
    refreshSeconds: DEFAULT_REFRESH[kind],
    shown: false,
  }));
  return [...shown, ...hidden];
}

/** What a layout keeps: the shown panels in order, with their indicator and refresh interval. */
export function panelsToSave(rows: readonly (PanelLike & { shown: boolean })[]): PanelLike[] {
  return rows
    .filter((r) => r.shown)
    .map(({ kind, indicator, refreshSeconds }) => ({
      kind,
      ...(indicator && (kind === 'map' || kind === 'rankings') ? { indicator } : {}),
      ...(refreshSeconds && kind !== 'live' ? { refreshSeconds } : {}),
    }));
}
