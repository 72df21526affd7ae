import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { AreaLevel, Boundary } from '../geo/geojson.ts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface AreasTable {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  boundary: JSONColumnType<Boundary>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  head_id: string | null;
  households: number | null;
  population: number | null;
  retired_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AreaHistoryTable {
  id: Generated<number>;
  area_code: string;
  version: number;
  changed_at: CreatedAt;
  changed_by: string | null;
  source: string;
  changes: JSONColumnType<Record<string, [unknown, unknown]>>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  area_code: string;
  status: Generated<'active' | 'disabled'>;
  must_change_password: Generated<boolean>;
  /** The department a `dept_handler` works for. */
  department_code: string | null;
  /** Base32 TOTP secret, encrypted with the data key; set by setup, in use once totp_enabled_at is. */
  totp_secret_enc: string | null;
  totp_enabled_at: Date | null;
  /** The last TOTP time step a code was accepted for: no code works twice. */
  totp_last_step: string | null;
  password_changed_at: Date | null;
  /** Work phone, encrypted with the data key; `work_phone_mask` is what lists show. */
  work_phone_enc: string | null;
  work_phone_mask: string | null;
  last_login_at: Date | null;
  /** The administrator who created the account (null for seeded and older accounts). */
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a database leak does not hand out live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  succeeded: boolean;
  attempted_at: CreatedAt;
}

/** Columns every registry table has: placed in a grid, versioned, retired rather than deleted. */
interface RegistryRow {
  id: Generated<string>;
  grid_code: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  retired_at: Date | null;
  retired_reason: string | null;
}

export interface TagsTable {
  code: string;
  name_zh: string;
  name_en: string;
  visible_to: string[] | null;
  sort: Generated<number>;
}

export interface BuildingsTable extends RegistryRow {
  name: string;
  address: string;
  lon: number;
  lat: number;
  floors: number | null;
}

export interface HousesTable extends RegistryRow {
  building_id: string;
  room: string;
  usage: 'own_occupied' | 'rented' | 'vacant' | 'commercial';
  area_m2: number | null;
}

export interface HouseholdsTable extends RegistryRow {
  house_id: string;
  head_id: string | null;
}

export interface PeopleTable extends RegistryRow {
  field_sources: FieldSourcesColumn;
  house_id: string | null;
  household_id: string | null;
  relation: string | null;
  name: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_mask: string;
  birth_date: string;
  sex: 'male' | 'female';
  phone_enc: string | null;
  phone_hash: string | null;
  phone_mask: string | null;
  residency: 'registered' | 'non_registered';
  move_in_date: string | null;
  move_out_date: string | null;
}

export interface PersonTagsTable {
  person_id: string;
  tag_code: string;
  created_at: CreatedAt;
}

/** Per field, where its current value came from (a ledger import's row, or a manual edit). */
export type FieldSource =
  | { source: 'ledger'; ledgerType: string; importId: string; row: number; at: string }
  | { source: 'manual' | 'field_app' | 'demo' | 'system'; at: string; by?: string | null };
export type FieldSources = Record<string, FieldSource>;
type FieldSourcesColumn = ColumnType<FieldSources, FieldSources | undefined, FieldSources>;

export interface ThingsTable extends RegistryRow {
  field_sources: FieldSourcesColumn;
  category: string;
  name: string;
  lon: number;
  lat: number;
  owner_department: string | null;
  state: 'normal' | 'damaged' | 'missing' | 'under_repair';
}

export interface OrgsTable extends RegistryRow {
  field_sources: FieldSourcesColumn;
  kind: string;
  name: string;
  credit_code: string | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  contact_phone: string | null;
  responsible_person: string | null;
}

export interface RegistryHistoryTable {
  id: Generated<number>;
  entity: string;
  record_id: string;
  version: number;
  changed_at: CreatedAt;
  changed_by: string | null;
  source: string;
  source_ref: string | null;
  source_row: number | null;
  changes: JSONColumnType<Record<string, [unknown, unknown]>>;
}

export interface SettingsTable {
  key: string;
  value: JSONColumnType<object>;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export interface DepartmentsTable {
  code: string;
  name_zh: string;
  name_en: string;
  kind: Generated<'department' | 'force'>;
  sort: Generated<number>;
  retired_at: Date | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

/** Working hours allowed for each step of a case of this category. */
export type TimeLimits = Partial<Record<CaseStep, number>>;

export interface CaseCategoriesTable {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  department_code: string | null;
  time_limits: JSONColumnType<TimeLimits, TimeLimits | undefined, TimeLimits>;
  sort: Generated<number>;
  version: Generated<number>;
  retired_at: Date | null;
}

export interface RoutingRulesTable {
  id: Generated<string>;
  category_code: string | null;
  area_code: string | null;
  department_code: string;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface CalendarDaysTable {
  /** YYYY-MM-DD */
  day: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

export const CASE_STATES = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'returned',
  'fed_back',
  'reopened',
  'verified',
  'closed',
  'rejected',
  'merged',
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STEPS = ['register', 'dispatch', 'handle', 'verify', 'close'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];
export const CASE_SOURCES = [
  'grid_worker',
  'resident',
  'hotline',
  'department',
  'camera',
  'open311',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export type Alarm = 'none' | 'yellow' | 'red';

export interface CasesTable {
  id: Generated<string>;
  number: string;
  source: CaseSource;
  category_code: string;
  grid_code: string;
  lon: number | null;
  lat: number | null;
  address: string | null;
  description: string;
  state: CaseState;
  reporter_id: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_mask: string | null;
  department_code: string | null;
  kept_in_grid: Generated<boolean>;
  duplicate_of: string | null;
  step: CaseStep | null;
  step_started_at: Date | null;
  step_deadline: Date | null;
  alarm: Generated<Alarm>;
  escalated_to: string | null;
  supervised_at: Date | null;
  satisfaction: number | null;
  reopen_count: Generated<number>;
  /** Handle steps finished with a deadline, and by it: kept from `case_steps` by a trigger (0039). */
  handle_finished: Generated<number>;
  handle_on_time: Generated<number>;
  api_client: string | null;
  external_id: string | null;
  /** The organization the case's outcome is attributed to (set on closing), or null. */
  org_id: ColumnType<string | null, string | null | undefined, string | null>;
  reported_at: ColumnType<Date, Date | undefined, Date>;
  closed_at: Date | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: ColumnType<Date, Date | undefined, never>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState | null;
  note: string | null;
  data: JSONColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
}

export interface CaseAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  event_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
}

export interface CaseStepsTable {
  id: Generated<number>;
  case_id: string;
  step: CaseStep;
  department_code: string | null;
  grid_code: string;
  started_at: Date;
  deadline: Date | null;
  finished_at: Date | null;
  late: ColumnType<boolean | null, never, never>;
}

export interface CaseNoticesTable {
  id: Generated<number>;
  case_id: string;
  kind: 'supervise' | 'escalate' | 'yellow' | 'red';
  area_code: string;
  department_code: string | null;
  message: string;
  created_at: CreatedAt;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  key: string | null;
  payload: JSONColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
  run_at: ColumnType<Date, Date | undefined, Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
  done_at: Date | null;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  area_code: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  /** bigserial: answered as a string. */
  id: Generated<string>;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  role: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: JSONColumnType<Record<string, unknown>>;
  result: 'ok' | 'denied' | 'failed';
  prev_hash: string | null;
  /** Null until the sealer links the entry into the chain (platform/audit.ts `sealAudit`). */
  hash: string | null;
  /** The entry's place in the chain; int8, answered as a number. */
  seal: number | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  fingerprint: string;
  /** Null while the first request is still running. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: CreatedAt;
  completed_at: Date | null;
}

export type Team = 'grid_manager' | 'service' | 'volunteer';
export type QualificationLevel = 'junior' | 'intermediate' | 'senior';
export type VisitTargetType = 'person' | 'house' | 'org' | 'grid';
export type VisitFrequency = 'daily' | 'weekly' | 'monthly' | 'quarterly';

export interface TeamMembersTable {
  id: Generated<string>;
  area_code: string;
  name: string;
  team: Team | null;
  force_code: string | null;
  organization: string | null;
  duty: string | null;
  work_phone: string | null;
  private_phone_enc: string | null;
  private_phone_hash: string | null;
  private_phone_mask: string | null;
  user_id: string | null;
  status: Generated<'active' | 'inactive'>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TeamMemberGridsTable {
  member_id: string;
  grid_code: string;
  is_head: Generated<boolean>;
}

export interface TeamHistoryTable {
  id: Generated<number>;
  member_id: string;
  version: number;
  changed_at: CreatedAt;
  changed_by: string | null;
  source: 'manual' | 'demo' | 'system';
  changes: JSONColumnType<Record<string, [unknown, unknown]>>;
}

export interface TeamQualificationsTable {
  id: Generated<string>;
  member_id: string;
  kind: Generated<'social_worker'>;
  level: QualificationLevel;
  certificate_no: string;
  /** Dates are read as 'YYYY-MM-DD' strings (see database.ts). */
  issued_on: string;
  expires_on: string | null;
  created_at: CreatedAt;
}

export interface TeamTrainingsTable {
  id: Generated<string>;
  member_id: string;
  held_on: string;
  course: string;
  hours: number;
  created_at: CreatedAt;
}

export interface ForceContactsTable {
  id: Generated<string>;
  force_code: string;
  area_code: string;
  unit: string;
  contact_name: string;
  work_phone: string;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface VisitPlansTable {
  id: Generated<string>;
  area_code: string;
  name: string;
  target_type: VisitTargetType;
  filter: JSONColumnType<Record<string, string>>;
  frequency: VisitFrequency;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface VisitTasksTable {
  id: Generated<string>;
  plan_id: string;
  target_type: VisitTargetType;
  target_id: string;
  target_label: string;
  grid_code: string;
  assignee_id: string | null;
  period_start: string;
  period_end: string;
  due_at: Date;
  state: Generated<'open' | 'done' | 'cancelled'>;
  done_at: Date | null;
  created_at: CreatedAt;
}

export interface VisitsTable {
  id: Generated<string>;
  task_id: string | null;
  kind: 'visit' | 'patrol';
  target_type: VisitTargetType | null;
  target_id: string | null;
  target_label: string | null;
  grid_code: string;
  visitor_id: string | null;
  visitor_name: string;
  visited_at: Date;
  lon: number | null;
  lat: number | null;
  track: JSONColumnType<
    { type: 'LineString'; coordinates: [number, number][] } | null,
    string | null,
    string | null
  >;
  checkpoints: JSONColumnType<
    Array<{ lon: number; lat: number; at?: string; note?: string }> | null,
    string | null,
    string | null
  >;
  findings: Generated<string>;
  result: 'normal' | 'problem';
  case_id: string | null;
  created_at: CreatedAt;
}

export interface VisitPhotosTable {
  id: Generated<string>;
  visit_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

/** A one-time token of browser setup (migration 0020); the token itself is never stored. */
export interface SetupTokensTable {
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface DomainEventsTable {
  id: Generated<number>;
  kind: string;
  subject_type: string;
  subject_id: string;
  area_code: string | null;
  payload: JSONColumnType<Record<string, unknown>>;
  occurred_at: CreatedAt;
}

export interface Database {
  areas: AreasTable;
  area_history: AreaHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  tags: TagsTable;
  buildings: BuildingsTable;
  houses: HousesTable;
  households: HouseholdsTable;
  people: PeopleTable;
  person_tags: PersonTagsTable;
  things: ThingsTable;
  orgs: OrgsTable;
  registry_history: RegistryHistoryTable;
  settings: SettingsTable;
  departments: DepartmentsTable;
  setup_tokens: SetupTokensTable;
  case_categories: CaseCategoriesTable;
  routing_rules: RoutingRulesTable;
  calendar_days: CalendarDaysTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_attachments: CaseAttachmentsTable;
  case_steps: CaseStepsTable;
  case_notices: CaseNoticesTable;
  jobs: JobsTable;
  domain_events: DomainEventsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  team_members: TeamMembersTable;
  team_member_grids: TeamMemberGridsTable;
  team_history: TeamHistoryTable;
  team_qualifications: TeamQualificationsTable;
  team_trainings: TeamTrainingsTable;
  force_contacts: ForceContactsTable;
  visit_plans: VisitPlansTable;
  visit_tasks: VisitTasksTable;
  visits: VisitsTable;
  visit_photos: VisitPhotosTable;
  ledger_types: LedgerTypesTable;
  ledger_imports: LedgerImportsTable;
  ledger_problems: LedgerProblemsTable;
  ledger_undo: LedgerUndoTable;
  ledger_conflicts: LedgerConflictsTable;
  enforcement_matters: EnforcementMattersTable;
  enforcement_steps: EnforcementStepsTable;
  enforcement_evidence: EnforcementEvidenceTable;
  dispute_kinds: DisputeKindsTable;
  disputes: DisputesTable;
  dispute_parties: DisputePartiesTable;
  dispute_events: DisputeEventsTable;
  dispute_sessions: DisputeSessionsTable;
  dispute_attachments: DisputeAttachmentsTable;
  dispute_notices: DisputeNoticesTable;
  dispute_screenings: DisputeScreeningsTable;
  party_orgs: PartyOrgsTable;
  party_members: PartyMembersTable;
  party_transfers: PartyTransfersTable;
  party_meetings: PartyMeetingsTable;
  party_volunteer_hours: PartyVolunteerHoursTable;
  cameras: CamerasTable;
  camera_rules: CameraRulesTable;
  camera_incidents: CameraIncidentsTable;
  camera_alarms: CameraAlarmsTable;
  command_layouts: CommandLayoutsTable;
  command_reports: CommandReportsTable;
  resource_funds: ResourceFundsTable;
  resource_people: ResourcePeopleTable;
  resource_rooms: ResourceRoomsTable;
  opendata_datasets: OpendataDatasetsTable;
  opendata_versions: OpendataVersionsTable;
  opendata_partners: OpendataPartnersTable;
  opendata_usage: OpendataUsageTable;
  credit_entries: CreditEntriesTable;
  credit_repairs: CreditRepairsTable;
  credit_cursor: CreditCursorTable;
  questions: QuestionsTable;
  question_events: QuestionEventsTable;
  question_followers: QuestionFollowersTable;
  question_photos: QuestionPhotosTable;
  resident_notifications: ResidentNotificationsTable;
  resident_signups: ResidentSignupsTable;
  signup_attempts: SignupAttemptsTable;
  notices: NoticesTable;
  notice_attachments: NoticeAttachmentsTable;
  notice_reads: NoticeReadsTable;
  community_links: CommunityLinksTable;
  estates: EstatesTable;
  estate_buildings: EstateBuildingsTable;
  estate_houses: EstateHousesTable;
  house_owners: HouseOwnersTable;
  meetings: MeetingsTable;
  meeting_items: MeetingItemsTable;
  meeting_participants: MeetingParticipantsTable;
  meeting_attachments: MeetingAttachmentsTable;
  meeting_decisions: MeetingDecisionsTable;
  decision_milestones: DecisionMilestonesTable;
  decision_cases: DecisionCasesTable;
  votes: VotesTable;
  vote_units: VoteUnitsTable;
  ballots: BallotsTable;
  disclosure_statements: DisclosureStatementsTable;
  disclosure_lines: DisclosureLinesTable;
  disclosure_vouchers: DisclosureVouchersTable;
  disclosure_late: DisclosureLateTable;
  partners: PartnersTable;
  partner_accounts: PartnerAccountsTable;
  partner_services: PartnerServicesTable;
  partner_bookings: PartnerBookingsTable;
  pairings: PairingsTable;
  pairing_plans: PairingPlansTable;
  pairing_activities: PairingActivitiesTable;
  pairing_reviews: PairingReviewsTable;
  pairing_files: PairingFilesTable;
}

export type LedgerEntity = 'person' | 'org' | 'thing';
export interface LedgerColumn {
  header: string;
  field: string;
}
export type LedgerDefaults = Record<string, unknown>;

export interface LedgerTypesTable {
  code: string;
  department_code: string;
  name_zh: string;
  name_en: string;
  entity: LedgerEntity;
  columns: JSONColumnType<LedgerColumn[]>;
  defaults: JSONColumnType<LedgerDefaults, string | undefined, string>;
  priority: Generated<number>;
  version: Generated<number>;
  updated_at: UpdatedAt;
  updated_by: string | null;
}

export type LedgerImportState =
  | 'validating'
  | 'validated'
  | 'importing'
  | 'done'
  | 'cancelled'
  | 'failed'
  | 'rolled_back';

export interface LedgerImportsTable {
  id: Generated<string>;
  ledger_type: string;
  file_name: string;
  file_path: string;
  file_sha256: string;
  file_size: number;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  sheet: string | null;
  header_row: number | null;
  mapping: JSONColumnType<{ columns: LedgerColumn[]; defaults: LedgerDefaults }>;
  area_code: string;
  state: LedgerImportState;
  error: string | null;
  rows_read: Generated<number>;
  bytes_read: Generated<number>;
  rows_valid: Generated<number>;
  rows_rejected: Generated<number>;
  rows_new: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  committed_rows: Generated<number>;
  started_by: string | null;
  started_at: CreatedAt;
  validated_at: Date | null;
  commit_started_at: Date | null;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  rolled_back_by: string | null;
}

export interface LedgerProblemsTable {
  id: Generated<number>;
  import_id: string;
  sheet: string;
  row_number: number;
  column_name: string | null;
  code: string;
  value: string | null;
  detail: JSONColumnType<Record<string, unknown>, string | null | undefined, string | null> | null;
}

export interface LedgerUndoTable {
  import_id: string;
  entity: LedgerEntity;
  record_id: string;
  version_after: number;
  before: JSONColumnType<Record<string, unknown>, string | null, string | null> | null;
}

export interface ConflictCandidate {
  source: string;
  ledgerType: string | null;
  importId: string | null;
  row: number | null;
  value: unknown;
  at: string;
}

export interface LedgerConflictsTable {
  id: Generated<number>;
  entity: LedgerEntity;
  record_id: string;
  field: string;
  state: Generated<'open' | 'resolved'>;
  candidates: JSONColumnType<ConflictCandidate[]>;
  current_index: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface EnforcementMattersTable {
  id: Generated<string>;
  number: string;
  state: string;
  grid_code: string;
  case_id: string | null;
  case_number: string | null;
  title: string;
  facts: Generated<string>;
  address: string | null;
  party_kind: 'org' | 'person';
  org_id: string | null;
  party_name: string;
  party_id_number_enc: string | null;
  major: Generated<boolean>;
  discovered_at: Date;
  filing_deadline: Date;
  filed_at: Date | null;
  decision_deadline: Date | null;
  extension_days: Generated<number>;
  extension_reason: string | null;
  hearing_requested: Generated<boolean>;
  review_opinion: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  penalty: string | null;
  legal_basis: string | null;
  document_number: string | null;
  decided_at: Date | null;
  service_deadline: Date | null;
  served_at: Date | null;
  executed_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  publication_due: Date | null;
  published_at: Date | null;
  public_text: JSONColumnType<Record<string, unknown>, string | null, string | null> | null;
  step_started_at: Generated<Date>;
  step_deadline: Date | null;
  alarm: 'yellow' | 'red' | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type PartyOrgKind = 'committee' | 'general_branch' | 'branch';
export type PartyMemberStatus = 'applicant' | 'activist' | 'probationary' | 'full';
export type PartyMeetingKind =
  | 'committee'
  | 'members'
  | 'group'
  | 'class'
  | 'theme_day'
  | 'democratic_review'
  | 'other';

export interface PartyOrgsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: PartyOrgKind;
  name: string;
  area_code: string;
  org_id: string | null;
  secretary: string | null;
  founded_on: string | null;
  retired_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A resident's question to a deputy, a department (migration 0023) or a homeowners' committee (0038). */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;

export interface QuestionLineSummary {
  period: string;
  revision: number;
  position: number;
  direction: 'income' | 'expense';
  category: string;
  /** Fen. */
  amount: number;
  occurredOn: string;
}

export interface QuestionsTable {
  id: Generated<string>;
  number: string;
  asker_id: string;
  community_code: string;
  grid_code: string | null;
  answerer_kind: 'deputy' | 'department' | 'committee';
  answerer_id: string | null;
  department_code: string | null;
  /** A committee question: the estate, and the committee's name when asked. */
  estate_id: OptionalText;
  committee_name: OptionalText;
  /** A question about one line of a published statement, with the line as published (JSON). */
  statement_id: OptionalText;
  line_id: OptionalText;
  line_summary: ColumnType<QuestionLineSummary | null, string | null | undefined, string | null>;
  is_public: boolean;
  text: string;
  state: 'held' | 'hidden' | 'open' | 'answered';
  held_words: Generated<string[]>;
  moderation_reason: string | null;
  asked_at: CreatedAt;
  due_at: Date | null;
  alarm: 'yellow' | 'red' | null;
  escalated: Generated<boolean>;
  answer_draft: string | null;
  answer_text: string | null;
  answerer_name: string | null;
  answered_at: Date | null;
  answer_edited_at: Date | null;
  answered_on_time: boolean | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  reopened_at: Date | null;
  case_id: string | null;
  follower_count: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CamerasTable {
  id: Generated<string>;
  device_id: string;
  channel_id: string | null;
  name: string;
  grid_code: string;
  lon: number;
  lat: number;
  direction: number | null;
  owner_department: string | null;
  intelligent: Generated<boolean>;
  analysis_types: Generated<string[]>;
  status: Generated<'online' | 'offline'>;
  last_heartbeat_at: Date | null;
  fault_case_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EnforcementStepsTable {
  id: Generated<number>;
  matter_id: string;
  move: string;
  state: string;
  acted_at: Generated<Date>;
  actor_id: string | null;
  actor_name: string | null;
  second_officer_id: string | null;
  second_officer_name: string | null;
  note: string | null;
  data: JSONColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface EnforcementEvidenceTable {
  id: Generated<string>;
  matter_id: string;
  seq: number;
  kind: 'photo' | 'video' | 'document' | 'note';
  title: string;
  file_name: string | null;
  content_type: string | null;
  size: Generated<number>;
  sha256: string;
  note: string | null;
  taken_at: Date;
  location: string;
  lon: number | null;
  lat: number | null;
  officer_id: string;
  officer_name: string;
  second_officer_id: string | null;
  second_officer_name: string | null;
  recorded_at: Generated<Date>;
}

export interface DisputeKindsTable {
  code: string;
  name_zh: string;
  name_en: string;
  case_category: Generated<string>;
  sort: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
}

export type DisputeState = 'reported' | 'mediating' | 'agreed' | 'failed' | 'withdrawn' | 'escalated';
export type DisputeRisk = 'low' | 'medium' | 'high' | 'major';
export type DisputeSource = 'patrol' | 'resident' | 'case' | 'hotline' | 'department';

export interface DisputesTable {
  id: Generated<string>;
  number: string;
  kind_code: string;
  title: string;
  description: Generated<string>;
  grid_code: string;
  address: Generated<string>;
  source: DisputeSource;
  source_case_id: string | null;
  risk: DisputeRisk;
  risk_reason: Generated<string>;
  state: Generated<DisputeState>;
  mediator_id: string | null;
  committee: string | null;
  assigned_at: Date | null;
  deadline: Date | null;
  extension_reason: string | null;
  alarm: 'yellow' | 'red' | null;
  referred_to: 'court' | 'arbitration' | 'petitions' | null;
  receiving_body: string | null;
  agreement_terms: string | null;
  outcome_note: string | null;
  closed_at: Date | null;
  case_id: string | null;
  reported_by: string | null;
  reported_by_name: string;
  reported_at: Generated<Date>;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface DisputePartiesTable {
  id: Generated<string>;
  dispute_id: string;
  seq: number;
  kind: 'person' | 'org' | 'outsider';
  person_id: string | null;
  org_id: string | null;
  name: string;
  id_number_enc: string | null;
  id_number_mask: string | null;
  phone_enc: string | null;
  phone_mask: string | null;
  address: Generated<string>;
}

export interface DisputeEventsTable {
  id: Generated<number>;
  dispute_id: string;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  data: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface DisputeSessionsTable {
  id: Generated<string>;
  dispute_id: string;
  held_on: string;
  place: string;
  attendees: string;
  notes: Generated<string>;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface PartyMembersTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  gender: 'male' | 'female' | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_mask: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_mask: string | null;
  status: PartyMemberStatus;
  applied_on: string | null;
  activist_on: string | null;
  probationary_on: string | null;
  full_on: string | null;
  dues_cents: Generated<number>;
  dues_paid_to: string | null;
  in_service: Generated<boolean>;
  workplace: string | null;
  residence_community: string | null;
  registered_on: string | null;
  left_on: string | null;
  left_to: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartyTransfersTable {
  id: Generated<number>;
  member_id: string;
  direction: 'in' | 'out' | 'internal';
  from_org_id: string | null;
  to_org_id: string | null;
  outside_org: string | null;
  transferred_on: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface PartyMeetingsTable {
  id: Generated<string>;
  org_id: string;
  kind: PartyMeetingKind;
  held_on: string;
  topic: string;
  attendees: number;
  absentees: Generated<number>;
  minutes: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface DisputeAttachmentsTable {
  id: Generated<string>;
  dispute_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface QuestionEventsTable {
  id: Generated<number>;
  question_id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  note: string | null;
  data: JSONColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
  at: CreatedAt;
}

export interface QuestionFollowersTable {
  question_id: string;
  user_id: string;
  at: CreatedAt;
}

export interface QuestionPhotosTable {
  id: Generated<string>;
  question_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface DisputeNoticesTable {
  id: Generated<number>;
  dispute_id: string;
  kind: 'high_risk' | 'yellow' | 'red';
  audience: 'street' | 'stability_office' | 'community';
  area_code: string;
  message: string;
  created_at: CreatedAt;
}

export interface DisputeScreeningsTable {
  grid_code: string;
  month: string;
  none_found: boolean;
  note: Generated<string>;
  reported_by: string | null;
  reported_by_name: string;
  reported_at: Generated<Date>;
}
export interface PartyVolunteerHoursTable {
  id: Generated<string>;
  member_id: string;
  community_code: string;
  served_on: string;
  hours: number;
  activity: string;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface CameraRulesTable {
  alarm_type: string;
  name_zh: string;
  name_en: string;
  category_code: string;
  min_score: Generated<number>;
  zones: Generated<string[]>;
  hours_from: Generated<number>;
  hours_to: Generated<number>;
  mode: Generated<'auto' | 'confirm'>;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface CommandPanel {
  kind: string;
  /** The indicator a map or ranking panel shows. */
  indicator?: string;
  /** Seconds after which the panel counts as stale. */
  refreshSeconds?: number;
}

export interface CommandLayoutsTable {
  id: Generated<string>;
  name: string;
  owner_user_id: string | null;
  owner_role: string | null;
  panels: JSONColumnType<CommandPanel[], string, string>;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface CommandReportsTable {
  id: Generated<string>;
  area_code: string;
  month: string;
  docx: Buffer;
  xlsx: Buffer;
  figures: JSONColumnType<Record<string, unknown>, string, string>;
  generated_at: UpdatedAt;
  generated_by: string | null;
}

export interface ResourceFundsTable {
  id: Generated<string>;
  community_code: string;
  year: number;
  category: string;
  allocated: number;
  spent: ColumnType<number, number | undefined, number>;
  note: string | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface CameraIncidentsTable {
  id: Generated<string>;
  camera_id: string;
  alarm_type: string;
  grid_code: string;
  state: Generated<'open' | 'ended'>;
  decision: 'pending' | 'case' | 'dismissed';
  mode: 'auto' | 'confirm';
  alarm_count: Generated<number>;
  throttled: Generated<boolean>;
  best_score: number | null;
  snapshot_sha256: string | null;
  zones: Generated<string[]>;
  started_at: Date;
  last_alarm_at: Date;
  ended_at: Date | null;
  case_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  version: Generated<number>;
}

export interface CameraAlarmsTable {
  id: Generated<number>;
  camera_id: string;
  incident_id: string | null;
  alarm_type: string;
  via: 'http' | 'mqtt' | 'demo';
  dedupe_key: string;
  priority: number | null;
  score: number | null;
  zones: Generated<string[]>;
  phase: Generated<'new' | 'update' | 'end'>;
  description: string | null;
  snapshot_sha256: string | null;
  filtered: string | null;
  occurred_at: Date;
  received_at: CreatedAt;
}

export interface ResourcePeopleTable {
  id: Generated<string>;
  community_code: string;
  year: number;
  name: string;
  from_unit: string;
  since: ColumnType<string, string, string>;
  role: string | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface ResourceRoomsTable {
  id: Generated<string>;
  community_code: string;
  year: number;
  purpose: string;
  area_m2: number;
  address: string | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface OpendataDatasetsTable {
  name: string;
  access: Generated<'public' | 'restricted'>;
  schedule: Generated<'daily' | 'weekly' | 'monthly'>;
  enabled: Generated<boolean>;
  last_refreshed_at: Date | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

/** A field of a dataset's table: Frictionless Table Schema types. */
export interface OpendataField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'date' | 'boolean';
  title: string;
  titleEn: string;
}

export interface OpendataVersionsTable {
  id: Generated<number>;
  dataset_name: string;
  number: number;
  hash: string;
  row_count: number;
  suppressed: Generated<number>;
  fields: JSONColumnType<OpendataField[]>;
  created_at: CreatedAt;
}

export interface OpendataPartnersTable {
  api_key_id: string;
  holder: string;
  purpose: string;
  datasets: string[];
  daily_quota: number;
  rate_per_minute: number;
  org_id: string | null;
  created_at: CreatedAt;
}

export interface OpendataUsageTable {
  api_key_id: string;
  day: ColumnType<string, string, string>;
  dataset: string;
  calls: Generated<number>;
  rows: Generated<number>;
}

export interface CreditEntriesTable {
  id: Generated<string>;
  org_id: string | null;
  credit_code: string | null;
  org_name: string;
  area_code: string;
  source: 'enforcement' | 'case' | 'market_ledger' | 'commendation';
  source_ref: string;
  kind: 'penalty' | 'case_outcome' | 'abnormal_operation' | 'commendation';
  severity: 'major' | 'general' | 'positive';
  title: string;
  legal_basis: string | null;
  document_number: string | null;
  decided_on: ColumnType<string, string, string>;
  publish_until: ColumnType<string, string, string>;
  visibility: 'public' | 'restricted';
  repaired_at: Date | null;
  created_at: CreatedAt;
}

export interface CreditRepairsTable {
  id: Generated<string>;
  entry_id: string;
  state: Generated<'pending' | 'approved' | 'refused'>;
  applicant: string;
  reason: string;
  evidence: JSONColumnType<{ name: string; note: string }[]>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface CreditCursorTable {
  reader: string;
  last_id: number;
  created_at: CreatedAt;
}

export interface ResidentNotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  subject_id: string;
  message: string;
  created_at: CreatedAt;
  read_at: Date | null;
}

/** A resident's sign-up or application (migration 0023). */
export interface ResidentSignupsTable {
  id: Generated<string>;
  kind: 'verified' | 'application';
  person_id: string | null;
  name: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_mask: string;
  phone_enc: string;
  phone_hash: string;
  phone_mask: string;
  community_code: string;
  grid_code: string | null;
  address: string | null;
  note: string | null;
  username: string;
  password_hash: string;
  code_hash: string | null;
  code_expires_at: Date | null;
  code_attempts: Generated<number>;
  state: 'code_sent' | 'awaiting_approval' | 'done' | 'rejected';
  reason: string | null;
  user_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: CreatedAt;
}

export interface SignupAttemptsTable {
  id: Generated<number>;
  kind: 'phone' | 'id' | 'address';
  key: string;
  at: CreatedAt;
}

/** A notice to the residents of some areas (migration 0023). */
export interface NoticesTable {
  id: Generated<string>;
  title: string;
  body: string;
  area_codes: string[];
  author_id: string | null;
  author_name: string;
  pinned: Generated<boolean>;
  important: Generated<boolean>;
  is_public: Generated<boolean>;
  published_at: CreatedAt;
  expires_at: Date | null;
  retired_at: Date | null;
  version: Generated<number>;
}

export interface NoticeAttachmentsTable {
  id: Generated<string>;
  notice_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export interface NoticeReadsTable {
  notice_id: string;
  user_id: string;
  household_id: string | null;
  read_at: CreatedAt;
}

export interface CommunityLinksTable {
  id: Generated<string>;
  community_code: string;
  kind: 'wechat_group' | 'wechat_account' | 'weibo' | 'other';
  name: string;
  url: string;
  sort: Generated<number>;
}

export interface EstatesTable {
  id: Generated<string>;
  community_code: string;
  name: string;
  address: string | null;
  committee_org_id: string | null;
  property_org_id: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  retired_at: Date | null;
}

export interface EstateBuildingsTable {
  building_id: string;
  estate_id: string;
}

/** `floor_area`: the house's exclusive floor area in integer hundredths of m². */
export interface EstateHousesTable {
  house_id: string;
  estate_id: string;
  floor_area: number;
  version: Generated<number>;
  updated_at: Generated<Date>;
}

export interface HouseOwnersTable {
  house_id: string;
  person_id: string;
  since: Date | null;
  created_at: CreatedAt;
}

export type PartnerState = 'pending' | 'approved' | 'rejected';
export interface PartnersTable {
  id: Generated<string>;
  name: string;
  kind: string;
  org_id: string | null;
  area_code: string;
  contact_name: string;
  contact_phone_enc: string;
  contact_phone_mask: string;
  description: Generated<string>;
  state: Generated<PartnerState>;
  reason: string | null;
  applied_by: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PartnerAccountsTable {
  user_id: string;
  partner_id: string;
}

/** `price_fen`: 0 is free. `booked` never passes `capacity` (a check constraint). */
export interface PartnerServicesTable {
  id: Generated<string>;
  partner_id: string;
  name: string;
  kind: string;
  description: Generated<string>;
  area_code: string;
  hours: Generated<string>;
  price_fen: Generated<number>;
  capacity: number;
  booked: Generated<number>;
  needs_contact: Generated<boolean>;
  state: Generated<'open' | 'closed'>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type BookingState = 'booked' | 'confirmed' | 'done' | 'cancelled' | 'declined';
export interface PartnerBookingsTable {
  id: Generated<string>;
  service_id: string;
  partner_id: string;
  resident_id: string;
  community_code: string;
  area_code: string;
  resident_name: string;
  phone_enc: string | null;
  phone_mask: string | null;
  note: Generated<string>;
  state: Generated<BookingState>;
  reason: string | null;
  rating: number | null;
  comment: string | null;
  rated_at: Date | null;
  confirmed_at: Date | null;
  done_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PairingsTable {
  id: Generated<string>;
  community_code: string;
  unit_kind: 'party_org' | 'unit';
  party_org_id: string | null;
  unit_name: string;
  agreement: Generated<string>;
  signed_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  state: Generated<'active' | 'ended'>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PlanItem {
  area: string;
  item: string;
}
export interface PairingPlansTable {
  pairing_id: string;
  year: number;
  items: JSONColumnType<PlanItem[]>;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface PairingActivitiesTable {
  id: Generated<string>;
  pairing_id: string;
  held_on: ColumnType<string, string, string>;
  area: string;
  kind: string;
  title: string;
  participants: number;
  note: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PairingReviewsTable {
  pairing_id: string;
  year: number;
  summary: string;
  scores: JSONColumnType<Record<string, number>>;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface PairingFilesTable {
  id: Generated<string>;
  pairing_id: string;
  activity_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: CreatedAt;
}

/** Meetings and votes (migration 0031, docs/self-governance.md). */
export interface MeetingsTable {
  id: Generated<string>;
  community_code: string;
  estate_id: string | null;
  kind: 'consultation' | 'hearing' | 'owners_assembly';
  title: string;
  place: Generated<string>;
  starts_at: Date;
  is_public: Generated<boolean>;
  state: Generated<'planned' | 'held' | 'cancelled'>;
  notice_id: string | null;
  minutes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface MeetingItemsTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  title: string;
  description: Generated<string>;
}

export interface MeetingParticipantsTable {
  id: Generated<string>;
  meeting_id: string;
  kind: 'resident' | 'deputy' | 'organization' | 'department';
  name: string;
  person_id: string | null;
  user_id: string | null;
  org_id: string | null;
  department_code: string | null;
  registered_at: CreatedAt;
  attended: boolean | null;
}

export interface MeetingAttachmentsTable {
  id: Generated<string>;
  meeting_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: CreatedAt;
}

export interface MeetingDecisionsTable {
  id: Generated<string>;
  meeting_id: string;
  item_id: string | null;
  text: string;
  responsible: string;
  due_date: string | null;
  status: Generated<'not_started' | 'in_progress' | 'completed' | 'cancelled'>;
  progress: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface DecisionMilestonesTable {
  id: Generated<string>;
  decision_id: string;
  title: string;
  due_date: string | null;
  done_on: string | null;
}

export interface DecisionCasesTable {
  decision_id: string;
  case_id: string;
}

export interface VotesTable {
  id: Generated<string>;
  community_code: string;
  kind: 'simple' | 'owners';
  estate_id: string | null;
  matter: 'ordinary' | 'fund' | 'rebuild' | 'common_use' | null;
  meeting_id: string | null;
  basis: 'cast' | 'participants' | null;
  item_id: string | null;
  title: string;
  question: string;
  closes_at: Date;
  is_public: Generated<boolean>;
  state: Generated<'draft' | 'open' | 'closed' | 'published'>;
  opened_at: Date | null;
  closed_at: Date | null;
  result: JSONColumnType<object | null, string | null, string | null>;
  created_by: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** `area`: hundredths of m² (bigint, read as an exact integer: db/database.ts parses INT8). */
export interface VoteUnitsTable {
  vote_id: string;
  unit_key: string;
  house_ids: string[];
  owner_ids: string[];
  user_id: string | null;
  area: ColumnType<number, number | string, never>;
}

export interface BallotsTable {
  id: Generated<string>;
  vote_id: string;
  unit_key: string;
  choice: 'yes' | 'no' | 'abstain';
  voter_id: string | null;
  channel: 'online' | 'paper';
  entered_by: string | null;
  photo_sha256: string | null;
  photo_type: string | null;
  receipt: string;
  current: Generated<boolean>;
  cast_at: CreatedAt;
}

/** A committee's statement of one period; amounts in integer fen; `period` e.g. 2026-Q3 or 2026-09. */
export interface DisclosureStatementsTable {
  id: Generated<string>;
  estate_id: string;
  community_code: string;
  period: string;
  period_start: string;
  period_end: string;
  revision: Generated<number>;
  corrects_id: string | null;
  correction_reason: string | null;
  opening_balance: number;
  closing_balance: number;
  note: string | null;
  state: Generated<'draft' | 'published'>;
  published_at: Date | null;
  published_by: string | null;
  publisher_name: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface DisclosureLinesTable {
  id: Generated<string>;
  statement_id: string;
  position: number;
  direction: 'income' | 'expense';
  category: string;
  amount: number;
  counterparty: string;
  occurred_on: string;
  description: string | null;
}

export interface DisclosureVouchersTable {
  id: Generated<string>;
  statement_id: string;
  line_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: CreatedAt;
}

export interface DisclosureLateTable {
  estate_id: string;
  period: string;
  community_code: string;
  due_on: string;
  flagged_at: Generated<Date>;
  published_at: Date | null;
}
