import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { RevealResponse } from '../../../../server/src/modules/registry/people.schemas.ts';
import { api } from '../../app/api';

export type Revealed = Static<typeof RevealResponse>;

/**
 * "Reveal": asks for the purpose, then answers one person's full ID and phone number. The
 * caller keeps them in state only, so they are masked again once the drawer closes.
 */
export function RevealButton({ personId, onRevealed }: { personId: string; onRevealed(r: Revealed): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();
  const reveal = useMutation({
    mutationFn: ({ purpose }: { purpose: string }) =>
      api.post<Revealed>(`/api/people/${personId}/reveal`, { purpose: purpose.trim() }),
    onSuccess: (revealed) => {
      onRevealed(revealed);
      setOpen(false);
    },
  });
  return (
    <>
      <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal">
        {t('person.reveal')}
      </Button>
      <Modal
        open={open}
        title={t('person.revealTitle')}
        okText={t('person.reveal')}
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        afterClose={() => {
          form.resetFields();
          reveal.reset();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => reveal.mutate(values)}>
          <Form.Item
            name="purpose"
            label={t('person.revealPurpose')}
            extra={t('person.revealPurposeHint')}
            rules={[
              {
                validator: (_, value?: string) =>
                  (value ?? '').replace(/\s/g, '').length >= 4
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('person.revealPurposeRequired'))),
              },
            ]}
          >
            <Input.TextArea rows={2} maxLength={200} autoFocus data-testid="reveal-purpose" />
          </Form.Item>
        </Form>
        {reveal.isError && <Alert type="error" showIcon title={reveal.error.message} />}
      </Modal>
    </>
  );
}
