import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CameraOutlined,
  CloudDownloadOutlined,
  ClusterOutlined,
  CommentOutlined,
  ContactsOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  EyeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  LikeOutlined,
  NotificationOutlined,
  PartitionOutlined,
  QrcodeOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  ToolOutlined,
  UsergroupAddOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { type ComponentType, lazy, type ReactNode } from 'react';
import { InboxBadge } from '../pages/cases/InboxBadge';
import { areaQueries } from './areas.api';
import type { Permission, Role, User } from './auth';
import { queryClient } from './query';

/** The console's modules: one entry gives both the route and the menu item. Only built modules are listed. */
export interface ConsoleModule {
  key:
    | 'map'
    | 'areas'
    | 'sizing'
    | 'baseMap'
    | 'people'
    | 'households'
    | 'places'
    | 'things'
    | 'orgs'
    | 'tags'
    | 'caseInbox'
    | 'cases'
    | 'myCases'
    | 'caseReport'
    | 'caseFigures'
    | 'command'
    | 'resources'
    | 'supervision'
    | 'alarmWall'
    | 'cameras'
    | 'caseCatalog'
    | 'ledgers'
    | 'teamMembers'
    | 'gridContacts'
    | 'teamRewards'
    | 'visitPlans'
    | 'coverage'
    | 'users'
    | 'audit'
    | 'enforcement'
    | 'enforcementReview'
    | 'disputes'
    | 'disputeScreening'
    | 'disputeKinds'
    | 'party'
    | 'opendata'
    | 'credit'
    | 'questionInbox'
    | 'committeeQuestions'
    | 'questionModeration'
    | 'notices'
    | 'questionSatisfaction'
    | 'partners'
    | 'myServices'
    | 'pairings'
    | 'residentApplications'
    | 'communityLinks'
    | 'governance'
    | 'disclosure';
  path: string;
  /** Also answers `path/:id` (the page opens that record). */
  withRecord?: boolean;
  /** A list needs every permission in it. */
  permission: Permission | readonly Permission[];
  /** Only for these roles: where the permissions alone do not tell (a resident's own reports). */
  roles?: readonly Role[];
  /** Shown after the menu label (a live count). */
  Badge?: ComponentType;
  icon: ReactNode;
  Page: ComponentType;
}

/** May this user open the module: every permission, and one of its roles when it lists some. */
export function canOpen(
  module: ConsoleModule,
  user: User | null,
  can: (p: ConsoleModule['permission']) => boolean,
) {
  return can(module.permission) && (!module.roles || (user !== null && module.roles.includes(user.role)));
}

export const MODULES: ConsoleModule[] = [
  {
    key: 'map',
    path: '/map',
    permission: 'areas.read',
    icon: <EnvironmentOutlined />,
    // The grids (megabytes for a city) download while the page's code does, not after it.
    Page: lazy(() => {
      void queryClient.prefetchQuery(areaQueries.geojson('grid'));
      return import('../pages/map/MapPage');
    }),
  },
  {
    key: 'areas',
    path: '/areas',
    permission: 'areas.write',
    icon: <ApartmentOutlined />,
    Page: lazy(() => import('../pages/areas/AreasPage')),
  },
  {
    key: 'baseMap',
    path: '/settings/base-map',
    permission: 'map.configure',
    icon: <GlobalOutlined />,
    Page: lazy(() => import('../pages/areas/BaseMapSettingsPage')),
  },
  {
    key: 'sizing',
    path: '/grid-sizing',
    permission: 'areas.read',
    icon: <PartitionOutlined />,
    Page: lazy(() => {
      void queryClient.prefetchQuery(areaQueries.geojson('grid'));
      return import('../pages/sizing/GridSizingPage');
    }),
  },
  {
    key: 'people',
    path: '/people',
    withRecord: true,
    permission: 'registry.read',
    icon: <TeamOutlined />,
    Page: lazy(() => import('../pages/registry/PeoplePage')),
  },
  {
    key: 'households',
    path: '/households',
    withRecord: true,
    permission: 'registry.read',
    icon: <HomeOutlined />,
    Page: lazy(() => import('../pages/registry/HouseholdsPage')),
  },
  {
    key: 'places',
    path: '/places',
    permission: 'registry.lookup',
    icon: <BankOutlined />,
    Page: lazy(() => import('../pages/registry/PlacesPage')),
  },
  {
    key: 'things',
    path: '/things',
    withRecord: true,
    permission: 'registry.lookup',
    icon: <ToolOutlined />,
    Page: lazy(() => import('../pages/registry/ThingsPage')),
  },
  {
    key: 'orgs',
    path: '/orgs',
    withRecord: true,
    permission: 'registry.lookup',
    icon: <ShopOutlined />,
    Page: lazy(() => import('../pages/registry/OrgsPage')),
  },
  {
    key: 'tags',
    path: '/tags',
    // Tags decide who sees what about people: kept by those who may change both areas and the registry.
    permission: ['areas.write', 'registry.write'],
    icon: <TagsOutlined />,
    Page: lazy(() => import('../pages/registry/TagsPage')),
  },
  {
    key: 'caseInbox',
    path: '/inbox',
    withRecord: true,
    permission: 'cases.read',
    roles: ['grid_worker', 'command_operator', 'dept_handler', 'district_admin'],
    Badge: InboxBadge,
    icon: <InboxOutlined />,
    Page: lazy(() => import('../pages/cases/InboxPage')),
  },
  {
    key: 'cases',
    path: '/cases',
    withRecord: true,
    permission: 'cases.read',
    icon: <FileSearchOutlined />,
    Page: lazy(() => import('../pages/cases/CaseListPage')),
  },
  {
    key: 'myCases',
    path: '/my-cases',
    withRecord: true,
    permission: 'areas.read',
    roles: ['resident'],
    icon: <SolutionOutlined />,
    Page: lazy(() => import('../pages/cases/MyCasesPage')),
  },
  {
    key: 'caseReport',
    path: '/report',
    permission: 'areas.read',
    roles: ['grid_worker', 'command_operator', 'dept_handler', 'district_admin', 'resident'],
    icon: <AlertOutlined />,
    Page: lazy(() => import('../pages/cases/ReportPage')),
  },
  {
    key: 'caseFigures',
    path: '/case-figures',
    permission: 'cases.read',
    roles: ['area_leader', 'command_operator', 'district_admin'],
    icon: <BarChartOutlined />,
    Page: lazy(() => import('../pages/cases-figures/FiguresPage')),
  },
  {
    key: 'command',
    path: '/command',
    permission: 'command.read',
    icon: <DashboardOutlined />,
    Page: lazy(() => import('../pages/command/CommandPage')),
  },
  {
    key: 'resources',
    path: '/resources',
    permission: 'command.read',
    icon: <BankOutlined />,
    Page: lazy(() => import('../pages/command/ResourcesPage')),
  },
  {
    key: 'supervision',
    path: '/supervision',
    permission: 'cases.read',
    roles: ['area_leader', 'command_operator', 'district_admin'],
    icon: <EyeOutlined />,
    Page: lazy(() => import('../pages/cases-figures/SupervisionPage')),
  },
  {
    key: 'alarmWall',
    path: '/cameras/wall',
    permission: 'cameras.read',
    icon: <VideoCameraOutlined />,
    Page: lazy(() => import('../pages/cameras/AlarmWallPage')),
  },
  {
    key: 'cameras',
    path: '/cameras',
    withRecord: true,
    permission: 'cameras.read',
    icon: <CameraOutlined />,
    Page: lazy(() => import('../pages/cameras/CamerasPage')),
  },
  {
    key: 'caseCatalog',
    path: '/case-catalog',
    permission: 'cases.configure',
    icon: <ClusterOutlined />,
    Page: lazy(() => import('../pages/cases-admin/CaseCatalogPage')),
  },
  {
    key: 'teamMembers',
    path: '/team-members',
    withRecord: true,
    permission: 'teams.read',
    icon: <UsergroupAddOutlined />,
    Page: lazy(() => import('../pages/teams/TeamMembersPage')),
  },
  {
    key: 'gridContacts',
    path: '/grid-contacts',
    permission: 'teams.read',
    icon: <ContactsOutlined />,
    Page: lazy(() => import('../pages/teams/GridContactsPage')),
  },
  {
    key: 'teamRewards',
    path: '/team-rewards',
    permission: 'teams.read',
    icon: <SafetyCertificateOutlined />,
    Page: lazy(() => import('../pages/teams/RewardsPage')),
  },
  {
    key: 'visitPlans',
    path: '/visit-plans',
    permission: 'visits.read',
    icon: <ScheduleOutlined />,
    Page: lazy(() => import('../pages/teams/VisitPlansPage')),
  },
  {
    key: 'coverage',
    path: '/visit-coverage',
    permission: 'visits.read',
    icon: <DashboardOutlined />,
    Page: lazy(() => import('../pages/teams/CoveragePage')),
  },
  {
    key: 'ledgers',
    path: '/ledgers',
    // The segment names a section (`/ledgers/import`, `/conflicts`, `/types`), not a record.
    withRecord: true,
    permission: 'ledgers.import',
    icon: <DatabaseOutlined />,
    Page: lazy(() => import('../pages/ledgers/LedgersPage')),
  },
  {
    key: 'users',
    path: '/users',
    permission: 'accounts.manage',
    icon: <IdcardOutlined />,
    Page: lazy(() => import('../pages/users/UsersPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    permission: 'audit.read',
    icon: <AuditOutlined />,
    Page: lazy(() => import('../pages/audit/AuditPage')),
  },
  {
    key: 'enforcement',
    path: '/enforcement',
    withRecord: true,
    permission: 'enforcement.read',
    icon: <SafetyCertificateOutlined />,
    Page: lazy(() => import('../pages/enforcement/MattersPage')),
  },
  {
    key: 'enforcementReview',
    path: '/enforcement-review',
    withRecord: true,
    permission: 'enforcement.review',
    icon: <FileSearchOutlined />,
    Page: lazy(() => import('../pages/enforcement/ReviewQueuePage')),
  },
  {
    key: 'disputes',
    path: '/disputes',
    withRecord: true,
    permission: 'disputes.read',
    icon: <CommentOutlined />,
    Page: lazy(() => import('../pages/disputes/DisputesPage')),
  },
  {
    key: 'disputeScreening',
    path: '/dispute-screening',
    permission: 'disputes.read',
    icon: <FileDoneOutlined />,
    Page: lazy(() => import('../pages/disputes/ScreeningPage')),
  },
  {
    key: 'disputeKinds',
    path: '/dispute-kinds',
    permission: 'disputes.configure',
    icon: <TagsOutlined />,
    Page: lazy(() => import('../pages/disputes/KindsPage')),
  },
  {
    key: 'party',
    path: '/party',
    permission: 'party.read',
    icon: <FlagOutlined />,
    Page: lazy(() => import('../pages/party/PartyPage')),
  },
  {
    key: 'opendata',
    path: '/opendata',
    permission: 'opendata.manage',
    icon: <CloudDownloadOutlined />,
    Page: lazy(() => import('../pages/opendata/OpenDataAdminPage')),
  },
  {
    key: 'credit',
    path: '/credit',
    permission: 'credit.manage',
    icon: <SafetyOutlined />,
    Page: lazy(() => import('../pages/credit/CreditPage')),
  },
  {
    key: 'questionInbox',
    path: '/question-inbox',
    permission: 'questions.answer',
    icon: <CommentOutlined />,
    Page: lazy(() => import('../pages/questions/QuestionsPage')),
  },
  {
    // Community staff answer owners' questions to the homeowners' committees they publish for.
    key: 'committeeQuestions',
    path: '/committee-questions',
    permission: 'disclosure.publish',
    icon: <CommentOutlined />,
    Page: lazy(() => import('../pages/questions/CommitteeQuestionsPage')),
  },
  {
    key: 'questionModeration',
    path: '/question-moderation',
    permission: 'questions.moderate',
    icon: <CommentOutlined />,
    Page: lazy(() => import('../pages/questions/ModerationPage')),
  },
  {
    key: 'notices',
    path: '/notices',
    permission: 'notices.publish',
    icon: <NotificationOutlined />,
    Page: lazy(() => import('../pages/notices/NoticesPage')),
  },
  {
    key: 'governance',
    path: '/governance',
    permission: 'meetings.read',
    icon: <TeamOutlined />,
    Page: lazy(() => import('../pages/governance/GovernancePage')),
  },
  {
    key: 'disclosure',
    path: '/disclosure',
    permission: 'disclosure.read',
    icon: <AccountBookOutlined />,
    Page: lazy(() => import('../pages/disclosure/DisclosurePage')),
  },
  {
    key: 'questionSatisfaction',
    path: '/question-satisfaction',
    permission: 'questions.moderate',
    icon: <LikeOutlined />,
    Page: lazy(() => import('../pages/questions/SatisfactionPage')),
  },
  {
    key: 'partners',
    path: '/partners',
    permission: 'partners.read',
    icon: <ShopOutlined />,
    Page: lazy(() => import('../pages/partners/PartnersPage')),
  },
  {
    key: 'myServices',
    path: '/my-services',
    permission: 'partners.serve',
    icon: <ShopOutlined />,
    Page: lazy(() => import('../pages/partners/MyServicesPage')),
  },
  {
    key: 'pairings',
    path: '/pairings',
    permission: 'pairing.read',
    icon: <ApartmentOutlined />,
    Page: lazy(() => import('../pages/pairing/PairingsPage')),
  },
  {
    key: 'residentApplications',
    path: '/resident-applications',
    permission: 'residents.approve',
    icon: <UsergroupAddOutlined />,
    Page: lazy(() => import('../pages/residents/ApplicationsPage')),
  },
  {
    key: 'communityLinks',
    path: '/community-links',
    permission: 'notices.publish',
    icon: <QrcodeOutlined />,
    Page: lazy(() => import('../pages/residents/CommunityLinksPage')),
  },
];
