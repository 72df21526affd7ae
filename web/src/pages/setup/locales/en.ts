import type setupZh from './zh-CN';

const setupEn: typeof setupZh = {
  title: 'Set up a new district',
  intro:
    'This server has no accounts yet. Give the district’s division code and name, and set up the first district administrator. This link works once.',
  notFound: 'This setup link is wrong, used or expired',
  notFoundHint:
    'A server without accounts prints a new setup link each time it starts; or run civicgrid init on the server.',
  expires: 'The link works until {{time}}',
  districtCode: 'District code',
  districtCodeHint: 'The 6-digit GB/T 2260 county-level code, e.g. 110105 (Chaoyang, Beijing)',
  districtCodeInvalid: 'Must be 6 digits',
  districtName: 'District name',
  adminUsername: 'Administrator username',
  adminUsernameInvalid: 'May only use 3–40 lower-case letters, digits, underscores, dots or hyphens',
  adminName: 'Administrator name',
  adminNameHint: 'Optional; "<district name>管理员" by default',
  password: 'Password',
  passwordHint:
    'At least 10 characters with three of: upper-case letters, lower-case letters, digits, symbols (or at least 16 characters)',
  passwordConfirmation: 'Password again',
  passwordMismatch: 'The two passwords differ',
  required: 'Required',
  submit: 'Set up',
  done: 'Created {{district}} ({{code}}) and the district administrator {{username}}',
  totpIntro:
    'District administrators log in with an authenticator code. Scan this QR code with an authenticator app (Microsoft Authenticator, Google Authenticator…) or type the secret in; at the first login, the code from the app completes the enrolment.',
  secret: 'Secret',
  toLogin: 'Go to the login page',
};

export default setupEn;
