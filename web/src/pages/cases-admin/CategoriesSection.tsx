import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Modal, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogQueries } from '../../app/case-catalog';
import { CategoryForm } from './CategoryForm';
import { STEPS } from './catalog-admin.api';
import { type CategoryRow, useCategoryRows } from './category-rows';

/** 事件类别: the two-level category tree with each category's names, default department and time limits. */
export function CategoriesSection() {
  const { t } = useTranslation();
  const { rows, loading, error } = useCategoryRows();
  const departments = useQuery(catalogQueries.departments());
  const departmentName = new Map(departments.data?.items.map((d) => [d.code, d.name]));
  // Versions learned from saves and 409 answers since the list was read (the list carries each one).
  const [versions, setVersions] = useState<Record<string, number>>({});
  // `null`: closed; `'new'`: a new category; otherwise the category being changed.
  const [editing, setEditing] = useState<CategoryRow | 'new' | null>(null);

  const columns: TableColumnsType<CategoryRow> = [
    {
      key: 'code',
      title: t('caseAdmin.field.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="cg-mono">{code}</span>,
    },
    { key: 'name', title: t('caseAdmin.field.name'), dataIndex: 'name' },
    {
      key: 'department',
      title: t('caseAdmin.field.departmentCode'),
      dataIndex: 'departmentCode',
      render: (code: string | null) =>
        code === null ? (
          <Typography.Text type="secondary">{t('caseAdmin.noDepartment')}</Typography.Text>
        ) : (
          (departmentName.get(code) ?? code)
        ),
    },
    ...STEPS.map((step) => ({
      key: step,
      title: t('caseAdmin.field.hours', { step: t(`cases.step.${step}`) }),
      align: 'right' as const,
      render: (_: unknown, row: CategoryRow) => row.timeLimits[step] ?? '—',
    })),
    {
      key: 'edit',
      render: (_, row) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing(row)}
          data-testid={`category-edit-${row.code}`}
        >
          {t('caseAdmin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('caseAdmin.categories')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="category-create"
        >
          {t('caseAdmin.createCategory')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.categoriesIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 8 }} />}
      <Table<CategoryRow>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={rows?.tree}
        columns={columns}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        data-testid="categories-table"
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('caseAdmin.createCategory')
            : t('caseAdmin.editCategory', { code: editing?.code })
        }
        footer={null}
        width={600}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <CategoryForm
            category={editing === 'new' ? undefined : editing}
            all={rows?.flat ?? []}
            departments={departments.data?.items}
            version={editing === 'new' ? undefined : (versions[editing.code] ?? editing.version)}
            onVersion={(code, version) => setVersions((known) => ({ ...known, [code]: version }))}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </Card>
  );
}
