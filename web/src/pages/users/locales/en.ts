import type usersZh from './zh-CN';

/** The account administration page's messages (`users.*`) in English. */
const usersEn: typeof usersZh = {
  field: {
    username: 'Username',
    displayName: 'Name',
    role: 'Role',
    areaCode: 'Area',
    departmentCode: 'Department',
    workPhone: 'Work phone',
    workPhoneHint: 'Stored encrypted, shown masked in lists; leave empty to keep it',
    state: 'State',
    lastLoginAt: 'Last login',
  },
  state: {
    active: 'Active',
    disabled: 'Disabled',
    locked: 'Locked',
  },
  mustChange: 'Must change password',
  never: 'Never',
  searchPlaceholder: 'Username or name',
  rolePlaceholder: 'Role',
  statePlaceholder: 'State',
  areaPlaceholder: 'Area',
  total: '{{count}} accounts',
  create: 'New account',
  edit: 'Edit account',
  import: 'Import',
  save: 'Save',
  actions: 'Actions',
  disable: 'Disable',
  enable: 'Enable',
  unlock: 'Unlock',
  resetPassword: 'Reset password',
  confirmDisable: 'Every session of this account ends at once and it cannot log in. Disable it?',
  confirmEnable: 'Enable this account?',
  confirmUnlock: 'Lift the lock that failed logins put on this account?',
  confirmReset: 'A new temporary password is made and every session of the account ends. Reset?',
  done: 'Done',
  conflict: 'Someone else changed this account; the latest version is loaded. Check it and save again.',
  password: {
    title: 'Temporary password',
    createdFor: 'Temporary password of {{username}}:',
    onceOnly: 'It is shown this once only: copy it now and hand it over. It must be changed at first login.',
    copy: 'Copy',
    copied: 'Copied',
    close: 'I have noted it',
  },
  importer: {
    intro:
      'Upload a CSV or XLSX file (GB18030 and merged headers are fine). Columns: username, name, role, area code or area path (e.g. "东湖街道/桃园社区/第3网格"), department, work phone. Every row is checked first; if any row has a problem, no account is created.',
    choose: 'Choose file',
    check: 'Check only',
    run: 'Check and create',
    checked: 'Checked: {{count}} accounts can be created.',
    created:
      'Created {{count}} accounts. The passwords file is offered this once only: download it now and keep it safe.',
    download: 'Download temporary passwords (XLSX)',
    problems: '{{count}} problems; no account was created:',
    row: 'Row',
    field: 'Field',
    problem: 'Problem',
    working: 'Working; hundreds of accounts take some tens of seconds…',
  },
};

export default usersEn;
