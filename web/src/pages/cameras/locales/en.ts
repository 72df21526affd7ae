import type camerasZh from './zh-CN';

/** The cameras module's messages in English. */
const camerasEn: typeof camerasZh = {
  wall: {
    title: 'Camera alarm wall',
    area: 'Area',
    type: 'Alarm type',
    total: '{{count}} incidents',
    empty: 'No camera incidents',
    throttled: 'Flood merged',
    alarms: '{{count}} alarms',
    confirm: 'Confirm as case',
    dismiss: 'False alarm',
    confirmed: 'Confirmed: case {{number}}',
    dismissed: 'Marked as a false alarm',
    snapshot: 'Snapshot',
    noSnapshot: 'No snapshot',
  },
  decision: { pending: 'To confirm', case: 'Case made', dismissed: 'False alarm' },
  status: { online: 'Online', offline: 'Offline' },
  list: {
    title: 'Cameras',
    name: 'Name',
    deviceId: 'GB/T 28181 ID',
    grid: 'Grid',
    status: 'Status',
    owner: 'Owner department',
    intelligent: 'Intelligent',
    search: 'Name or ID',
  },
  detail: {
    title: 'Camera',
    direction: 'Direction (°)',
    types: 'Analysis types',
    falseAlarms: 'False-alarm rate by alarm type',
    incidents: 'Incidents',
    rate: 'False-alarm rate',
    started: 'Started',
    alarms: 'Alarms',
    decision: 'Decision',
  },
};
export default camerasEn;
