import type accountZh from './zh-CN';

/** The account page's messages (`account.*`) in English. */
const accountEn: typeof accountZh = {
  title: 'My account',
  menu: 'My account',
  forced: {
    password: 'Your password was generated for you: set one of your own before using the system.',
    totp: 'Your role can reveal personal data: turn on the authenticator code (two-step login) before using the system.',
  },
  password: {
    title: 'Change password',
    current: 'Current password',
    new: 'New password',
    confirm: 'New password again',
    mismatch: 'The two new passwords differ',
    required: 'Enter the password',
    rules:
      'At least 10 characters with three of: upper-case, lower-case, digits, symbols (any mix from 16 characters); not containing the username, not a common password.',
    submit: 'Change password',
    changed: 'Password changed; your other sessions were logged out',
  },
  totp: {
    title: 'Two-step login (authenticator code)',
    enabled: 'On: logging in asks for the 6-digit code from your authenticator app.',
    disabled:
      'Off. When on, logging in also asks for the code from an authenticator app on your phone (e.g. Google Authenticator, Microsoft Authenticator).',
    setup: 'Set up',
    scan: 'Scan the QR code with your authenticator app, or type in the key below:',
    secret: 'Key',
    code: '6-digit code',
    codeRequired: 'Enter the 6-digit code',
    enable: 'Turn on',
    disable: 'Turn off',
    disableHint: 'Turning it off takes a current code',
    enabledDone: 'Two-step login is on',
    disabledDone: 'Two-step login is off',
  },
  sessions: {
    title: 'Sessions',
    id: 'Session',
    createdAt: 'Logged in',
    lastSeenAt: 'Last active',
    ip: 'IP address',
    userAgent: 'Browser',
    current: 'This session',
    revoke: 'Log out',
    revokeConfirm: 'Log this session out?',
    revoked: 'Session logged out',
  },
};

export default accountEn;
