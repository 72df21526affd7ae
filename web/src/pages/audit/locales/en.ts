import type auditZh from './zh-CN';

/** The audit page's messages (`audit.*`) in English. */
const auditEn: typeof auditZh = {
  title: 'Audit log',
  filter: {
    actor: 'Actor (username)',
    action: 'Action (e.g. registry or registry.update)',
    targetId: 'Target ID',
    period: 'Period',
    search: 'Search',
    reset: 'Reset',
  },
  field: {
    at: 'Time',
    actorName: 'Actor',
    role: 'Role',
    ip: 'From',
    action: 'Action',
    target: 'Target',
    result: 'Result',
    detail: 'Detail',
    hash: 'Hash',
  },
  unsealed: 'Not sealed into the chain yet (within a second or so)',
  result: {
    ok: 'OK',
    denied: 'Denied',
    failed: 'Failed',
  },
  system: 'System',
  total: '{{count}} entries',
};

export default auditEn;
