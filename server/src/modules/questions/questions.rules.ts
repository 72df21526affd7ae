import type { Db } from '../../db/database.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import { audit } from '../../platform/audit.ts';
import { type Auth, requirePermission } from '../../platform/auth/auth.service.ts';
import type { WorkingCalendar } from '../cases/index.ts';
import type { AnswererKind, QuestionSettings } from './questions.schemas.ts';

const KEY = 'questions.rules';

/**
 * The defaults: five working days for everyone (the district may shorten a department's), and a
 * short sensitive-word list the district replaces with its own.
 */
export const DEFAULT_QUESTION_SETTINGS: QuestionSettings = {
  sensitiveWords: ['法轮功', '炸药', '枪支', '赌博网站'],
  answerDays: { deputy: 5, department: 5, committee: 5 },
};

export async function questionSettings(db: Db): Promise<QuestionSettings> {
  const stored = await getSetting<Partial<QuestionSettings>>(db, KEY);
  return {
    sensitiveWords: stored?.sensitiveWords ?? DEFAULT_QUESTION_SETTINGS.sensitiveWords,
    answerDays: { ...DEFAULT_QUESTION_SETTINGS.answerDays, ...stored?.answerDays },
  };
}

export async function getSettings(db: Db, auth: Auth | null) {
  requirePermission(auth, 'questions.configure');
  return questionSettings(db);
}

export async function putSettings(db: Db, auth: Auth | null, value: QuestionSettings) {
  const caller = requirePermission(auth, 'questions.configure');
  const words = [...new Set(value.sensitiveWords.map((w) => w.trim()).filter((w) => w !== ''))];
  const settings = { sensitiveWords: words, answerDays: value.answerDays };
  await putSetting(db, KEY, settings, caller.userId);
  await audit(db, caller, {
    action: 'questions.settings',
    targetType: 'setting',
    targetId: KEY,
    detail: { words: words.length, answerDays: value.answerDays },
  });
  return settings;
}

/** Hours of one working day on this calendar. */
function dayHours(calendar: WorkingCalendar): number {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const { start, end, breakStart, breakEnd } = calendar.hours;
  const lunch = breakStart && breakEnd ? minutes(breakEnd) - minutes(breakStart) : 0;
  return (minutes(end) - minutes(start) - lunch) / 60;
}

/** When an answer is due, and when it turns yellow (one working day before; half a day for a one-day limit). */
export function deadlineOf(
  calendar: WorkingCalendar,
  settings: QuestionSettings,
  kind: AnswererKind,
  from: Date,
) {
  const day = dayHours(calendar);
  const days = settings.answerDays[kind] ?? DEFAULT_QUESTION_SETTINGS.answerDays.deputy;
  return {
    dueAt: calendar.addWorkingHours(from, days * day),
    yellowAt: calendar.addWorkingHours(from, days > 1 ? (days - 1) * day : day / 2),
  };
}
