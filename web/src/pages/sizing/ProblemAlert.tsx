import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';

/** A failed call as the server words it: its detail, then each of `errors[].message`. */
export function ProblemAlert({ error, hint }: { error: unknown; hint?: string }) {
  const { t } = useTranslation();
  const detail = isApiError(error) ? error.detail : error instanceof Error ? error.message : String(error);
  const errors = isApiError(error) ? (error.extra<{ message?: string }[]>('errors') ?? []) : [];
  const messages = errors.map((e) => e.message).filter((m): m is string => Boolean(m));
  return (
    <Alert
      type="error"
      showIcon
      data-testid="sizing-problem"
      title={`${t('sizing.failed')}: ${detail}`}
      description={
        messages.length > 0 || hint ? (
          <>
            {hint && <div>{hint}</div>}
            {messages.length > 0 && (
              <ul className="cg-sizing-problems">
                {messages.map((message, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat; their order is fixed
                  <li key={i}>{message}</li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
    />
  );
}
