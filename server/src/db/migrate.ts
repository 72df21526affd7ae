import { type Migration, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as foundation from './migrations/0001_foundation.ts';
import * as registry from './migrations/0002_registry.ts';
import * as settings from './migrations/0003_settings.ts';
import * as cases from './migrations/0004_cases.ts';
import * as caseRollup from './migrations/0005_case_rollup.ts';
import * as audit from './migrations/0006_audit.ts';
import * as accounts from './migrations/0007_accounts.ts';
import * as ledgers from './migrations/0008_ledgers.ts';
import * as teams from './migrations/0009_teams.ts';
import * as idempotency from './migrations/0010_idempotency.ts';
import * as departmentVersions from './migrations/0011_department_versions.ts';
import * as changeFeed from './migrations/0012_change_feed.ts';
import * as auditSealing from './migrations/0013_audit_sealing.ts';
import * as caseRollupDelta from './migrations/0014_case_rollup_delta.ts';
import * as openCasesPoint from './migrations/0015_open_cases_point.ts';
import * as peopleScopeIndexes from './migrations/0016_people_scope_indexes.ts';
import * as openCasesDeadlineOrder from './migrations/0017_open_cases_deadline_order.ts';
import * as nearestOpenCases from './migrations/0018_nearest_open_cases.ts';
import * as openCasesByDeadline from './migrations/0019_open_cases_by_deadline.ts';
import * as setup from './migrations/0020_setup.ts';
import * as userAdmin from './migrations/0021_user_admin.ts';
import * as domainEvents from './migrations/0022_domain_events.ts';
import * as residents from './migrations/0023_residents.ts';
import * as disputes from './migrations/0024_disputes.ts';
import * as enforcement from './migrations/0025_enforcement.ts';
import * as party from './migrations/0026_party.ts';
import * as cameras from './migrations/0027_cameras.ts';
import * as opendataCredit from './migrations/0028_opendata_credit.ts';
import * as command from './migrations/0029_command.ts';
import * as estates from './migrations/0030_estates.ts';
import * as meetingsVotes from './migrations/0031_meetings_votes.ts';
import * as disclosures from './migrations/0032_disclosures.ts';
import * as partnersPairing from './migrations/0033_partners_pairing.ts';
import * as opendataCreditFollowup from './migrations/0035_opendata_credit_followup.ts';
import * as commandFollowup from './migrations/0036_command_followup.ts';
import * as committeeQuestions from './migrations/0038_committee_questions.ts';
import * as caseRollupCohorts from './migrations/0039_case_rollup_cohorts.ts';
import * as publicReadCache from './migrations/0040_public_read_cache.ts';
import * as casePointsIndex from './migrations/0041_case_points_index.ts';

// Listed here rather than discovered on disk: the same list works under tsx, Vitest and a bundle.
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_registry': registry,
  '0003_settings': settings,
  '0004_cases': cases,
  '0005_case_rollup': caseRollup,
  '0006_audit': audit,
  '0007_accounts': accounts,
  '0008_ledgers': ledgers,
  '0009_teams': teams,
  '0010_idempotency': idempotency,
  '0011_department_versions': departmentVersions,
  '0012_change_feed': changeFeed,
  '0013_audit_sealing': auditSealing,
  '0014_case_rollup_delta': caseRollupDelta,
  '0015_open_cases_point': openCasesPoint,
  '0016_people_scope_indexes': peopleScopeIndexes,
  '0017_open_cases_deadline_order': openCasesDeadlineOrder,
  '0018_nearest_open_cases': nearestOpenCases,
  '0019_open_cases_by_deadline': openCasesByDeadline,
  '0020_setup': setup,
  '0021_user_admin': userAdmin,
  '0022_domain_events': domainEvents,
  '0023_residents': residents,
  '0024_disputes': disputes,
  '0025_enforcement': enforcement,
  '0026_party': party,
  '0027_cameras': cameras,
  '0028_opendata_credit': opendataCredit,
  '0029_command': command,
  '0030_estates': estates,
  '0031_meetings_votes': meetingsVotes,
  '0032_disclosures': disclosures,
  '0033_partners_pairing': partnersPairing,
  '0035_opendata_credit_followup': opendataCreditFollowup,
  '0036_command_followup': commandFollowup,
  '0038_committee_questions': committeeQuestions,
  '0039_case_rollup_cohorts': caseRollupCohorts,
  '0040_public_read_cache': publicReadCache,
  '0041_case_points_index': casePointsIndex,
};

/** In the order they apply (by name, as Kysely sorts them). */
export const migrationNames = Object.keys(migrations).sort();

export interface MigrationReport {
  applied: string[];
  total: number;
}

/** Brings the schema to the newest migration. Safe to run from several processes: Kysely locks. */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error;
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    total: Object.keys(migrations).length,
  };
}

/** Brings the schema to exactly `name` (a restore loads an archive made at that level). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}
