import { useSyncExternalStore } from 'react';

/** The resident app's few strings (no i18next: two small dictionaries keep the bundle small). */
const zh = {
  appName: '网格通·居民',
  votes: '议事与表决',
  login: '登录',
  signup: '注册',
  username: '用户名',
  password: '密码',
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  signupHint: '姓名、身份证号、手机号须与社区登记信息一致',
  sendCode: '获取验证码',
  code: '短信验证码',
  verify: '完成注册',
  signedUp: '注册成功，请登录',
  logout: '退出',
  home: '首页',
  ask: '我要提问',
  myQuestions: '我的提问',
  notices: '社区通知',
  noNotices: '暂无通知',
  myGrid: '我的网格',
  noContacts: '暂无联系人',
  myReports: '我的上报',
  noReports: '暂无上报',
  reportOpen: '办理中',
  reportClosed: '已办结',
  noQuestions: '还没有提问',
  askWho: '向谁提问',
  deputy: '代表委员',
  department: '部门',
  question: '问题内容（不超过 2000 字）',
  isPublic: '公开提问（他人可见，个人信息会自动隐去）',
  submit: '提交',
  answer: '答复',
  edited: '已修改',
  waiting: '等待答复',
  held: '审核中',
  hidden: '已屏蔽',
  rate: '评价答复',
  rated: '我的评价',
  comment: '评价意见（可选）',
  reopen: '不满意，申请重新办理',
  back: '返回',
  dueBy: '答复期限',
  language: 'English',
  links: '社区线上群',
} as const;
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  appName: 'CivicGrid Residents',
  votes: 'Meetings and votes',
  login: 'Log in',
  signup: 'Sign up',
  username: 'Username',
  password: 'Password',
  name: 'Name',
  idNumber: 'ID number',
  phone: 'Mobile phone',
  signupHint: 'Name, ID number and phone must match what your community has registered',
  sendCode: 'Send code',
  code: 'Code from the text message',
  verify: 'Finish sign-up',
  signedUp: 'Signed up; log in now',
  logout: 'Log out',
  home: 'Home',
  ask: 'Ask',
  myQuestions: 'My questions',
  notices: 'Notices',
  noNotices: 'No notices',
  myGrid: 'My grid',
  noContacts: 'No contacts yet',
  myReports: 'My reports',
  noReports: 'No reports',
  reportOpen: 'In progress',
  reportClosed: 'Closed',
  noQuestions: 'No questions yet',
  askWho: 'Ask whom',
  deputy: 'Deputy',
  department: 'Department',
  question: 'Your question (up to 2,000 characters)',
  isPublic: 'Public (others can read it; personal data is masked)',
  submit: 'Submit',
  answer: 'Answer',
  edited: 'edited',
  waiting: 'Awaiting an answer',
  held: 'Being reviewed',
  hidden: 'Hidden',
  rate: 'Rate the answer',
  rated: 'My rating',
  comment: 'Comment (optional)',
  reopen: 'Unsatisfied: reopen',
  back: 'Back',
  dueBy: 'Due by',
  language: '中文',
  links: 'Community groups',
};

const KEY = 'cg.lang';
const listeners = new Set<() => void>();
export const language = (): 'zh' | 'en' => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh');
export function toggleLanguage() {
  localStorage.setItem(KEY, language() === 'en' ? 'zh' : 'en');
  for (const l of listeners) l();
}
export function useT() {
  const lang = useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, language);
  return (key: Key) => (lang === 'en' ? en[key] : zh[key]);
}
