import type residentsZh from './zh-CN';

const residentsEn: typeof residentsZh = {
  title: 'Sign-up applications of residents not in the registry',
  empty: 'No applications waiting',
  name: 'Name',
  idNumber: 'ID number',
  phone: 'Phone',
  community: 'Community',
  address: 'Address',
  note: 'Note',
  username: 'Username',
  appliedAt: 'Applied',
  approve: 'Approve',
  reject: 'Reject',
  grid: 'Into grid',
  reason: 'Reason',
  approved: 'Approved: the resident can log in to the resident app',
  rejected: 'Rejected',
  links: {
    title: "The community's WeChat groups, official accounts and Weibo",
    name: 'Name',
    badUrl: 'Enter a link starting with http:// or https://',
    remove: 'Remove',
    add: 'Add',
    save: 'Save',
    saved: 'Saved',
    poster: 'Print poster',
    preview: 'QR codes',
    kinds: {
      wechat_group: 'WeChat group',
      wechat_account: 'WeChat account',
      weibo: 'Weibo',
      other: 'Other link',
    },
  },
};
export default residentsEn;
