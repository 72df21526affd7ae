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
  public: { title: 'Community notices', empty: 'No public notices', expires: 'Valid until' },
  published: 'Published',
};
export default noticesEn;
