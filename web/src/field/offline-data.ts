import { useSyncExternalStore } from 'react';
import { cachedGet, type User } from './api';

/**
 * What the app needs to work with no signal, fetched as soon as it starts online (and again when
 * the signal returns, when the app comes back to the screen, and every few minutes) — never only
 * when a screen first opens: a worker who logs in at the office and walks into a basement must
 * find categories, tasks and the grid there. Each answer is kept by `cachedGet` under its path,
 * where the screens read it back when they are offline.
 */

/** Today's tasks of the signed-in worker (the path the tasks screen reads too). */
export function todayTasksPath(): string {
  const today = new Date().toISOString().slice(0, 10);
  return `/api/visit-tasks?mine=true&due=${today}&pageSize=100`;
}

export const CATEGORIES_PATH = '/api/case-categories';
export const VERIFY_PATH = '/api/cases/inbox?pageSize=50';
/** The grids the worker may report in, with their boundaries (a grid worker: one). */
export const gridsPath = (user: User) =>
  `/api/areas.geojson?level=grid&within=${encodeURIComponent(user.areaCode)}`;

const REFRESHED_KEY = 'cg.field.refreshedAt';
/** Between two refreshes while the app stays open and online: tasks and categories change slowly. */
const REFRESH_EVERY_MS = 10 * 60_000;

let refreshedAt: number | null = Number(localStorage.getItem(REFRESHED_KEY)) || null;
const listeners = new Set<() => void>();

/** When everything the app keeps offline was last fetched whole (epoch ms), null when never. */
export function useRefreshedAt(): number | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => refreshedAt,
  );
}

let running: Promise<boolean> | null = null;

/** Fetches and keeps everything; true when every request was answered (only then is the time kept). */
export function refreshOfflineData(user: User): Promise<boolean> {
  running ??= (async () => {
    const answers = await Promise.all(
      [CATEGORIES_PATH, todayTasksPath(), VERIFY_PATH, gridsPath(user)].map((path) => cachedGet(path)),
    );
    // A refusal (say, a role without tasks) is an answer too; only a missing answer is not.
    const complete = answers.every((a) => !a.stale || a.problem);
    if (complete) {
      refreshedAt = Date.now();
      localStorage.setItem(REFRESHED_KEY, String(refreshedAt));
      for (const listener of listeners) listener();
    }
    return complete;
  })().finally(() => {
    running = null;
  });
  return running;
}

let timer: ReturnType<typeof setInterval> | null = null;
let current: User | null = null;

function refreshIfOnline(): void {
  if (current && navigator.onLine) void refreshOfflineData(current);
}

/** Keeps the offline data fresh for this user from now on (called once the user is known). */
export function keepOfflineDataFresh(user: User): void {
  if (!timer) {
    window.addEventListener('online', refreshIfOnline);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') refreshIfOnline();
    });
  } else clearInterval(timer);
  current = user;
  timer = setInterval(refreshIfOnline, REFRESH_EVERY_MS);
  refreshIfOnline();
}

/** A grid the worker can choose when a report's place was refused. */
export interface GridChoice {
  code: string;
  name: string;
}

/** The kept grids (from the last refresh), for choosing one offline. */
export function keptGrids(user: User): GridChoice[] {
  const saved = localStorage.getItem(`cg.field.cache:${gridsPath(user)}`);
  if (!saved) return [];
  const collection = JSON.parse(saved) as { features?: { properties: GridChoice }[] };
  return (collection.features ?? []).map((f) => ({ code: f.properties.code, name: f.properties.name }));
}
