import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ConflictsReview } from './ConflictsReview';
import { ImportHistory } from './ImportHistory';
import { ImportWizard } from './ImportWizard';
import { LedgerTypes } from './LedgerTypes';

const SECTIONS = ['history', 'import', 'conflicts', 'types'] as const;
type Section = (typeof SECTIONS)[number];
/** `/ledgers` is the history; the other sections have their own path, so a link or reload keeps them. */
const PATHS: Record<Section, string> = {
  history: '/ledgers',
  import: '/ledgers/import',
  conflicts: '/ledgers/conflicts',
  types: '/ledgers/types',
};

/** 数据中心: import department ledgers, their history, conflicts between them, ledger types. */
export default function LedgersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // The module answers `/ledgers/:id?`: the segment names the section.
  const { id } = useParams();
  const section = SECTIONS.find((s) => s === id) ?? 'history';
  const content: Record<Section, ReactNode> = {
    history: <ImportHistory />,
    import: <ImportWizard />,
    conflicts: <ConflictsReview />,
    types: <LedgerTypes />,
  };
  return (
    <div className="cg-page">
      <Tabs
        activeKey={section}
        onChange={(key) => navigate(PATHS[key as Section])}
        data-testid="ledgers-tabs"
        destroyOnHidden
        items={SECTIONS.map((s) => ({
          key: s,
          label: <span data-testid={`ledgers-tab-${s}`}>{t(`ledgers.tab.${s}`)}</span>,
          children: content[s],
        }))}
      />
    </div>
  );
}
