import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert';
import { sizingApi, sizingQueries } from './sizing.api';
import { ruleProblem, type SizingRule } from './sizing.model';

/** The sizing rule's six numbers; saved with PUT /api/grid-sizing/rule. */
export function RuleForm({ rule, onDone }: { rule: SizingRule; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SizingRule>();
  const [problem, setProblem] = useState<'households' | 'people' | null>(null);
  const save = useMutation({
    mutationFn: sizingApi.putRule,
    onSuccess: async () => {
      void message.success(t('sizing.ruleSaved'));
      await queryClient.invalidateQueries({ queryKey: sizingQueries.report().queryKey });
      onDone();
    },
  });

  const submit = (values: SizingRule) => {
    const found = ruleProblem(values);
    setProblem(found);
    if (!found) save.mutate(values);
  };

  return (
    <Form<SizingRule>
      form={form}
      initialValues={rule}
      onFinish={submit}
      size="small"
      className="cg-sizing-rule-form"
      data-testid="sizing-rule-form"
    >
      <table>
        <thead>
          <tr>
            <th />
            <th>{t('sizing.min')}</th>
            <th>{t('sizing.target')}</th>
            <th>{t('sizing.max')}</th>
          </tr>
        </thead>
        <tbody>
          {(['households', 'people'] as const).map((key) => (
            <tr key={key}>
              <th>{t(key === 'households' ? 'sizing.ruleHouseholds' : 'sizing.rulePeople')}</th>
              {(['min', 'target', 'max'] as const).map((bound) => (
                <td key={bound}>
                  <Form.Item name={[key, bound]} rules={[{ required: true }]} noStyle>
                    <InputNumber
                      min={bound === 'min' ? 0 : 1}
                      precision={0}
                      style={{ width: 90 }}
                      aria-label={`${key} ${bound}`}
                    />
                  </Form.Item>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {problem && <Alert type="warning" showIcon title={t(`sizing.ruleProblem.${problem}`)} />}
      {save.error && <ProblemAlert error={save.error} />}
      <div className="cg-sizing-actions">
        <Button onClick={onDone}>{t('app.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="sizing-rule-save">
          {t('sizing.save')}
        </Button>
      </div>
    </Form>
  );
}
