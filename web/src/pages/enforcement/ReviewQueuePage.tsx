import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { enforcementQueries } from './enforcement.api';
import { MatterDrawer } from './MatterDrawer';
import { MattersTable } from './MattersTable';

/** 法制审核: the matters waiting for legal review, oldest limits first as the list gives them. */
export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useQuery(enforcementQueries.matters({ state: 'reviewing', page, pageSize: 20 }));
  return (
    <Card title={t('enforcement.review.title')}>
      <MattersTable
        items={list.data?.items ?? []}
        total={list.data?.total ?? 0}
        page={page}
        loading={list.isPending}
        onPage={setPage}
        onOpen={(matterId) => navigate(`/enforcement-review/${matterId}`)}
      />
      <MatterDrawer id={id ?? null} onClose={() => navigate('/enforcement-review')} />
    </Card>
  );
}
