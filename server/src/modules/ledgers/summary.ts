import type { Lang } from '../../platform/i18n.ts';

/**
 * The command line's closing sentence, in the clerk's language. A rate is printed only where it
 * means something: over a second and a thousand rows ("1 rows/s" for a tiny file says nothing).
 */

const n = (count: number, lang: Lang) => count.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');

/** "1 row", "2 rows"; Chinese counts rows with 条 and has no plural. */
export function rowCount(count: number, lang: Lang): string {
  return lang === 'zh' ? `${n(count, lang)} 条` : `${n(count, lang)} ${count === 1 ? 'row' : 'rows'}`;
}

export function rateText(rows: number, seconds: number, lang: Lang): string | null {
  if (rows < 1_000 || seconds < 1) return null;
  const rate = n(Math.round(rows / seconds), lang);
  return lang === 'zh' ? `每秒 ${rate} 条` : `${rate} rows/s`;
}

export interface DoneCounts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export function importedSummary(
  fileName: string,
  id: string,
  counts: DoneCounts,
  skipped: number,
  seconds: number,
  lang: Lang,
): string {
  const rows = counts.new + counts.updated + counts.unchanged + counts.rejected;
  const rate = rateText(rows, seconds, lang);
  const time = seconds.toFixed(1);
  if (lang === 'zh') {
    const skippedText = skipped > 0 ? `，跳过汇总/说明 ${n(skipped, lang)} 处` : '';
    return (
      `已导入 ${fileName}（${id}）：新增 ${rowCount(counts.new, lang)}，更新 ${rowCount(counts.updated, lang)}，` +
      `未变 ${rowCount(counts.unchanged, lang)}，拒绝 ${rowCount(counts.rejected, lang)}${skippedText}；` +
      `用时 ${time} 秒${rate ? `（${rate}）` : ''}。`
    );
  }
  const skippedText =
    skipped > 0 ? `, ${n(skipped, lang)} summary or notes ${skipped === 1 ? 'line' : 'lines'} skipped` : '';
  return (
    `Imported ${fileName} as ${id}: ${n(counts.new, lang)} new, ${n(counts.updated, lang)} updated, ` +
    `${n(counts.unchanged, lang)} unchanged, ${n(counts.rejected, lang)} rejected${skippedText} ` +
    `in ${time} s${rate ? ` (${rate})` : ''}.`
  );
}
