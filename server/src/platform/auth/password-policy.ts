/**
 * What a new password must be: long enough to resist guessing offline, not one of the passwords
 * every guessing list starts with, and not built from the username. Answers the reasons it fails,
 * in the order a person would fix them; an empty list means it is good.
 */
export type PasswordProblem = 'too_short' | 'too_simple' | 'contains_username' | 'too_common';

export const MIN_LENGTH = 10;
/** From this length any mix of characters is long enough (a passphrase). */
export const PASSPHRASE_LENGTH = 16;

// Passwords at the top of the public lists compiled from leaks, international and Chinese, lower
// case; people add a year or "!" to them, which `candidatesOf` strips before looking up.
const COMMON = new Set(
  `
123456 123456789 12345678 1234567890 12345 1234567 111111 000000 123123 654321 666666 888888
88888888 11111111 00000000 987654321 147258369 789456123 159753 159357 112233 121212 123321
147258 258369 123654 5201314 1314520 1314521 5211314 520520 520131 7758521 7758258 woaini
woaini1314 woaini520 woaini123 woaini521 iloveyou iloveu aini1314 ilove520 wodemima mima mima123
mimamima a123456 a1234567 a12345678 a123456789 aa123456 aa12345678 abc123 abc123456 abcd1234
abc12345 abcdef abcdefg abcdefgh abcdefghij qq123456 qq5201314 qwerty qwerty123 qwertyuiop qwe123
qwe123456 qweasd qweasdzxc qwer1234 1qaz2wsx 1qaz2wsx3edc qazwsx qazwsxedc zaq12wsx 1q2w3e4r
1q2w3e4r5t 1q2w3e q1w2e3r4 q1w2e3r4t5 zxcvbnm zxcvbn asdfgh asdfghjkl asdasd asd123 asdf1234
password password1 password123 passw0rd p@ssw0rd p@ssword pass1234 admin admin123 admin888
administrator root root123 toor test test123 test1234 guest user user123 welcome welcome1 letmein
login changeme secret master monkey dragon football baseball basketball soccer sunshine princess
shadow superman batman michael jordan jennifer charlie killer trustno1 starwars whatever freedom
hello hello123 hellokitty iloveyou1 lovely loveme love1314 666888 168168 518518 5201314520
woshishui zhangwei wangwei wangfang liwei lina zhangmin liqiang wanglei liuyang chenjing
zhongguo china beijing shanghai shenzhen guangzhou hangzhou nanjing wuhan chengdu tianjin
baobao xiaoming xiaohong xiaobai taobao baidu tencent alibaba weixin wechat huawei xiaomi
caonima woaiwojia wojiushiwo qingchun kuaile xingfu pingan fuqi jiayou aiqing yongyuan
shengri 19491001 20080808 19900101 20000101 11223344 12341234 55555555 66666666 99999999
computer internet qwertyui zxcv1234 aaaaaa aaaaaaaa abc abcabc 11235813 31415926 1234qwer
asdfasdf zxczxc qwaszx wangge wanggetong civicgrid grid123 shequ jiedao
`
    .split(/\s+/)
    .filter(Boolean),
);

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** The forms of a password to look up: as typed, without the digits and symbols around it, de-leeted. */
function candidatesOf(password: string): string[] {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  // "Woaini1314!" → "woaini1314": a common password with symbols stuck on.
  const withoutSymbols = lower.replace(/[^a-z0-9]+$/g, '').replace(/^[^a-z0-9]+/g, '');
  const deLeeted = [...lower]
    .map((c) => LEET[c] ?? c)
    .join('')
    .replace(/[^a-z]/g, '');
  const withoutYear = withoutSymbols.replace(/(19|20)\d\d$/, '');
  return [
    lower,
    withoutSymbols,
    withoutYear,
    core.length >= 4 ? core : '',
    deLeeted.length >= 4 ? deLeeted : '',
  ];
}

function classesOf(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((pattern) => pattern.test(password)).length;
}

export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_LENGTH) problems.push('too_short');
  else if (length < PASSPHRASE_LENGTH && classesOf(password) < 3) problems.push('too_simple');
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) problems.push('contains_username');
  if (candidatesOf(password).some((c) => c !== '' && COMMON.has(c))) problems.push('too_common');
  return problems;
}
