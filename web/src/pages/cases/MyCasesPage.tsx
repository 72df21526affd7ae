import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { CaseDrawer } from './CaseDrawer';
import { CaseTable, usePaging } from './CaseTable';
import { caseQueries } from './cases.api';
import './cases.css';

/** A resident's own reports and how far each has got. */
export default function MyCasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const route = useRecordRoute('/my-cases');
  const state = useListState();
  const paging = usePaging(state);
  const { page, pageSize } = paging;
  const list = useQuery(caseQueries.list({ mine: true, page, pageSize, sort: '-reportedAt' }));
  return (
    <div className="cg-cases" data-testid="my-cases">
      <div className="cg-cases-toolbar">
        <Typography.Text type="secondary">{t('cases.mine.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/report')}>
          {t('cases.list.report')}
        </Button>
      </div>
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      <CaseTable
        compact
        data={list.data}
        loading={list.isFetching}
        {...paging}
        onOpen={(kase) => route.open(kase.id)}
        selectedId={route.id}
        emptyText={t('cases.mine.empty')}
      />
      <CaseDrawer id={route.id} onClose={route.close} />
    </div>
  );
}
