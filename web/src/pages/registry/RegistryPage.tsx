import { PlusOutlined } from '@ant-design/icons';
import { Button, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import './registry.css';

export function RegistryPage({ children }: { children: ReactNode }) {
  return <div className="cg-registry">{children}</div>;
}

/** The record open in a page's drawer is in the path (`/people/:id`); the list's filters stay as they are. */
export function useRecordRoute(base: string) {
  const { id } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  return {
    id: id ?? null,
    open: (next: string) => navigate({ pathname: `${base}/${next}`, search }),
    close: () => navigate({ pathname: base, search }),
  };
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
