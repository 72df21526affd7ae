/** The states' names, in both languages (the web has its own copy in its locale files). */
export const STATE_NAMES: Record<string, [zh: string, en: string]> = {
  discovered: ['待立案', 'To be filed'],
  investigating: ['调查取证', 'Investigating'],
  notified: ['已告知', 'Notified'],
  hearing: ['待听证', 'Hearing requested'],
  heard: ['已听证', 'Heard'],
  reviewing: ['法制审核中', 'In legal review'],
  reviewed: ['审核通过', 'Review approved'],
  decided: ['已决定', 'Decided'],
  served: ['已送达', 'Served'],
  executed: ['已执行', 'Executed'],
  closed: ['已结案', 'Closed'],
};
