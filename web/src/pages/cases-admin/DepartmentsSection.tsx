import { EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../app/case-catalog';
import { catalogAdminQueries, retireDepartment } from './catalog-admin.api';
import { DepartmentForm } from './DepartmentForm';

/** 部门与专业力量: the units cases are sent to; retired ones stay listed, greyed, for the record. */
export function DepartmentsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useQuery(catalogAdminQueries.departments());
  // `null`: closed; `'new'`: a new unit; otherwise the code of the unit being changed.
  const [editing, setEditing] = useState<string | null>(null);
  // The unit as the list has it now: after a 409 the list is read again, with the current version.
  const current =
    editing && editing !== 'new' ? departments.data?.items.find((d) => d.code === editing) : undefined;
  const retire = useMutation({
    mutationFn: (unit: Department) => retireDepartment(unit.code, unit.version),
    onSuccess: (unit) => {
      void message.success(t('caseAdmin.retired', { name: unit.name }));
      void queryClient.invalidateQueries({ queryKey: ['case-catalog', 'departments'] });
    },
    onError: (error) => {
      void message.error(error.message);
      void queryClient.invalidateQueries({ queryKey: ['case-catalog', 'departments'] });
    },
  });

  const columns: TableColumnsType<Department> = [
    {
      key: 'code',
      title: t('caseAdmin.departmentField.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="cg-mono">{code}</span>,
    },
    { key: 'nameZh', title: t('caseAdmin.field.nameZh'), dataIndex: 'nameZh' },
    { key: 'nameEn', title: t('caseAdmin.field.nameEn'), dataIndex: 'nameEn' },
    {
      key: 'kind',
      title: t('caseAdmin.departmentField.kind'),
      dataIndex: 'kind',
      render: (kind: Department['kind'], row) => (
        <Space size={4}>
          <Tag color={kind === 'force' ? 'orange' : 'blue'}>{t(`caseAdmin.unitKind.${kind}`)}</Tag>
          {row.retired && (
            <Tag data-testid={`department-retired-${row.code}`}>{t('caseAdmin.retiredTag')}</Tag>
          )}
        </Space>
      ),
    },
    { key: 'sort', title: t('caseAdmin.departmentField.sort'), dataIndex: 'sort', align: 'right' },
    {
      key: 'edit',
      render: (_, row) =>
        row.retired ? null : (
          <Space size={4}>
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing(row.code)}
              data-testid={`department-edit-${row.code}`}
            >
              {t('caseAdmin.edit')}
            </Button>
            <Popconfirm
              title={t('caseAdmin.retireConfirm', { name: row.name })}
              description={t('caseAdmin.retiredHint')}
              onConfirm={() => retire.mutate(row)}
            >
              <Button
                size="small"
                danger
                icon={<StopOutlined />}
                loading={retire.isPending && retire.variables?.code === row.code}
                data-testid={`department-retire-${row.code}`}
              >
                {t('caseAdmin.retire')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('caseAdmin.departments')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="department-create"
        >
          {t('caseAdmin.createDepartment')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.departmentsIntro')}</Typography.Paragraph>
      {departments.isError && (
        <Alert type="error" showIcon title={departments.error.message} style={{ marginBottom: 8 }} />
      )}
      <Table<Department>
        rowKey="code"
        size="small"
        loading={departments.isFetching}
        dataSource={departments.data?.items}
        rowClassName={(row) => (row.retired ? 'cg-retired' : '')}
        columns={columns}
        pagination={false}
        data-testid="departments-table"
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('caseAdmin.createDepartment')
            : t('caseAdmin.editDepartment', { code: editing })
        }
        footer={null}
        width={520}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing !== null && (
          <DepartmentForm
            unit={editing === 'new' ? undefined : current}
            code={editing === 'new' ? undefined : editing}
            all={departments.data?.items ?? []}
            reading={departments.isFetching}
            onSaved={() => setEditing(null)}
          />
        )}
      </Modal>
    </Card>
  );
}
