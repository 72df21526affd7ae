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
  ],
  command_operator: ['areas.read', 'registry.read', 'cases.read'],
  dept_handler: ['areas.read', 'registry.read', 'cases.read'],
  area_leader: ['areas.read', 'registry.read', 'cases.read', 'pii.reveal'],
  // Grid workers keep their grid's registry current.
  grid_worker: ['areas.read', 'registry.read', 'registry.write', 'cases.read'],
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
