import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api';
import { areaQueries, TREE_STALE_MS } from '../../app/areas.api';
import type { TreeNode } from '../../app/areas.model';

const KINDS = ['wechat_group', 'wechat_account', 'weibo', 'other'] as const;
interface Link {
  kind: (typeof KINDS)[number];
  name: string;
  url: string;
  qrSvg?: string;
}

function communities(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => (n.level === 'community' ? [n] : communities(n.children)));
}

/**
 * Each community's WeChat/Weibo groups and official accounts, in the order residents see them;
 * the server makes their QR codes, shown here and on the printable poster sheet.
 */
export default function CommunityLinksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tree = useQuery({ ...areaQueries.tree(), staleTime: TREE_STALE_MS });
  const options = useMemo(() => communities(tree.data?.items ?? []), [tree.data]);
  const [community, setCommunity] = useState<string | null>(null);
  const code = community ?? options[0]?.code ?? null;
  const [form] = Form.useForm<{ links: Link[] }>();
  const links = useQuery({
    queryKey: ['community-links', code],
    enabled: code !== null,
    queryFn: ({ signal }) => api.get<Link[]>(`/api/public/communities/${code}/links`, signal),
  });
  const [saved, setSaved] = useState<Link[]>([]);
  useEffect(() => {
    if (!links.data) return;
    setSaved(links.data);
    form.setFieldsValue({ links: links.data.map(({ kind, name, url }) => ({ kind, name, url })) });
  }, [links.data, form]);
  const save = useMutation({
    mutationFn: (body: { links: Link[] }) => api.put<Link[]>(`/api/communities/${code}/links`, body),
    onSuccess: (result) => {
      setSaved(result);
      message.success(t('residents.links.saved'));
    },
    onError: (error: Error) => message.error(error.message),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="links-page">
      <Card title={t('residents.links.title')}>
        <Select
          data-testid="links-community"
          style={{ width: 320, marginBottom: 16 }}
          showSearch
          optionFilterProp="label"
          value={code}
          onChange={setCommunity}
          options={options.map((c) => ({ value: c.code, label: c.name }))}
        />
        <Form
          form={form}
          onFinish={(v) =>
            save.mutate({
              links: (v.links ?? []).map((l) => ({ kind: l.kind, name: l.name.trim(), url: l.url.trim() })),
            })
          }
        >
          <Form.List name="links">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 140 }}
                        options={KINDS.map((k) => ({ value: k, label: t(`residents.links.kinds.${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 60 }]}>
                      <Input placeholder={t('residents.links.name')} style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'url']}
                      rules={[
                        {
                          required: true,
                          pattern: /^https?:\/\/.{1,492}$/,
                          message: t('residents.links.badUrl'),
                        },
                      ]}
                    >
                      <Input placeholder="https://" style={{ width: 360 }} />
                    </Form.Item>
                    <MinusCircleOutlined
                      onClick={() => remove(field.name)}
                      aria-label={t('residents.links.remove')}
                    />
                  </Space>
                ))}
                <Form.Item>
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= 30}
                    onClick={() => add({ kind: 'wechat_group', name: '', url: '' })}
                  >
                    {t('residents.links.add')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              disabled={!code}
              data-testid="links-save"
            >
              {t('residents.links.save')}
            </Button>
            {code && (
              <Button href={`/api/public/communities/${code}/links/poster`} target="_blank">
                {t('residents.links.poster')}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
      {saved.length > 0 && (
        <Card title={t('residents.links.preview')}>
          <Space wrap size="large">
            {saved.map((l) => (
              <div key={l.url} style={{ width: 140, textAlign: 'center' }}>
                <img
                  alt={l.name}
                  width={120}
                  height={120}
                  src={`data:image/svg+xml;utf8,${encodeURIComponent(l.qrSvg ?? '')}`}
                />
                <Typography.Text>{l.name}</Typography.Text>
              </div>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
