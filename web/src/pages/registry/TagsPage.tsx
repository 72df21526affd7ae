import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import type { Role } from '../../app/auth';
import { invalidateRegistry, registryQueries, saveTag } from '../../app/registry.api';
import { ROLES, type TagSetting } from '../../app/registry.model';
import { readProblem, type WriteFailure } from '../../components/write-errors';
import { RegistryPage } from './RegistryPage';

/** The server's rule for a tag code (tags.routes.ts); checked here too so the hint comes before a round trip. */
const CODE_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;
const DEFAULT_SORT = 100;

/** 重点人群标签: the focus-group tags, their names in both languages and the roles that may see them. */
export default function TagsPage() {
  const { t } = useTranslation();
  const settings = useQuery(registryQueries.tagSettings());
  // `null`: closed; `'new'`: a new tag; otherwise the tag being changed.
  const [editing, setEditing] = useState<TagSetting | 'new' | null>(null);

  const columns: TableColumnsType<TagSetting> = [
    {
      key: 'code',
      title: t('tag.field.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="cg-mono">{code}</span>,
    },
    { key: 'nameZh', title: t('tag.field.nameZh'), dataIndex: 'nameZh' },
    { key: 'nameEn', title: t('tag.field.nameEn'), dataIndex: 'nameEn' },
    {
      key: 'visibleTo',
      title: t('tag.field.visibleTo'),
      dataIndex: 'visibleTo',
      render: (roles: TagSetting['visibleTo']) =>
        roles === null ? (
          <Typography.Text type="secondary">{t('tag.allRoles')}</Typography.Text>
        ) : (
          <Space size={[0, 4]} wrap>
            {roles.map((role) => (
              <Tag key={role} color="orange">
                {t(`role.${role}`)}
              </Tag>
            ))}
          </Space>
        ),
    },
    { key: 'sort', title: t('tag.field.sort'), dataIndex: 'sort', align: 'right' },
    {
      key: 'edit',
      render: (_, tag) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing(tag)}
          data-testid={`tag-edit-${tag.code}`}
        >
          {t('registry.edit')}
        </Button>
      ),
    },
  ];

  return (
    <RegistryPage>
      <div className="cg-record-list" data-testid="tags-list">
        <div className="cg-record-toolbar">
          <Typography.Text type="secondary">{t('tag.intro')}</Typography.Text>
          <Space className="cg-record-toolbar-end">
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="tag-create"
            >
              {t('tag.create')}
            </Button>
          </Space>
        </div>
        {settings.isError && (
          <Alert type="error" showIcon title={settings.error.message} style={{ marginBottom: 8 }} />
        )}
        <Table<TagSetting>
          rowKey="code"
          size="small"
          loading={settings.isFetching}
          dataSource={settings.data?.items}
          columns={columns}
          pagination={false}
        />
      </div>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('tag.create') : t('tag.editTitle', { code: editing?.code })}
        footer={null}
        width={560}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <TagForm
            tag={editing === 'new' ? undefined : editing}
            taken={settings.data?.items.map((tag) => tag.code) ?? []}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </RegistryPage>
  );
}

interface Values {
  code: string;
  nameZh: string;
  nameEn: string;
  /** A tag seen by every staff role, or only by the roles chosen. */
  scope: 'all' | 'roles';
  roles: Role[];
  sort: number | null;
}

const FIELDS: (keyof Values)[] = ['code', 'nameZh', 'nameEn', 'roles', 'sort'];

/** `taken`: the codes in use; the server's PUT would change such a tag rather than add one. */
function TagForm({ tag, taken, onSaved }: { tag?: TagSetting; taken: string[]; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<WriteFailure | null>(null);
  const required = { required: true, whitespace: true, message: t('registry.required') };

  const save = useMutation({
    mutationFn: saveTag,
    onSuccess: () => {
      void message.success(t(tag ? 'registry.saved' : 'registry.created'));
      // Tag names appear in every people list and form, in both languages.
      void invalidateRegistry(queryClient);
      onSaved();
    },
    onError: (error) => {
      const next =
        error instanceof ApiError
          ? readProblem(error.problem, FIELDS, { visibleTo: 'roles' })
          : { kind: 'other' as const, message: error.message };
      if (next.kind === 'fields') form.setFields(next.fields as Parameters<typeof form.setFields>[0]);
      setFailure(next);
    },
  });

  const submit = ({ code, nameZh, nameEn, scope, roles, sort }: Values) =>
    save.mutate({
      code: code.trim(),
      nameZh: nameZh.trim(),
      nameEn: nameEn.trim(),
      visibleTo: scope === 'all' ? null : roles,
      sort: sort ?? DEFAULT_SORT,
    });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      data-testid="tag-form"
      initialValues={{
        code: tag?.code ?? '',
        nameZh: tag?.nameZh ?? '',
        nameEn: tag?.nameEn ?? '',
        scope: tag?.visibleTo ? 'roles' : 'all',
        roles: tag?.visibleTo ?? [],
        sort: tag?.sort ?? DEFAULT_SORT,
      }}
      onFinish={submit}
      onValuesChange={() => failure?.kind === 'fields' && setFailure(null)}
    >
      <Form.Item
        name="code"
        label={t('tag.field.code')}
        extra={tag ? undefined : t('tag.codeHint')}
        rules={[
          required,
          { pattern: CODE_PATTERN, message: t('tag.codeInvalid') },
          {
            validator: (_, code: string) =>
              !tag && taken.includes(code.trim())
                ? Promise.reject(new Error(t('tag.codeTaken')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input className="cg-mono" disabled={tag !== undefined} data-testid="tag-code" />
      </Form.Item>
      <Form.Item name="nameZh" label={t('tag.field.nameZh')} rules={[required, { max: 40 }]}>
        <Input data-testid="tag-nameZh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('tag.field.nameEn')} rules={[required, { max: 80 }]}>
        <Input data-testid="tag-nameEn" />
      </Form.Item>
      <Form.Item name="scope" label={t('tag.field.visibleTo')}>
        <Radio.Group
          data-testid="tag-scope"
          options={[
            { value: 'all', label: t('tag.allRoles') },
            { value: 'roles', label: t('tag.chosenRoles') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['scope']}>
        {({ getFieldValue }) =>
          getFieldValue('scope') === 'roles' && (
            <Form.Item
              name="roles"
              extra={t('tag.rolesHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('tag.rolesRequired') }]}
            >
              <Select
                mode="multiple"
                data-testid="tag-roles"
                placeholder={t('tag.rolesPlaceholder')}
                options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
              />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item name="sort" label={t('tag.field.sort')} extra={t('tag.sortHint')}>
        <InputNumber min={0} max={10_000} precision={0} data-testid="tag-sort" />
      </Form.Item>
      {failure?.kind === 'fields' &&
        failure.others.map((text) => <Alert key={text} type="error" showIcon title={text} />)}
      {failure?.kind === 'other' && (
        <Alert type="error" showIcon title={failure.message} data-testid="form-error" />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">
        {tag ? t('registry.save') : t('tag.create')}
      </Button>
    </Form>
  );
}
