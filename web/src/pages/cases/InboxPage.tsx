import { useQuery } from '@tanstack/react-query';
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useListState } from '../../components/list-state';
import { useRecordRoute } from '../../components/record-route';
import { CaseDrawer } from './CaseDrawer';
import { CaseTable, usePaging } from './CaseTable';
import { caseQueries } from './cases.api';
import { useCaseEvents } from './useCaseEvents';
import './cases.css';

/** 待办: what waits for the caller, soonest deadline first, refreshed live. */
export default function InboxPage() {
  const { t } = useTranslation();
  const route = useRecordRoute('/inbox');
  const state = useListState();
  const paging = usePaging(state);
  const { page, pageSize } = paging;
  const inbox = useQuery(caseQueries.inbox(page, pageSize));
  useCaseEvents(true);
  return (
    <div className="cg-cases" data-testid="case-inbox">
      <Typography.Paragraph type="secondary" className="cg-cases-hint">
        {t('cases.inbox.hint')}
      </Typography.Paragraph>
      {inbox.isError && <Alert type="error" showIcon title={inbox.error.message} />}
      <CaseTable
        data-testid="inbox-table"
        data={inbox.data}
        loading={inbox.isFetching}
        {...paging}
        onOpen={(kase) => route.open(kase.id)}
        selectedId={route.id}
        emptyText={t('cases.inbox.empty')}
      />
      <CaseDrawer id={route.id} onClose={route.close} />
    </div>
  );
}
