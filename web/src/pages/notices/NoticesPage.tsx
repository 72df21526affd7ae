import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type {
  NoticeBody,
  NoticeSchema,
  UnreadHouseholdSchema,
} from '../../../../server/src/modules/notices/notices.schemas.ts';
import { api } from '../../app/api';
import { AreaPicker } from '../../components/AreaPicker';

type Notice = Static<typeof NoticeSchema>;
type Unread = Static<typeof UnreadHouseholdSchema>;
type Body = Static<typeof NoticeBody>;

/**
 * Community and street staff publish notices to areas inside theirs, down to a grid, and see for
 * an important one the households nobody has read it in (focus groups first, to tell in person).
 */
export default function NoticesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{
    title: string;
    body: string;
    area: string;
    pinned?: boolean;
    important?: boolean;
    isPublic?: boolean;
  }>();
  const [unreadOf, setUnreadOf] = useState<Notice | null>(null);
  const list = useQuery({
    queryKey: ['notices'],
    queryFn: ({ signal }) => api.get<Notice[]>('/api/notices', signal),
  });
  const publish = useMutation({
    mutationFn: (body: Body) => api.post<Notice>('/api/notices', body),
    onSuccess: () => {
      message.success(t('notices.published'));
      form.resetFields();
      client.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (error: Error) => message.error(error.message),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="notices-page">
      <Card title={t('notices.publish')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            publish.mutate({
              title: v.title,
              body: v.body,
              areaCodes: [v.area],
              pinned: Boolean(v.pinned),
              important: Boolean(v.important),
              isPublic: Boolean(v.isPublic),
            })
          }
        >
          <Form.Item
            name="title"
            label={t('notices.noticeTitle')}
            rules={[{ required: true, min: 2, max: 100 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('notices.body')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="area" label={t('notices.area')} rules={[{ required: true }]}>
            <AreaPicker data-testid="notice-area" />
          </Form.Item>
          <Space size="large">
            <Form.Item name="pinned" label={t('notices.pinned')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="important" label={t('notices.important')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="isPublic" label={t('notices.isPublic')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Button type="primary" htmlType="submit" loading={publish.isPending} data-testid="notice-publish">
            {t('notices.publish')}
          </Button>
        </Form>
      </Card>
      <Card title={t('notices.title')}>
        <Table<Notice>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: t('notices.noticeTitle'),
              render: (_, n) => (
                <Space size={4}>
                  {n.pinned && <Tag color="blue">{t('notices.pinned')}</Tag>}
                  {n.important && <Tag color="red">{t('notices.important')}</Tag>}
                  {n.title}
                </Space>
              ),
            },
            { title: t('notices.area'), render: (_, n) => n.areaCodes.join(', '), width: 200 },
            { title: t('notices.author'), dataIndex: 'authorName', width: 120 },
            {
              title: t('notices.publishedAt'),
              width: 180,
              render: (_, n) => new Date(n.publishedAt).toLocaleString(i18n.language),
            },
            { title: t('notices.readHouseholds'), dataIndex: 'readHouseholds', width: 110 },
            {
              title: t('notices.unread'),
              width: 120,
              render: (_, n) =>
                n.important ? (
                  <Button size="small" data-testid="notice-unread" onClick={() => setUnreadOf(n)}>
                    {t('notices.unread')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {unreadOf && <UnreadDrawer notice={unreadOf} onClose={() => setUnreadOf(null)} />}
    </Space>
  );
}

function UnreadDrawer({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: ['notices', notice.id, 'unread'],
    queryFn: ({ signal }) => api.get<Unread[]>(`/api/notices/${notice.id}/unread`, signal),
  });
  return (
    <Drawer open width={720} title={`${t('notices.unreadTitle')} · ${notice.title}`} onClose={onClose}>
      <Table<Unread>
        rowKey="householdId"
        size="small"
        loading={unread.isLoading}
        dataSource={unread.data ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('notices.grid'), dataIndex: 'gridCode', width: 150 },
          { title: t('notices.address'), dataIndex: 'address' },
          { title: t('notices.head'), dataIndex: 'headName', width: 100 },
          {
            title: t('notices.focusGroups'),
            width: 160,
            render: (_, h) =>
              h.focusGroups.map((g) => (
                <Tag key={g} color="orange">
                  {g}
                </Tag>
              )),
          },
        ]}
      />
    </Drawer>
  );
}
