import { Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { AreaPicker } from '../../components/AreaPicker';
import { useListState } from '../../components/list-state';
import { ArrearsTab, ComplianceTab } from './ComplianceTab';
import { FiguresTab } from './FiguresTab';
import { MeetingsTab } from './MeetingsTab';
import { MembersTab } from './MembersTab';
import { OrgsTab } from './OrgsTab';

const TABS = ['orgs', 'members', 'meetings', 'compliance', 'arrears', 'figures'] as const;

/** 基层党建: organization tree, members, organizational life, compliance, dues arrears and figures. */
export default function PartyPage() {
  const { t } = useTranslation();
  const state = useListState();
  const tab = (TABS as readonly string[]).includes(state.get('tab') ?? '') ? state.get('tab')! : 'orgs';
  const areaCode = state.get('areaCode');
  const body = (key: string) => {
    switch (key) {
      case 'orgs':
        return <OrgsTab areaCode={areaCode} />;
      case 'members':
        return <MembersTab areaCode={areaCode} />;
      case 'meetings':
        return <MeetingsTab areaCode={areaCode} />;
      case 'compliance':
        return <ComplianceTab areaCode={areaCode} />;
      case 'arrears':
        return <ArrearsTab areaCode={areaCode} />;
      default:
        return <FiguresTab areaCode={areaCode} />;
    }
  };
  return (
    <Space orientation="vertical" style={{ display: 'flex' }} data-testid="party-page">
      <AreaPicker
        value={areaCode ?? null}
        onChange={(code) => state.set({ areaCode: code ?? undefined, tab })}
        placeholder={t('party.field.areaCode')}
        style={{ width: 320 }}
        data-testid="party-area"
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => state.set({ tab: key, areaCode })}
        destroyOnHidden
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`party-tab-${key}`}>{t(`party.tab.${key}`)}</span>,
          children: body(key),
        }))}
      />
    </Space>
  );
}
