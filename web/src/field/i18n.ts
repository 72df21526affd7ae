import { useSyncExternalStore } from 'react';

/**
 * The field app's own few strings: i18next would add to every phone's download what two small
 * dictionaries do. Simplified Chinese by default, English when chosen (shared with the console's
 * choice, the same localStorage key).
 */
const zh = {
  appName: '网格通·移动端',
  login: '登录',
  username: '用户名',
  password: '密码',
  loggingIn: '正在登录…',
  mustChange: '首次登录请修改临时密码后再使用。',
  currentPassword: '当前密码（临时密码）',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordRules: '至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类（或至少 16 个字符）',
  passwordMismatch: '两次输入的新密码不一致',
  changePassword: '修改密码',
  changingPassword: '正在修改…',
  sessionExpired: '登录已过期，请重新登录。待发送的内容已保留。',
  offlineLoginNeeded: '当前离线，联网后才能登录',
  logout: '退出',
  online: '在线',
  offline: '离线',
  dataRefreshed: '数据更新于 {time}',
  dataMissing: '离线数据尚未下载',
  correct: '修改后重发',
  correctPlace: '改用网格',
  keepPlace: '保持原位置',
  useNewFix: '按当前位置',
  resend: '重新发送',
  cancel: '取消',
  tasks: '今日任务',
  report: '上报',
  visit: '走访',
  lookup: '查询',
  verify: '核查',
  queue: '待发送',
  noTasks: '今天没有巡访任务',
  tasksCached: '离线：显示上次获取的任务',
  due: '截止',
  recordVisit: '记录走访',
  photo: '拍照',
  retakePhoto: '重拍',
  location: '位置',
  locating: '正在定位…',
  locate: '重新定位',
  noLocation: '未定位，将按本网格上报',
  category: '类别',
  chooseCategory: '选择类别',
  recent: '最近使用',
  description: '问题描述',
  descriptionHint: '几句话说明问题',
  submit: '提交',
  queued: '已加入待发送队列',
  findings: '走访情况',
  result: '结果',
  normal: '正常',
  problem: '发现问题',
  makeCase: '转为事件上报',
  target: '走访对象',
  freeVisit: '日常巡查（无任务）',
  search: '搜索姓名、地址',
  people: '人员',
  houses: '房屋',
  needsSignal: '查询需要联网',
  nothingFound: '没有找到',
  residents: '{n} 人居住',
  toVerify: '待我核查的事件',
  nothingToVerify: '没有待核查的事件',
  verifyOk: '核查通过',
  reopen: '未解决，重办',
  reopenReason: '未解决的原因',
  queueEmpty: '队列为空，全部已发送',
  syncNow: '立即发送',
  state_waiting: '等待发送',
  state_sending: '发送中',
  state_sent: '已发送',
  state_failed: '失败',
  state_conflict: '冲突',
  retry: '重试',
  discard: '丢弃',
  clearSent: '清除已发送',
  conflictNow: '服务器上的当前状态：{state}（版本 {version}）',
  retryWithCurrent: '按最新版本重新提交',
  kind_case: '上报事件',
  kind_attachment: '照片',
  kind_visit: '走访记录',
  kind_visit_case: '走访转事件',
  kind_move: '处理事件',
  language: 'English',
  required: '请填写{field}',
  loadFailed: '加载失败：{detail}',
  state: '状态',
} as const;

type Key = keyof typeof zh;
const en: Record<Key, string> = {
  appName: 'CivicGrid Field',
  login: 'Log in',
  username: 'Username',
  password: 'Password',
  loggingIn: 'Logging in…',
  mustChange: 'First login: change the temporary password to go on.',
  currentPassword: 'Current (temporary) password',
  newPassword: 'New password',
  confirmPassword: 'New password again',
  passwordRules:
    'At least 10 characters with three of: capitals, small letters, digits, symbols (or 16 of any)',
  passwordMismatch: 'The new passwords differ',
  changePassword: 'Change password',
  changingPassword: 'Changing…',
  sessionExpired: 'Your session has ended; log in again. Queued items are kept.',
  offlineLoginNeeded: 'Offline: you can log in once there is signal',
  logout: 'Log out',
  online: 'Online',
  offline: 'Offline',
  dataRefreshed: 'Data refreshed {time}',
  dataMissing: 'Offline data not downloaded yet',
  correct: 'Correct and resend',
  correctPlace: 'Report in grid',
  keepPlace: 'Keep the place',
  useNewFix: 'Use my location now',
  resend: 'Send again',
  cancel: 'Cancel',
  tasks: 'Today',
  report: 'Report',
  visit: 'Visit',
  lookup: 'Look up',
  verify: 'Verify',
  queue: 'Outbox',
  noTasks: 'No visits due today',
  tasksCached: 'Offline: tasks as last fetched',
  due: 'Due',
  recordVisit: 'Record visit',
  photo: 'Take photo',
  retakePhoto: 'Retake',
  location: 'Location',
  locating: 'Locating…',
  locate: 'Locate again',
  noLocation: 'No location; reported in my grid',
  category: 'Category',
  chooseCategory: 'Choose a category',
  recent: 'Recent',
  description: 'Description',
  descriptionHint: 'A few words about the problem',
  submit: 'Submit',
  queued: 'Added to the outbox',
  findings: 'Findings',
  result: 'Result',
  normal: 'Normal',
  problem: 'Problem found',
  makeCase: 'Report it as a case',
  target: 'Visiting',
  freeVisit: 'Patrol (no task)',
  search: 'Search names, addresses',
  people: 'People',
  houses: 'Houses',
  needsSignal: 'Looking up needs signal',
  nothingFound: 'Nothing found',
  residents: '{n} residents',
  toVerify: 'Cases for me to verify',
  nothingToVerify: 'Nothing to verify',
  verifyOk: 'Verified',
  reopen: 'Not solved: reopen',
  reopenReason: 'Why it is not solved',
  queueEmpty: 'Outbox empty: everything was sent',
  syncNow: 'Send now',
  state_waiting: 'Waiting',
  state_sending: 'Sending',
  state_sent: 'Sent',
  state_failed: 'Failed',
  state_conflict: 'Conflict',
  retry: 'Retry',
  discard: 'Discard',
  clearSent: 'Clear sent',
  conflictNow: 'Now on the server: {state} (version {version})',
  retryWithCurrent: 'Submit again on the current version',
  kind_case: 'Case report',
  kind_attachment: 'Photo',
  kind_visit: 'Visit record',
  kind_visit_case: 'Visit → case',
  kind_move: 'Case action',
  language: '中文',
  required: 'Fill in {field}',
  loadFailed: 'Could not load: {detail}',
  state: 'State',
};

const STORAGE_KEY = 'cg.language';
type Lang = 'zh-CN' | 'en';
let lang: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
const listeners = new Set<() => void>();
document.documentElement.lang = lang;

export function language(): Lang {
  return lang;
}

export function setLanguage(next: Lang): void {
  lang = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text: string = (lang === 'en' ? en : zh)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Re-renders the caller when the language changes. */
export function useLanguage(): Lang {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => lang,
  );
}
