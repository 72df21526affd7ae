import { Alert } from 'antd';
import type { WriteFailure } from './write-errors';

/** What a refused write says beyond its field errors: problems no field owns, or the whole refusal. */
export function FailureAlerts({ failure, gap = 12 }: { failure: WriteFailure | null; gap?: number }) {
  if (failure?.kind === 'fields')
    return failure.others.map((text) => (
      <Alert key={text} type="error" showIcon title={text} style={{ marginBottom: gap }} />
    ));
  if (failure?.kind === 'other')
    return (
      <Alert
        type="error"
        showIcon
        title={failure.message}
        style={{ marginBottom: gap }}
        data-testid="form-error"
      />
    );
  return null;
}
