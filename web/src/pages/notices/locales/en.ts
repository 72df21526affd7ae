import type noticesZh from './zh-CN';

const noticesEn: typeof noticesZh = {
  title: 'Community notices',
  publish: 'Publish a notice',
  noticeTitle: 'Title',
  body: 'Text',
  area: 'To',
  pinned: 'Pinned',
  important: 'Important',
  isPublic: 'Public',
  publishedAt: 'Published',
  author: 'By',
  readHouseholds: 'Households read',
  unread: 'Unread households',
  unreadTitle: 'Unread households (focus groups first)',
  address: 'Address',
  head: 'Head',
  focusGroups: 'Focus groups',
  grid: 'Grid',
  published: 'Published',
};
export default noticesEn;
