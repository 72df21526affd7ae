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
  // Administrative enforcement: officers run matters; legal reviewers check major decisions.
  'enforcement_officer',
  'legal_reviewer',
  // A people's mediator (人民调解员): mediates the disputes assigned to them in their area.
  'mediator',
  // Party building (基层党建): the party's organization department and street/community party
  // workers; party data is theirs alone (docs/roles.md).
  'party_admin',
  // A partner organization's staff (合作伙伴: a bank, a shop, a charity, an IT firm): their
  // account is bound to their partner; they see only its services and their bookings.
  'partner',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'areas.read',
  'areas.write',
  // The whole registry of one's area: people, households, places, components, organizations,
  // their history, exports and statistics.
  'registry.read',
  // Find places, components and organizations (lists and one record) to dispatch to: no people,
  // households, history, exports or statistics.
  'registry.lookup',
  'registry.write',
  // See cases in one's area (residents see only their own reports).
  'cases.read',
  // Edit categories, routing rules, the working calendar and API keys.
  'cases.configure',
  // Unmask one person's ID and phone number, with a stated purpose (audited).
  'pii.reveal',
  // Search the audit log; only audit_admin, never district_admin (separation of duties).
  'audit.read',
  // Create, edit, disable, unlock accounts and reset their passwords, and see and end their
  // sessions: in one's area, and only for the roles one may grant (see ACCOUNT_GRANTS).
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
  // Add, rename and retire the departments and professional forces cases go to (district-wide).
  'departments.manage',
  // Set the base map's tile layer (district-wide).
  'map.configure',
  // See enforcement matters, their steps, evidence index and documents in one's area.
  'enforcement.read',
  // Open matters, record evidence and take the steps of the penalty procedure in one's area.
  'enforcement.handle',
  // Legal review (法制审核) of major decisions; approve a deadline extension.
  'enforcement.review',
  // The publication time limit (district-wide).
  'enforcement.configure',
  // See disputes, mediations, screening returns and dispute notices in one's area.
  'disputes.read',
  // Report a dispute, file the month's screening return, escalate a dispute into a case.
  'disputes.record',
  // Assign a mediator or committee, extend a deadline once, withdraw a dispute not yet mediated.
  'disputes.manage',
  // Record mediation sessions and the outcome (a mediator: only disputes assigned to them).
  'disputes.mediate',
  // Edit the dispute kinds catalog (district-wide).
  'disputes.configure',
  // Party organizations, members, meetings, compliance and figures of one's area (party roles only).
  'party.read',
  // Record and change party organizations, members (status, dues, transfers, 双报到), meetings
  // and the organizational-life requirements.
  'party.manage',
  // See cameras, their alarms and incidents, and the alarm wall, in one's area.
  'cameras.read',
  // Confirm a camera incident into a case or dismiss it as a false alarm, in one's area.
  'cameras.decide',
  // Register and import cameras, and set the alarm rules (district-wide for the rules).
  'cameras.manage',
  // See the command centre's wall, hot spots, rankings, resources and monthly reports of one's
  // area; keep one's own wall layouts.
  'command.read',
  // Save layouts for a role, send a hot spot to the command centre as a supervised case, generate
  // a monthly report on demand.
  'command.manage',
  // Enter and import the resources sunk to the communities of one's area (funds, people, rooms).
  'resources.write',
  // Open data: datasets' access and schedule, refreshes, partners' keys and their usage (district-wide).
  'opendata.manage',
  // Credit records of organizations: record entries, review repair applications, export.
  'credit.manage',
  // Ask deputies and departments (网络问政), follow and rate answers: residents.
  'questions.ask',
  // Answer the questions put to oneself (a deputy) or one's department; turn one into a case.
  'questions.answer',
  // Hold, publish or hide questions of one's area; see all of them, with the answerers' records.
  'questions.moderate',
  // The sensitive-word list and the answer deadlines per answerer kind (district-wide).
  'questions.configure',
  // Approve or reject sign-ups of residents not found in the registry, in one's area.
  'residents.approve',
  // The SMS gateway (its URL and secret) residents' phone codes are sent through.
  'residents.configure',
  // Read the notices of one's area; staff also see which households have not read one.
  'notices.read',
  // Publish notices to areas inside one's own (title, text, attachments, pinned, expiry).
  'notices.publish',
  // Partners of one's area: applications, services, bookings (residents' phones masked), figures.
  'partners.read',
  // Approve or reject partners' applications in one's area (approval makes the partner's account).
  'partners.approve',
  // Offer services and confirm, decline and complete their bookings: one's own partner only.
  'partners.serve',
  // Book or claim partners' services offered to one's area, cancel, rate: residents.
  'partners.book',
  // Five-joint pairings (五联共管) of one's area: agreements, plans, activities, reviews.
  'pairing.read',
  // Record pairings, their yearly plans, activities and reviews.
  'pairing.manage',
  // Estates of one's area: buildings, houses' exclusive floor areas and owners (masked).
  'estates.read',
  // Change an estate, a house's floor area and its owners; import the ownership ledger.
  'estates.write',
  // Meetings, decisions and votes of one's area, with the ballots' history (not their choices'
  // owners outside the count).
  'meetings.read',
  // Call meetings (agenda, participants, notice), record minutes, attendance and decisions, follow
  // decisions; create, open, close and publish votes.
  'meetings.manage',
  // Enter a paper ballot with its photo.
  'votes.paper',
  // Residents and deputies: see the meetings and votes one may take part in, register, vote online.
  'votes.cast',
  // Homeowners' committees' statements (业委会财务公开) of the estates in one's area: drafts, every
  // revision, the periods not published on time.
  'disclosure.read',
  // Prepare, import, publish and correct a committee's statement on its behalf (community staff);
  // answer owners' questions to the committee in its name.
  'disclosure.publish',
  // The statement period (quarter or month) and the days of grace after it (district-wide).
  'disclosure.configure',
  // An owner: read the published statements of the estates where one owns a house.
  'disclosure.own',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const grants: Record<Role, readonly Permission[]> = {
  district_admin: [
    'areas.read',
    'areas.write',
    'registry.read',
    'registry.lookup',
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
    'departments.manage',
    'map.configure',
    'enforcement.read',
    'enforcement.configure',
    'disputes.read',
    'disputes.record',
    'disputes.manage',
    'disputes.mediate',
    'disputes.configure',
    'cameras.read',
    'cameras.decide',
    'cameras.manage',
    'command.read',
    'command.manage',
    'resources.write',
    'opendata.manage',
    'credit.manage',
    'questions.moderate',
    'questions.configure',
    'residents.approve',
    'residents.configure',
    'notices.read',
    'notices.publish',
    'partners.read',
    'partners.approve',
    'pairing.read',
    'pairing.manage',
    'estates.read',
    'estates.write',
    'meetings.read',
    'meetings.manage',
    'disclosure.read',
    'disclosure.publish',
    'disclosure.configure',
  ],
  // Need to know (docs/roles.md): the operator finds the place and the organization a case is
  // about; a department sees the cases dispatched to it, which carry their place and the
  // reporter's contact, and the grid's contact card; neither reads the population register.
  command_operator: [
    'areas.read',
    'registry.lookup',
    'cases.read',
    'teams.read',
    'visits.read',
    'disputes.read',
    'cameras.read',
    'cameras.decide',
    'command.read',
  ],
  dept_handler: ['areas.read', 'cases.read', 'questions.answer'],
  area_leader: [
    'areas.read',
    'registry.read',
    'registry.lookup',
    'cases.read',
    'pii.reveal',
    'accounts.manage',
    'teams.read',
    'teams.manage',
    'visits.read',
    'visits.record',
    'visits.plan',
    'enforcement.read',
    'disputes.read',
    'disputes.record',
    'disputes.manage',
    'disputes.mediate',
    'cameras.read',
    'command.read',
    'resources.write',
    'questions.moderate',
    'residents.approve',
    'notices.read',
    'notices.publish',
    'partners.read',
    'partners.approve',
    'pairing.read',
    'pairing.manage',
    'estates.read',
    'estates.write',
    'meetings.read',
    'meetings.manage',
    'votes.paper',
    'disclosure.read',
    'disclosure.publish',
  ],
  // Grid workers keep their grid's registry current, and visit and patrol it.
  grid_worker: [
    'areas.read',
    'registry.read',
    'registry.lookup',
    'registry.write',
    'cases.read',
    'teams.read',
    'visits.read',
    'visits.record',
    'disputes.read',
    'disputes.record',
    'residents.approve',
    'notices.read',
    'estates.read',
    'meetings.read',
    'votes.paper',
  ],
  deputy: ['areas.read', 'cases.read', 'questions.answer', 'votes.cast'],
  resident: ['areas.read', 'questions.ask', 'notices.read', 'partners.book', 'votes.cast', 'disclosure.own'],
  audit_admin: ['audit.read'],
  // Officers start matters from cases, so they read cases and look up the organizations concerned.
  enforcement_officer: [
    'areas.read',
    'registry.lookup',
    'cases.read',
    'enforcement.read',
    'enforcement.handle',
  ],
  legal_reviewer: ['areas.read', 'cases.read', 'enforcement.read', 'enforcement.review'],
  mediator: ['areas.read', 'disputes.read', 'disputes.mediate'],
  // Party data is kept apart from the grid's roles, district_admin included (docs/roles.md).
  party_admin: ['areas.read', 'party.read', 'party.manage', 'pairing.read', 'pairing.manage'],
  // A partner's staff: its own services and bookings; the area tree of its area to place a
  // service; nothing of the registry, cases or teams (docs/roles.md).
  partner: ['areas.read', 'partners.serve'],
};

/**
 * The roles an account manager may give, and so the accounts they manage (in their area). Never a
 * role wider than one's own. The audit administrator's accounts are no one's: the district
 * administrator whose actions they read must not be able to reset their password.
 */
export const ACCOUNT_GRANTS: Partial<Record<Role, readonly Role[]>> = {
  district_admin: ROLES.filter((r) => r !== 'audit_admin'),
  area_leader: ['grid_worker'],
};

export function grantableRoles(role: Role): readonly Role[] {
  return permissionsOf(role).includes('accounts.manage') ? (ACCOUNT_GRANTS[role] ?? []) : [];
}

export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
