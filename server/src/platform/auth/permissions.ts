/**
 * Who may do what: roles (from MISSION.md, named as in GLOSSARY.md) mapped to permissions in
 * this one place. Where a user may do it is their area scope (see scope.ts).
 */
export const ROLES = [
  'district_admin',
  'command_operator',
  'dept_handler',
  'area_leader',
  'grid_worker',
  'deputy',
  'resident',
  // Reads the audit log and nothing else: apart from district_admin, whose actions it records.
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'areas.read',
  'areas.write',
  'registry.read',
  'registry.write',
  // See cases in one's area (residents see only their own reports).
  'cases.read',
  // Edit categories, routing rules, the working calendar and API keys.
  'cases.configure',
  // Unmask one person's ID and phone number, with a stated purpose (audited).
  'pii.reveal',
  // Search the audit log; only audit_admin, never district_admin (separation of duties).
  'audit.read',
  // See and end the sessions of other users in one's area.
  'accounts.manage',
  // See grid team members, forces' contacts, qualifications and rewards in one's area.
  'teams.read',
  // Add and change team members, qualifications, trainings and forces' contacts in one's area.
  'teams.manage',
  // Set the yearly reward rules for qualified social workers (district-wide).
  'teams.configure',
  // See visit tasks, visits, patrol tracks and coverage in one's area.
  'visits.read',
  // Record a visit or patrol (and turn a finding into a case).
  'visits.record',
  // Set visit plans and generate their tasks.
  'visits.plan',
  // Import department ledgers into the registry of one's area, roll imports back, review conflicts.
  'ledgers.import',
  // Edit ledger types: their columns, defaults and priority (district-wide).
  'ledgers.configure',
  // Set the base map's tile layer (district-wide).
  'map.configure',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const grants: Record<Role, readonly Permission[]> = {
  district_admin: [
    'areas.read',
    'areas.write',
    'registry.read',
    'registry.write',
    'cases.read',
    'cases.configure',
    'pii.reveal',
    'accounts.manage',
    'teams.read',
    'teams.manage',
    'teams.configure',
    'visits.read',
    'visits.plan',
    'ledgers.import',
    'ledgers.configure',
    'map.configure',
  ],
  command_operator: ['areas.read', 'registry.read', 'cases.read', 'teams.read', 'visits.read'],
  dept_handler: ['areas.read', 'registry.read', 'cases.read', 'teams.read'],
  area_leader: [
    'areas.read',
    'registry.read',
    'cases.read',
    'pii.reveal',
    'teams.read',
    'teams.manage',
    'visits.read',
    'visits.record',
    'visits.plan',
  ],
  // Grid workers keep their grid's registry current, and visit and patrol it.
  grid_worker: [
    'areas.read',
    'registry.read',
    'registry.write',
    'cases.read',
    'teams.read',
    'visits.read',
    'visits.record',
  ],
  deputy: ['areas.read', 'cases.read'],
  resident: ['areas.read'],
  audit_admin: ['audit.read'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
