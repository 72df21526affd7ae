import { PlusOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useAuth } from '../../app/auth';
import './registry.css';

export function RegistryPage({ children }: { children: ReactNode }) {
  return <div className="cg-registry">{children}</div>;
}

/** "New …": a dialog around a create form, only for users who may write. */
export function CreateButton({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children(close: () => void): ReactNode;
}) {
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  if (!can('registry.write')) return null;
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        footer={null}
        width={720}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {children(() => setOpen(false))}
      </Modal>
    </>
  );
}
