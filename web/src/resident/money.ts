/** Fen as yuan with two decimals and thousands separators (amounts are integer fen). */
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100).toLocaleString()}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** A statement line a question is about: what the ask form and the question show of it. */
export interface LineRef {
  estateId: string;
  statementId: string;
  lineId: string;
  period: string;
  categoryLabel: string;
  direction: 'income' | 'expense';
  amount: number;
}

export const lineText = (l: Omit<LineRef, 'estateId' | 'statementId' | 'lineId'>) =>
  `${l.period} · ${l.categoryLabel} · ${l.direction === 'income' ? '+' : '−'}${yuan(l.amount)}`;
