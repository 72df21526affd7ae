const addMonths = (day: string, months: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/**
 * Publication periods, after the national rules on correcting credit information (2023): an
 * administrative penalty for a general breach is published for 1 year and may be repaired after
 * 3 months; for a serious one 3 years, repairable after 1 year. The abnormal operation list and
 * commendations (红名单) are published 3 years; case outcomes 1 year, to government only.
 */
export function periodOf(kind: string, severity: string, decidedOn: string) {
  if (kind === 'penalty')
    return severity === 'major'
      ? { publishUntil: addMonths(decidedOn, 36), repairableFrom: addMonths(decidedOn, 12) }
      : { publishUntil: addMonths(decidedOn, 12), repairableFrom: addMonths(decidedOn, 3) };
  if (kind === 'case_outcome') return { publishUntil: addMonths(decidedOn, 12), repairableFrom: decidedOn };
  if (kind === 'abnormal_operation')
    return { publishUntil: addMonths(decidedOn, 36), repairableFrom: decidedOn };
  return { publishUntil: addMonths(decidedOn, 36), repairableFrom: null };
}
